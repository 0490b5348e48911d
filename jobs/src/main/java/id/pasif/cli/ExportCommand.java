package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.report.ResearchExport;
import id.pasif.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a research extract of date D under --out: per-follower and per-relationship CSV with"
          + " user ids replaced by HMAC-SHA256 pseudonyms (key from the environment variable "
          + ResearchExport.KEY_ENV
          + ", never stored), and national, per-province and per-account-size-band aggregates"
          + " with every cell of fewer than k people suppressed."
    })
final class ExportCommand extends SparkCommand {
  /** Where the key is looked up; tests replace it, production reads the process environment. */
  static UnaryOperator<String> environment = System::getenv;

  @Mixin DateOption date = new DateOption();

  @Option(names = "--out", required = true, paramLabel = "URI", description = "Export folder.")
  String out;

  @Option(
      names = "--k",
      paramLabel = "N",
      description = "Smallest publishable cell (default: pasif.privacy.k, 10).")
  Integer k;

  @Override
  public Integer call() throws Exception {
    // Refuse before starting Spark: there is nothing to do without the key.
    String key = environment.apply(ResearchExport.KEY_ENV);
    if (key == null || key.isEmpty()) {
      throw new PasifException(
          "set " + ResearchExport.KEY_ENV + " to the pseudonymisation key; refusing to export");
    }
    return super.call();
  }

  @Override
  int run(PasifConfig config, SparkSession spark) {
    refuseOverlap(out, "the warehouse", config.warehouse());
    if (!config.input().isBlank()) {
      refuseOverlap(out, "the input", config.input());
    }
    byte[] key = environment.apply(ResearchExport.KEY_ENV).getBytes(StandardCharsets.UTF_8);
    int cell = k == null ? config.privacyK() : k;
    ResearchExport.Result r =
        new ResearchExport(spark, new Warehouse(spark, config.warehouse()), date.date, key, cell)
            .run(out);
    out()
        .printf(
            "export %s: followers %,d  relationships %,d  suppressed aggregate rows %,d  k %d%n"
                + "written to %s%n",
            date.date, r.followers(), r.relationships(), r.suppressedCells(), cell, out);
    out().flush();
    return 0;
  }

  /**
   * Fails, before anything is written, when the export folder is {@code other}, lies inside it or
   * holds it: the export replaces the folders it writes, which would delete published tables.
   */
  static void refuseOverlap(String out, String what, String other) {
    String o = Warehouse.normalise(out) + "/";
    String w = Warehouse.normalise(other) + "/";
    if (o.startsWith(w) || w.startsWith(o)) {
      throw new PasifException(
          "--out "
              + out
              + (o.equals(w) ? " is " : o.startsWith(w) ? " is inside " : " holds ")
              + what
              + " ("
              + other
              + "); export to a folder outside the warehouse and the input");
    }
  }
}
