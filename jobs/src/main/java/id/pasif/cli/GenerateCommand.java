package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.dump.DumpFormat;
import id.pasif.generate.GenerateJob;
import id.pasif.generate.GeneratorSpec;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic dump for date D with its ground truth (truth/*.csv).",
      "With --deliveries N: the dumps of the N dates ending with D, from one simulated world.",
      "The same arguments and seed give the same files."
    })
final class GenerateCommand extends SparkCommand {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "URI",
      description = "Root of the dump to write.")
  String out;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description =
          "Dump date D: snapshots as of D, events in the --days days ending with D (with"
              + " --deliveries N: the last of the N dates).")
  LocalDate date;

  @Option(
      names = "--users",
      defaultValue = "2000",
      description = "Users (default ${DEFAULT-VALUE}).")
  long users;

  @Option(
      names = "--accounts",
      description = "Accounts that post, users 1..M (default: users / 10).")
  Long accounts;

  @Option(
      names = "--days",
      defaultValue = "28",
      description =
          "Days of events (default ${DEFAULT-VALUE}); with --deliveries N, the days the first"
              + " date holds (the world then spans days + N - 1 days).")
  int days;

  @Option(
      names = "--deliveries",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Write the N consecutive dump dates ending with D: the first holds the history, each"
              + " later date that day's events and that day's follows and profiles snapshots"
              + " (default ${DEFAULT-VALUE}).")
  int deliveries;

  @Option(
      names = "--late-share",
      defaultValue = "0",
      paramLabel = "X",
      description =
          "With --deliveries: share of posts and interactions delivered 1 to 3 days after their"
              + " date, never after D (default ${DEFAULT-VALUE}).")
  double lateShare;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--bot-share",
      defaultValue = "0.10",
      description = "Share of bot-like users (default ${DEFAULT-VALUE}).")
  double botShare;

  @Option(
      names = "--passive-share",
      defaultValue = "0.45",
      description = "Share of passive human users (default ${DEFAULT-VALUE}).")
  double passiveShare;

  @Option(
      names = "--format",
      defaultValue = "jsonl",
      description = "jsonl, jsonl.gz, csv or parquet (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--files",
      defaultValue = "2",
      description =
          "Files per dataset, which is also the number of generation tasks: give at least the"
              + " cores of the cluster (default ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--no-interactions",
      description =
          "Profile-only dump: follows and profiles; posts and interactions hold one empty file.")
  boolean noInteractions;

  @Option(
      names = "--dirty-rate",
      defaultValue = "0",
      paramLabel = "R",
      description =
          "Share of records to break (malformed, wrong type, null key, ...), listed in"
              + " truth/dirty_manifest.csv; jsonl formats only (default ${DEFAULT-VALUE}).")
  double dirtyRate;

  private GeneratorSpec gs;

  @Override
  Preflight.WarehouseUse warehouseUse() {
    return Preflight.WarehouseUse.NONE;
  }

  /** The spec (and its checks of every argument) before Spark starts. */
  @Override
  void preflight(PasifConfig config) {
    if (deliveries < 1) {
      throw new PasifException("--deliveries must be at least 1");
    }
    if (lateShare < 0 || lateShare > 1) {
      throw new PasifException("--late-share must be between 0 and 1");
    }
    if (lateShare > 0 && deliveries == 1) {
      throw new PasifException("--late-share needs --deliveries of 2 or more");
    }
    gs =
        new GeneratorSpec(
            Warehouse.normalise(out),
            date,
            users,
            accounts == null ? GeneratorSpec.defaultAccounts(users) : accounts,
            // one world for all deliveries: the first date's window and the days after it
            days < 1 ? days : days + deliveries - 1,
            seed,
            botShare,
            passiveShare,
            DumpFormat.fromId(format),
            files,
            !noInteractions,
            dirtyRate);
  }

  @Override
  int run(PasifConfig config, SparkSession spark) {
    GenerateJob.Result r =
        new GenerateJob(spark, gs, config.dayZone(), deliveries, lateShare).run();
    if (deliveries > 1) {
      for (GenerateJob.Delivery d : r.deliveries()) {
        out()
            .printf(
                "  dt=%s: profiles %,d  follows %,d  posts %,d  interactions %,d%n",
                d.date(), d.profiles(), d.follows(), d.posts(), d.interactions());
      }
    }
    out()
        .printf(
            "generated %s: users %,d  follows %,d  posts %,d  interactions %,d  dirty %,d  (%s)%n",
            gs.out(),
            r.users(),
            r.follows(),
            r.posts(),
            r.interactions(),
            r.dirty(),
            gs.format().id());
    out().flush();
    return 0;
  }
}
