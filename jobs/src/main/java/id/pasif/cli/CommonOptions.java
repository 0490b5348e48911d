package id.pasif.cli;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that reads or writes the warehouse takes. */
public class CommonOptions {
  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description =
          "Properties file with pasif.* and spark.* settings; repeatable, later files win."
              + " Default: the file named by $PASIF_CONF (scripts/pasif: conf/local.conf)."
              + " Precedence: defaults < files < PASIF_* environment < options.")
  List<Path> conf = new ArrayList<>();

  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      description =
          "Root of the Delta tables: a path, file:// or s3a:// URI (pasif.warehouse,"
              + " PASIF_WAREHOUSE). Required: there is no default folder.")
  String warehouse;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master for a direct launch, e.g. local[4,2] (pasif.master; ignored under"
              + " spark-submit).")
  String master;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any pasif.* or spark.* setting, highest precedence. Repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces and Spark's INFO logs (by default only pasif's own lines).")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "No progress lines on stderr (by default long stages report tasks done, elapsed time"
              + " and a rough estimate of the time left); nightly and report print only the"
              + " audience summary, without their stage lines. Errors are always printed.")
  boolean quiet;

  /** Resolves the config, with {@code extra} command-specific keys on top of the options. */
  PasifConfig config(Map<String, String> extra) {
    Map<String, String> cli = new LinkedHashMap<>(settings);
    if (warehouse != null) {
      cli.put(PasifConfig.WAREHOUSE, warehouse);
    }
    if (master != null) {
      cli.put(PasifConfig.MASTER, master);
    }
    cli.putAll(extra);
    return ConfigLoader.load(conf, System.getenv(), cli);
  }

  PasifConfig config() {
    return config(Map.of());
  }
}
