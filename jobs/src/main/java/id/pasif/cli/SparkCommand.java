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
 * Base of the commands that need Spark: resolves the config, gets the session, runs. The session is
 * not stopped here: {@link PasifCommand#main} stops it when the process ends, and tests share one.
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

  @Override
  public Integer call() throws Exception {
    PasifConfig config = common.config(configOverrides());
    SparkSession spark = SparkSessions.create(config);
    if (!common.verbose) {
      spark.sparkContext().setLogLevel("WARN");
    }
    return run(config, spark);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
