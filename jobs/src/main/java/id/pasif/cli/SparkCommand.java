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
    try (Progress progress =
        common.quiet || !showsProgress() ? null : Progress.start(spark.sparkContext())) {
      return run(config, spark);
    }
  }

  /** Whether the command reports {@link Progress} on stderr (unless --quiet). */
  boolean showsProgress() {
    return true;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
