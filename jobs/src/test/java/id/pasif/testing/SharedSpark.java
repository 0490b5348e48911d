package id.pasif.testing;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import id.pasif.spark.SparkSessions;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession for the whole test JVM, built through the product's own factory with test
 * settings: two threads, two shuffle partitions, no UI.
 */
public final class SharedSpark {
  private SharedSpark() {}

  /** Settings every test session and every CLI call in tests uses. */
  public static final Map<String, String> TEST_SETTINGS =
      Map.of(
          PasifConfig.MASTER,
          "local[2,2]",
          "spark.sql.shuffle.partitions",
          "2",
          "spark.default.parallelism",
          "2",
          "spark.ui.enabled",
          "false",
          "spark.driver.host",
          "127.0.0.1",
          "spark.driver.bindAddress",
          "127.0.0.1",
          "spark.sql.adaptive.coalescePartitions.enabled",
          "true",
          "spark.databricks.delta.snapshotPartitions",
          "2");

  private static SparkSession session;

  public static synchronized SparkSession get() {
    if (session == null) {
      PasifConfig config = ConfigLoader.load(List.of(), Map.of(), TEST_SETTINGS);
      session = SparkSessions.create(config);
      session.sparkContext().setLogLevel("ERROR");
    }
    return session;
  }

  /** {@code --set k=v} arguments for the CLI with the test settings. */
  public static String[] cliSettings() {
    return TEST_SETTINGS.entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue()))
        .toArray(String[]::new);
  }
}
