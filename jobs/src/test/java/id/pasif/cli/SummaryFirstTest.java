package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.SharedWarehouse;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer first (issue 17): {@code pasif nightly} and {@code pasif report} print the audience
 * summary before anything else, {@code --quiet} leaves only it, and {@code pasif report --html}
 * only reads the warehouse (issue 15). On the shared warehouse (read only) and, for the stage
 * re-run, on a copy.
 */
@ExtendWith(SharedWarehouse.ReadOnly.class)
class SummaryFirstTest {
  static final String DATE = SharedWarehouse.DATE;
  static final String TITLE = "pasif " + DATE + ": followers by segment";
  @TempDir static Path tmp;
  static SparkSession spark;
  static SharedWarehouse shared;

  @BeforeAll
  static void warehouse() {
    spark = SharedSpark.get();
    shared = SharedWarehouse.get();
  }

  /** What a command printed, with the process's stderr (where progress goes) captured. */
  record Run(Cli.Outcome cli, String processErr) {}

  /** Runs the command with progress lines every 100 ms and the process's stderr captured. */
  static Run run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setProperty(Progress.INTERVAL_PROPERTY, "100");
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      Cli.Outcome o = Cli.run(args);
      return new Run(o, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
      System.clearProperty(Progress.INTERVAL_PROPERTY);
    }
  }

  /**
   * Per account: followers, active, passive, bot-like, counted here from relationships and
   * follower_segments with SQL of its own; in summary order (most followers, then smaller id).
   */
  static List<long[]> independentCounts(String warehouse) {
    Warehouse w = new Warehouse(spark, warehouse);
    w.readDate(Tables.RELATIONSHIPS, java.time.LocalDate.parse(DATE))
        .createOrReplaceTempView("summary_r");
    w.readDate(Tables.FOLLOWER_SEGMENTS, java.time.LocalDate.parse(DATE))
        .createOrReplaceTempView("summary_s");
    List<long[]> rows = new ArrayList<>();
    for (Row r :
        spark
            .sql(
                "SELECT r.account_id, count(*) AS f,"
                    + " sum(CASE WHEN s.segment = 'active' THEN 1 ELSE 0 END),"
                    + " sum(CASE WHEN s.segment = 'passive' THEN 1 ELSE 0 END),"
                    + " sum(CASE WHEN s.segment = 'bot_like' THEN 1 ELSE 0 END)"
                    + " FROM summary_r r JOIN summary_s s ON r.follower_id = s.follower_id"
                    + " GROUP BY r.account_id ORDER BY f DESC, r.account_id")
            .collectAsList()) { // bounded: the accounts of 400 users
      rows.add(new long[] {r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)});
    }
    return rows;
  }

  /** The cells of a summary line: counts without separators, shares as printed. */
  static String expectedCells(long followers, long active, long passive, long bots) {
    return String.format(
        Locale.ROOT,
        "%d %d %s %d %s %d %s",
        followers,
        active,
        pct(active, followers),
        passive,
        pct(passive, followers),
        bots,
        pct(bots, followers));
  }

  static String pct(long part, long whole) {
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  /** A printed summary line without its label, thousands separators dropped, spaces single. */
  static String cells(String line, String label) {
    assertThat(line).startsWith(label);
    return line.substring(label.length()).trim().replace(",", "").replaceAll(" +", " ");
  }

  /** The lines of the summary at the top of {@code out}: title, header, accounts, total. */
  static List<String> summaryLines(String out, int accounts) {
    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).as(out).startsWith(TITLE);
    return lines.subList(0, accounts + 3);
  }

  @Test
  void theNightlyPrintsFirstTheSummaryWhoseNumbersAreCountedFromTheSegments() {
    List<long[]> counted = independentCounts(shared.warehouse());
    int top = Math.min(10, counted.size());
    String out = shared.nightly().out();
    List<String> summary = summaryLines(out, top);
    assertThat(summary.get(0))
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "%s, the %d of %,d accounts with the most followers",
                TITLE,
                top,
                counted.size()));
    assertThat(summary.get(1).split(" +"))
        .containsExactly("account", "followers", "active", "%", "passive", "%", "bot-like", "%");
    for (int i = 0; i < top; i++) {
      long[] c = counted.get(i);
      assertThat(cells(summary.get(2 + i), String.valueOf(c[0])))
          .as("account %d in %s", c[0], out)
          .isEqualTo(expectedCells(c[1], c[2], c[3], c[4]));
    }
    long[] all = new long[5];
    for (long[] c : counted) {
      for (int k = 1; k < 5; k++) {
        all[k] += c[k];
      }
    }
    assertThat(
            cells(
                summary.get(2 + top),
                String.format(Locale.ROOT, "all %,d accounts", counted.size())))
        .isEqualTo(expectedCells(all[1], all[2], all[3], all[4]));
    // then the stage lines, as before
    String rest = String.join("\n", out.lines().skip(top + 3).toList());
    assertThat(rest)
        .startsWith("pasif nightly " + DATE)
        .contains("ingest   follows")
        .contains("report   account_audience")
        .contains("time     ingest");
  }

  @Test
  void quietLeavesOnlyTheSummaryAndNoProgressOnStderr() {
    String copy = shared.copy(tmp.resolve("quiet"));
    Run loud = run("report", "--date", DATE, "--warehouse", copy, "--top", "3");
    assertThat(loud.cli().exitCode()).as(loud.cli().err()).isZero();
    List<String> summary = summaryLines(loud.cli().out(), 3);
    // without --quiet: the summary, then the stage line; progress on the process's stderr
    assertThat(loud.cli().out().lines().skip(summary.size()).toList())
        .hasSize(1)
        .first()
        .asString()
        .startsWith("report   account_audience ");
    assertThat(loud.processErr()).contains("pasif: report " + DATE);
    assertThat(loud.cli().err()).isEmpty();

    Run quiet = run("report", "--date", DATE, "--warehouse", copy, "--top", "3", "--quiet");
    assertThat(quiet.cli().exitCode()).as(quiet.cli().err()).isZero();
    // with --quiet: the same summary (the re-run wrote the same rows) and nothing else
    assertThat(quiet.cli().out()).isEqualTo(String.join("\n", summary) + "\n");
    assertThat(quiet.processErr()).doesNotContain("pasif:");
    assertThat(quiet.cli().err()).isEmpty();
  }

  /** Delta version of every table of the warehouse. */
  static Map<String, Long> versions(String warehouse) {
    Warehouse w = new Warehouse(spark, warehouse);
    Map<String, Long> m = new TreeMap<>();
    for (TableSpec t : Tables.ALL) {
      if (w.exists(t)) {
        m.put(
            t.name(),
            DeltaTable.forPath(spark, w.location(t))
                .history(1)
                .select("version")
                .first()
                .getLong(0));
      }
    }
    return m;
  }

  @Test
  void theHtmlReportOnlyReadsTheWarehouse() throws Exception {
    Map<String, Long> before = versions(shared.warehouse());
    assertThat(before).containsKeys("account_audience", "relationships", "runs");
    Path html = tmp.resolve("report.html");
    Cli.Outcome o =
        Cli.run(
            "report",
            "--date",
            DATE,
            "--warehouse",
            shared.warehouse(),
            "--html",
            html.toString(),
            "--top",
            "2");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(Files.size(html)).isGreaterThan(10_000);
    assertThat(versions(shared.warehouse())).isEqualTo(before);
    List<String> summary = summaryLines(o.out(), 2);
    assertThat(o.out().lines().skip(summary.size()).toList())
        .singleElement()
        .asString()
        .startsWith("html report written to ");
    // no stage ran: no new row in runs (its version is unchanged above) and no stage line
    assertThat(o.out()).doesNotContain("report   account_audience");

    // a date the report stage never wrote: one line, nothing rendered
    Path none = tmp.resolve("none.html");
    Cli.Outcome missing =
        Cli.run(
            "report",
            "--date",
            "2026-11-23",
            "--warehouse",
            shared.warehouse(),
            "--html",
            none.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().strip())
        .doesNotContain("\n")
        .contains("no account_audience for 2026-11-23")
        .contains("run pasif report --date 2026-11-23");
    assertThat(none).doesNotExist();
    assertThat(versions(shared.warehouse())).isEqualTo(before);
  }

  @Test
  void aNegativeTopIsAUsageError() {
    Cli.Outcome o =
        Cli.run("report", "--date", DATE, "--warehouse", shared.warehouse(), "--top", "-1");
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("--top must be 0 or more, not -1");
  }
}
