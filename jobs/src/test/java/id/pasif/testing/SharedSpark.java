package id.pasif.testing;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import id.pasif.spark.SparkSessions;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession for the whole test JVM, built through the product's own factory with test
 * settings: two threads, two shuffle partitions, no UI, and Spark's interpreted expressions (no
 * generated code) unless a test class asks for the product's code generation ({@link
 * ProductionCodegen}).
 *
 * <p>Why interpreted: a test's data is tiny, so compiling a query's generated Java (Janino, then
 * the JIT) costs more than running it. Measured on five of the slowest classes, one run each: 443 →
 * 378 s all interpreted, 407 s with two of them on code generation (docs/testing.md, "Interpreted
 * expressions"). At 100,000 users the same setting makes the activity stage 1.75 × slower, so the
 * product keeps code generation.
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

  /** Spark evaluates expressions without generating code ({@code NO_CODEGEN} is Spark's own). */
  static final Map<String, String> INTERPRETED =
      Map.of(
          "spark.sql.codegen.wholeStage", "false", "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  /** Spark's defaults: whole-stage code generation, generated expressions. */
  static final Map<String, String> CODEGEN =
      Map.of("spark.sql.codegen.wholeStage", "true", "spark.sql.codegen.factoryMode", "FALLBACK");

  private static SparkSession session;
  private static boolean codegen;

  public static synchronized SparkSession get() {
    if (session == null) {
      PasifConfig config = ConfigLoader.load(List.of(), Map.of(), TEST_SETTINGS);
      session = SparkSessions.create(config);
      session.sparkContext().setLogLevel("ERROR");
      codegenSettings().forEach(session.conf()::set);
    }
    return session;
  }

  /**
   * Switches the session, and the settings {@link #cliSettings} gives, to Spark's code generation
   * ({@code true}) or to interpreted expressions ({@code false}, the test default); returns the
   * mode it replaced.
   */
  static synchronized boolean codegen(boolean on) {
    boolean before = codegen;
    codegen = on;
    if (session != null) {
      codegenSettings().forEach(session.conf()::set);
    }
    return before;
  }

  private static Map<String, String> codegenSettings() {
    return codegen ? CODEGEN : INTERPRETED;
  }

  /** {@code --set k=v} arguments for the CLI with the test settings. */
  public static synchronized String[] cliSettings() {
    return java.util.stream.Stream.concat(
            TEST_SETTINGS.entrySet().stream(), codegenSettings().entrySet().stream())
        .flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue()))
        .toArray(String[]::new);
  }
}
