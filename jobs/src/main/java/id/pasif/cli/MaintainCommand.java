package id.pasif.cli;

import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Maintenance;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description = {
      "OPTIMIZE every table (Z-ordered on account_id / follower_id where analysts filter by"
          + " them), then VACUUM files unreferenced for longer than --retain-hours.",
      "Run it after the nightly, outside its window (docs/analysts.md gives the schedule)."
    })
final class MaintainCommand extends SparkCommand {
  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Optimize only this run date (default: every date).")
  LocalDate date;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      split = ",",
      description =
          "Maintain only these tables (repeatable or comma-separated, e.g. relationships);"
              + " default: every table of the warehouse.")
  java.util.List<String> tables = new java.util.ArrayList<>();

  @Option(
      names = "--retain-hours",
      defaultValue = "168",
      paramLabel = "H",
      description =
          "VACUUM keeps files unreferenced for less than H hours (default and minimum"
              + " ${DEFAULT-VALUE}).")
  int retainHours;

  @Override
  int run(PasifConfig config, SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    warehouse.requireWritable();
    for (Maintenance.TableResult r :
        new Maintenance(spark, warehouse).run(date, retainHours, tables)) {
      out()
          .printf(
              "maintain %-18s rewrote %,d files into %,d%s%n",
              r.table(),
              r.filesRemoved(),
              r.filesAdded(),
              r.zOrder().isEmpty() ? "" : "  zorder " + r.zOrder());
    }
    out().printf("vacuumed with retention %d h%n", retainHours);
    out().flush();
    return 0;
  }
}
