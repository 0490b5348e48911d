package id.pasif.cli;

import id.pasif.config.PasifConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The four stage commands; each runs one stage of the nightly pipeline alone. */
final class StageCommands {
  private StageCommands() {}

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Stage 1: parse the dump of date D into the bronze Delta tables (follows, interactions,"
            + " posts, profiles); rows that break a rule go to quarantine with a reason."
      })
  static final class Ingest extends SparkCommand {
    @Mixin DateOption date = new DateOption();
    @Mixin InputOptions input = new InputOptions();

    @Override
    Preflight.WarehouseUse warehouseUse() {
      return Preflight.WarehouseUse.WRITE;
    }

    @Override
    void preflight(PasifConfig config) {
      Preflight.input(config, date.date);
    }

    @Override
    Map<String, String> configOverrides() {
      return input.overrides();
    }

    @Override
    int run(PasifConfig config, SparkSession spark) {
      try (StageRunner runner = new StageRunner(spark, config, date.date, out())) {
        runner.ingest();
      }
      return 0;
    }
  }

  @Command(
      name = "activity",
      mixinStandardHelpOptions = true,
      description = {
        "Stage 2: from bronze, compute relationships, follower_features and account_day for date"
            + " D over the trailing window (pasif.window.days).",
        "The window's events come from per-delivery partial aggregates (table event_partials):"
            + " the run reduces the interactions delivered on D, and those of any delivery date of"
            + " the window whose partials are missing, then sums the window's partials."
      })
  static final class Activity extends SparkCommand {
    @Mixin DateOption date = new DateOption();

    @Option(
        names = "--full",
        description =
            "Reduce the interactions of every delivery date of the window from bronze again"
                + " (table event_partials) before computing the window, instead of only date D's"
                + " and those missing. Use after re-ingesting an earlier date or changing"
                + " pasif.window.days or pasif.day.timezone; the tables written are the same as"
                + " after incremental nights.")
    boolean full;

    @Override
    int run(PasifConfig config, SparkSession spark) {
      try (StageRunner runner = new StageRunner(spark, config, date.date, out())) {
        runner.activity(full);
      }
      return 0;
    }
  }

  @Command(
      name = "segment",
      mixinStandardHelpOptions = true,
      description = {
        "Stage 3: fit the segment model on date D's follower_features (or load an earlier one)"
            + " and write follower_segments."
      })
  static final class Segment extends SparkCommand {
    @Mixin DateOption date = new DateOption();

    @Option(
        names = "--model-from",
        paramLabel = "YYYY-MM-DD",
        converter = DateConverter.class,
        description = "Score with the model fitted on this earlier date instead of fitting anew.")
    LocalDate modelFrom;

    @Override
    int run(PasifConfig config, SparkSession spark) {
      try (StageRunner runner = new StageRunner(spark, config, date.date, out())) {
        runner.segment(modelFrom);
      }
      return 0;
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Stage 4: write relationship_causes, account_audience and province_summary for date D"
            + " from the tables the stages before wrote, then print the audience summary.",
        "With --html FILE, write the run's HTML report (charts inline, viewable offline) from"
            + " the tables of date D instead: read-only, the stage is not run again.",
        "Prints first the audience summary: for the --top accounts with the most followers, the"
            + " followers and how many are active, passive and bot-like (counts and shares), and"
            + " a line for all accounts; then the stage's own line. --quiet prints only the"
            + " summary (and errors)."
      })
  static final class Report extends SparkCommand {
    @Mixin DateOption date = new DateOption();
    @Mixin SummaryOption summary = new SummaryOption();

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description =
            "Write the HTML report of date D to FILE (path or URI) from the tables already"
                + " written (pasif report or nightly); changes nothing in the warehouse.")
    String html;

    @Override
    int run(PasifConfig config, SparkSession spark) {
      if (html != null) {
        HtmlReportWriter.requireReport(spark, config, date.date);
        StringWriter lines = new StringWriter();
        HtmlReportWriter.write(spark, config, date.date, html, new PrintWriter(lines));
        summary.print(spark, config, date.date, out());
        if (!common.quiet) {
          out().print(lines);
        }
        out().flush();
        return 0;
      }
      return summary.answerFirst(
          spark,
          config,
          date.date,
          out(),
          common.quiet,
          lines -> {
            try (StageRunner runner = new StageRunner(spark, config, date.date, lines)) {
              runner.report();
            }
          });
    }
  }

  @Command(
      name = "nightly",
      mixinStandardHelpOptions = true,
      description = {
        "Run ingest -> activity -> segment -> report for date D.",
        "Prints first the audience summary: for the --top accounts with the most followers, the"
            + " followers and how many are active, passive and bot-like (counts and shares), and"
            + " a line for all accounts; then one line per stage, the stages' times and the run"
            + " id. --quiet prints only the summary (and errors).",
        "Re-running a date replaces that date in every table; other dates are untouched."
      })
  static final class Nightly extends SparkCommand {
    @Mixin DateOption date = new DateOption();
    @Mixin InputOptions input = new InputOptions();
    @Mixin SummaryOption summary = new SummaryOption();

    @Option(
        names = "--model-from",
        paramLabel = "YYYY-MM-DD",
        converter = DateConverter.class,
        description = "Score with the model fitted on this earlier date instead of fitting anew.")
    LocalDate modelFrom;

    @Option(
        names = "--full",
        description =
            "Reduce the interactions of every delivery date of the window from bronze again"
                + " (table event_partials) in the activity stage, instead of only date D's"
                + " and those missing. Use after re-ingesting an earlier date or changing"
                + " pasif.window.days or pasif.day.timezone; the tables written are the same as"
                + " after incremental nights.")
    boolean full;

    @Override
    Preflight.WarehouseUse warehouseUse() {
      return Preflight.WarehouseUse.WRITE;
    }

    @Override
    void preflight(PasifConfig config) {
      Preflight.input(config, date.date);
    }

    @Override
    Map<String, String> configOverrides() {
      return input.overrides();
    }

    @Override
    int run(PasifConfig config, SparkSession spark) {
      return summary.answerFirst(
          spark,
          config,
          date.date,
          out(),
          common.quiet,
          lines -> {
            try (StageRunner runner = new StageRunner(spark, config, date.date, lines)) {
              lines.printf(
                  "pasif nightly %s: input %s, warehouse %s%n",
                  date.date,
                  config.input(),
                  id.pasif.warehouse.Warehouse.normalise(config.warehouse()));
              runner.ingest();
              runner.activity(full);
              runner.segment(modelFrom);
              runner.report();
              runner.printTimings();
              lines.printf(
                  "tables under %s%n", id.pasif.warehouse.Warehouse.normalise(config.warehouse()));
            }
          });
    }
  }
}
