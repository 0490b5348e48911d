package id.pasif.spark;

import id.pasif.config.PasifConfig;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every command uses: Delta enabled, session time zone pinned to UTC, the
 * config's {@code spark.*} settings applied.
 *
 * <p>The master comes from spark-submit when the job is submitted ({@code spark.master} is then a
 * system property); only a direct {@code java} launch (scripts/pasif, tests) uses {@link
 * PasifConfig#master()}.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** Settings that hold whatever the conf says: the product is wrong without them. */
  static final Map<String, String> REQUIRED =
      Map.of(
          "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
          "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
          // Timestamps are instants; local days (WIB/WITA/WIT) are derived on purpose.
          "spark.sql.session.timeZone", "UTC");

  /** Sensible defaults a conf file may override. */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "spark.app.name", "pasif",
          "spark.sql.adaptive.enabled", "true",
          "spark.sql.adaptive.skewJoin.enabled", "true",
          "spark.ui.showConsoleProgress", "false",
          "spark.sql.sources.partitionOverwriteMode", "static",
          "spark.databricks.delta.schema.autoMerge.enabled", "false");

  public static SparkSession create(PasifConfig config) {
    SparkSession.Builder builder = SparkSession.builder();
    if (System.getProperty("spark.master") == null) {
      builder.master(config.master());
    }
    DEFAULTS.forEach(builder::config);
    config.sparkConf().forEach(builder::config);
    REQUIRED.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    applyHadoopSettings(spark, config.sparkConf());
    return spark;
  }

  /**
   * Copies the {@code spark.hadoop.*} settings into the session's Hadoop configuration, without the
   * prefix. A new session does this by itself; a session that already exists in the JVM (tests,
   * notebooks, several commands in one process) ignores them in {@code getOrCreate()}, so an s3a
   * endpoint or credential provider given to a later command would otherwise never reach s3a.
   */
  static void applyHadoopSettings(SparkSession spark, Map<String, String> sparkConf) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    sparkConf.forEach(
        (key, value) -> {
          if (key.startsWith(HADOOP_PREFIX) && key.length() > HADOOP_PREFIX.length()) {
            hadoop.set(key.substring(HADOOP_PREFIX.length()), value);
          }
        });
  }

  private static final String HADOOP_PREFIX = "spark.hadoop.";
}
