package id.pasif.s3;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.config.ConfigLoader;
import id.pasif.spark.SparkSessions;
import id.pasif.testing.SharedSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** s3a settings given to a later command must reach the session that already runs in the JVM. */
@Tag("quick")
class HadoopSettingsTest {
  @Test
  void sparkHadoopKeysReachTheHadoopConfigurationOfAnExistingSession() {
    SparkSession existing = SharedSpark.get();
    String key = "fs.s3a.pasif.test." + UUID.randomUUID();
    assertThat(existing.sparkContext().hadoopConfiguration().get(key)).isNull();

    Map<String, String> cli = new HashMap<>(SharedSpark.TEST_SETTINGS);
    cli.put("spark.hadoop." + key, "http://127.0.0.1:1");
    SparkSession again = SparkSessions.create(ConfigLoader.load(List.of(), Map.of(), cli));

    assertThat(again).isSameAs(existing);
    assertThat(existing.sparkContext().hadoopConfiguration().get(key))
        .isEqualTo("http://127.0.0.1:1");
  }
}
