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
          // Delta, and the read-only rule of pasif sql / pasif serve (a no-op until enabled).
          "spark.sql.extensions",
          "io.delta.sql.DeltaSparkSessionExtension," + ReadOnly.Extension.class.getName(),
          "spark.sql.catalog.spark_catalog",
          "org.apache.spark.sql.delta.catalog.DeltaCatalog",
          // Timestamps are instants; local days (WIB/WITA/WIT) are derived on purpose.
          "spark.sql.session.timeZone",
          "UTC");

  /** Sensible defaults a conf file may override. */
  static final Map<String, String> DEFAULTS =
      Map.of(
          "spark.app.name",
          "pasif",
          "spark.sql.adaptive.enabled",
          "true",
          "spark.sql.adaptive.skewJoin.enabled",
          "true",
          "spark.ui.showConsoleProgress",
          "false",
          "spark.sql.sources.partitionOverwriteMode",
          "static",
          "spark.databricks.delta.schema.autoMerge.enabled",
          "false",
          // The session catalog's folder (Catalog.register creates the pasif database there):
          // under the temp folder, never a spark-warehouse/ in the folder a command runs in.
          "spark.sql.warehouse.dir",
          "file:"
              + java.nio.file.Path.of(
                  System.getProperty("java.io.tmpdir"),
                  "pasif-spark-catalog-" + System.getProperty("user.name")));

  public static SparkSession create(PasifConfig config) {
    return create(config, false);
  }

  /**
   * The session of an analyst surface ({@code pasif sql}, {@code pasif serve}): secrets (keys
   * matching {@link ReadOnly#SECRET_KEY}, e.g. {@code spark.hadoop.fs.s3a.secret.key}) go to the
   * Hadoop configuration only and are removed from the Spark and SQL configuration, so {@code SET}
   * cannot show them; SQL variable substitution ({@code ${env:VAR}}) is off. The read-only rule
   * itself is switched on by the command once the tables are registered ({@link ReadOnly#enable}).
   */
  public static SparkSession createForAnalysts(PasifConfig config) {
    return create(config, true);
  }

  private static SparkSession create(PasifConfig config, boolean analysts) {
    SparkSession.Builder builder = SparkSession.builder();
    if (System.getProperty("spark.master") == null) {
      builder.master(config.master());
    }
    DEFAULTS.forEach(builder::config);
    config.sparkConf().entrySet().stream()
        .filter(e -> !(analysts && isSecret(e.getKey())))
        .forEach(e -> builder.config(e.getKey(), e.getValue()));
    REQUIRED.forEach(builder::config);
    if (analysts) {
      builder.config(ReadOnly.VARIABLE_SUBSTITUTE, "false");
    }
    SparkSession spark = builder.getOrCreate();
    applyHadoopSettings(spark, config.sparkConf());
    if (analysts) {
      hideSecrets(spark);
    }
    return spark;
  }

  static boolean isSecret(String key) {
    return ReadOnly.SECRET_KEY.matcher(key).find();
  }

  /**
   * Moves secret settings out of the context's SparkConf (spark-submit puts spark-defaults there)
   * and the session's SQL conf: {@code spark.hadoop.*} ones into the Hadoop configuration, where
   * the file systems read them and SQL cannot. Sessions created later (Spark Connect clients) copy
   * the SparkConf, so variable substitution is switched off there too.
   */
  static void hideSecrets(SparkSession spark) {
    org.apache.spark.SparkConf conf = spark.sparkContext().conf();
    for (scala.Tuple2<String, String> kv : conf.getAll()) {
      String key = kv._1();
      if (!isSecret(key)) {
        continue;
      }
      if (key.startsWith(HADOOP_PREFIX)) {
        spark
            .sparkContext()
            .hadoopConfiguration()
            .set(key.substring(HADOOP_PREFIX.length()), kv._2());
      }
      conf.remove(key);
    }
    for (String key :
        scala.jdk.javaapi.CollectionConverters.asJava(spark.conf().getAll()).keySet()) {
      if (isSecret(key)) {
        try {
          spark.conf().unset(key);
        } catch (RuntimeException notModifiable) {
          // A core setting the session refuses to change; it was removed from the SparkConf.
        }
      }
    }
    conf.set(ReadOnly.VARIABLE_SUBSTITUTE, "false");
    spark.conf().set(ReadOnly.VARIABLE_SUBSTITUTE, "false");
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
