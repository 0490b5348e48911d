package id.pasif.cli;

import id.pasif.config.PasifConfig;
import id.pasif.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that need Spark: resolves the config, checks what can be checked without
 * Spark ({@link Preflight}: warehouse configured, local inputs present), then gets the session and
 * runs. The session is not stopped here: {@link PasifCommand#main} stops it when the process ends,
 * and tests share one.
 */
abstract class SparkCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Spec CommandSpec spec;

  /** The command's work, with a resolved config and a session. */
  abstract int run(PasifConfig config, SparkSession spark) throws Exception;

  /** Command-specific config keys (e.g. --input), on top of the common options. */
  java.util.Map<String, String> configOverrides() {
    return java.util.Map.of();
  }

  /** How the command uses the warehouse: by default it reads tables that must exist. */
  Preflight.WarehouseUse warehouseUse() {
    return Preflight.WarehouseUse.READ;
  }

  /**
   * Command-specific checks before Spark starts (arguments, local inputs); throw a {@link
   * id.pasif.PasifException} with one line to stop.
   */
  void preflight(PasifConfig config) {}

  /** Builds the session; {@code pasif sql} and {@code pasif serve} make theirs read-only. */
  SparkSession session(PasifConfig config) {
    return SparkSessions.create(config);
  }

  @Override
  public Integer call() throws Exception {
    PasifConfig config = common.config(configOverrides());
    Preflight.warehouse(config, warehouseUse());
    preflight(config);
    SparkSession spark = session(config);
    if (common.verbose) {
      // conf/log4j2.properties keeps Spark to errors; --verbose brings its logs back.
      spark.sparkContext().setLogLevel("INFO");
    }
    logTaskFailures(common.verbose);
    try (Progress progress =
        common.quiet || !showsProgress() ? null : Progress.start(spark.sparkContext())) {
      return run(config, spark);
    }
  }

  /** Whether the command reports {@link Progress} on stderr (unless --quiet). */
  boolean showsProgress() {
    return true;
  }

  /**
   * Loggers that print a stack trace for every failed task attempt (and again when the job is
   * aborted) before the failure reaches pasif, which reports it as one line.
   */
  static final java.util.List<String> TASK_FAILURE_LOGGERS =
      java.util.List.of(
          "org.apache.spark.executor.Executor",
          "org.apache.spark.scheduler.TaskSetManager",
          "org.apache.spark.util.Utils",
          "org.apache.spark.sql.execution.datasources.FileFormatWriter",
          "org.apache.spark.sql.execution.datasources.FileFormatDataWriter",
          "org.apache.spark.sql.delta.files.DelayedCommitProtocol");

  /** Silences {@link #TASK_FAILURE_LOGGERS} unless {@code --verbose}, which shows their traces. */
  static void logTaskFailures(boolean verbose) {
    org.apache.logging.log4j.Level level =
        verbose ? org.apache.logging.log4j.Level.WARN : org.apache.logging.log4j.Level.OFF;
    try {
      // log4j-core is a runtime dependency (Spark's logging back end): reached by reflection.
      java.lang.reflect.Method setLevel =
          Class.forName("org.apache.logging.log4j.core.config.Configurator")
              .getMethod("setLevel", String.class, org.apache.logging.log4j.Level.class);
      for (String logger : TASK_FAILURE_LOGGERS) {
        setLevel.invoke(null, logger, level);
      }
    } catch (ReflectiveOperationException e) {
      // Another logging back end: its own configuration decides.
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
