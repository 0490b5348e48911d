package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The per-run HTML report: one self-contained page (inline SVG charts, inline CSS, no scripts, no
 * network). Every figure is an aggregate or a top-N list, so only bounded data reaches the driver.
 * Sections whose columns the warehouse does not have yet say so instead of failing.
 */
public final class HtmlReport {
  /** Accounts listed in each top-N table. */
  public static final int TOP = 10;

  /** Accounts with fewer followers are left out of the top lists (shares of tiny audiences). */
  public static final long TOP_MIN_FOLLOWERS = 20;

  /** A day is a growth anomaly when its new follows reach this many standard deviations above. */
  public static final double SPIKE_SIGMAS = 3.0;

  public static final long SPIKE_MIN_FOLLOWS = 20;

  private final Warehouse warehouse;
  private final LocalDate date;

  public HtmlReport(Warehouse warehouse, LocalDate date) {
    this.warehouse = warehouse;
    this.date = date;
  }

  /** The whole page. */
  public String render() {
    Dataset<Row> segments = warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date);
    Dataset<Row> audience = warehouse.readDate(Tables.ACCOUNT_AUDIENCE, date);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>pasif report ")
        .append(date)
        .append("</title><style>")
        .append(
            "body{font-family:sans-serif;margin:24px;color:#222;background:#fff}"
                + "h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid"
                + " #ccc}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid"
                + " #ccc;padding:3px 8px;text-align:right}th{background:#eef}"
                + "td:first-child{text-align:left}.note{color:#666;font-size:13px}")
        .append("</style></head><body>")
        .append("<h1>pasif: passive and bot-like followers, run date ")
        .append(date)
        .append("</h1>");
    b.append(section("segment-mix", "Segment mix", segmentMix(segments)));
    b.append(
        section("passive-distribution", "Passive share across accounts", distribution(audience)));
    b.append(section("top-accounts", "Top accounts", topAccounts(audience)));
    b.append(section("causes", "Causes", causes(audience)));
    b.append(section("provinces", "Provinces", provinces()));
    b.append(section("growth-anomalies", "Follower-growth anomalies", anomalies(audience)));
    b.append(section("run-health", "Run health", runHealth()));
    return b.append("</body></html>\n").toString();
  }

  private static String section(String id, String title, String body) {
    return "<section id=\"" + id + "\"><h2>" + Html.escape(title) + "</h2>" + body + "</section>";
  }

  private static String note(String text) {
    return "<p class=\"note\">" + Html.escape(text) + "</p>";
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * d);
  }

  private String segmentMix(Dataset<Row> segments) {
    List<Row> rows =
        segments.groupBy(SEGMENT).agg(count(lit(1)).as("n")).orderBy(SEGMENT).collectAsList();
    long total = rows.stream().mapToLong(r -> r.getLong(1)).sum();
    List<Svg.Bar> bars = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      long n = r.getLong(1);
      double share = total == 0 ? 0 : (double) n / total;
      bars.add(
          new Svg.Bar(r.getString(0), n, String.format(Locale.ROOT, "%,d (%s)", n, fmt(share))));
      table.add(List.of(r.getString(0), String.format(Locale.ROOT, "%,d", n), fmt(share)));
    }
    return Svg.horizontalBars("Followers by segment", bars)
        + Html.table("segments", List.of("segment", "followers", "share"), table);
  }

  private String distribution(Dataset<Row> audience) {
    Column bin = least(floor(col(PASSIVE_SHARE).multiply(10)), lit(9)).cast("int");
    List<Row> rows =
        audience.groupBy(bin.as("bin")).agg(count(lit(1)).as("n")).orderBy("bin").collectAsList();
    long[] counts = new long[10];
    for (Row r : rows) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    List<Svg.Bar> bins = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bins.add(
          new Svg.Bar(
              String.format(Locale.ROOT, "%d-%d%%", i * 10, i * 10 + 10),
              counts[i],
              String.format(Locale.ROOT, "%,d accounts", counts[i])));
    }
    return Svg.histogram("Accounts by passive share", bins, "passive share of followers")
        + note("Each bar counts accounts whose passive share falls in the range.");
  }

  private String topAccounts(Dataset<Row> audience) {
    Dataset<Row> big = audience.where(col(FOLLOWERS).geq(TOP_MIN_FOLLOWERS));
    StringBuilder b = new StringBuilder();
    for (String[] by :
        new String[][] {{BOT_LIKE_SHARE, "bot-like share"}, {PASSIVE_SHARE, "passive share"}}) {
      List<Row> top =
          big.orderBy(col(by[0]).desc(), col(FOLLOWERS).desc(), col(ACCOUNT_ID))
              .select(ACCOUNT_ID, FOLLOWERS, by[0])
              .limit(TOP)
              .collectAsList();
      List<Svg.Bar> bars = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (Row r : top) {
        double share = r.getDouble(2);
        bars.add(new Svg.Bar("account " + r.getLong(0), share, fmt(share)));
        rows.add(
            List.of(
                String.valueOf(r.getLong(0)),
                String.format(Locale.ROOT, "%,d", r.getLong(1)),
                fmt(share)));
      }
      b.append("<h3>By ")
          .append(by[1])
          .append("</h3>")
          .append(Svg.horizontalBars("Top accounts by " + by[1], bars))
          .append(Html.table("top", List.of("account", "followers", by[1]), rows));
    }
    return b.append(note("Accounts with at least " + TOP_MIN_FOLLOWERS + " followers.")).toString();
  }

  private String causes(Dataset<Row> audience) {
    List<String> causeColumns =
        Arrays.stream(audience.columns())
            .filter(c -> c.contains("cause") && c.endsWith("_share"))
            .sorted()
            .toList();
    if (causeColumns.isEmpty()) {
      return note("This warehouse's account_audience has no cause columns yet; nothing to show.");
    }
    // Follower-weighted mean of each cause share over all accounts.
    Column[] aggs =
        causeColumns.stream()
            .map(c -> sum(col(c).multiply(col(FOLLOWERS))).divide(sum(col(FOLLOWERS))).as(c))
            .toArray(Column[]::new);
    Row r = audience.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first();
    List<Svg.Bar> bars = new ArrayList<>();
    for (int i = 0; i < causeColumns.size(); i++) {
      double v = r.isNullAt(i) ? 0 : r.getDouble(i);
      bars.add(new Svg.Bar(causeColumns.get(i), v, fmt(v)));
    }
    return Svg.horizontalBars("Causes, share of all follows", bars)
        + note("Follower-weighted mean of each cause share across accounts.");
  }

  private String provinces() {
    if (!warehouse.hasDate(Tables.PROVINCE_SUMMARY, date)) {
      return note("No province_summary for this date.");
    }
    List<Row> rows =
        warehouse
            .readDate(Tables.PROVINCE_SUMMARY, date)
            .orderBy(col(USERS).desc_nulls_last(), col(PROVINCE))
            .collectAsList(); // bounded: one row per province
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      table.add(
          List.of(
              r.getAs(PROVINCE),
              cell(r, USERS),
              cell(r, PASSIVE_SHARE),
              cell(r, BOT_LIKE_SHARE),
              cell(r, MEDIAN_ENGAGED_SHARE)));
    }
    return Html.table(
            "provinces",
            List.of("province", "users", "passive share", "bot-like share", "median engaged share"),
            table)
        + note("Cells describing fewer than pasif.privacy.k people are shown as 'suppressed'.");
  }

  private static String cell(Row r, String c) {
    Object v = r.getAs(c);
    if (v == null) {
      return "suppressed";
    }
    if (v instanceof Double d) {
      return c.contains("share") ? fmt(d) : String.format(Locale.ROOT, "%.3f", d);
    }
    return String.format(Locale.ROOT, "%,d", (Long) v);
  }

  private String anomalies(Dataset<Row> audience) {
    List<String> anomalyColumns =
        Arrays.stream(audience.columns()).filter(c -> c.contains("anomal")).toList();
    if (!anomalyColumns.isEmpty()) {
      String c = anomalyColumns.get(0);
      List<Row> top =
          audience
              .where(col(c).cast("double").gt(0))
              .orderBy(col(c).desc(), col(ACCOUNT_ID))
              .select(col(ACCOUNT_ID), col(FOLLOWERS), col(c))
              .limit(TOP)
              .collectAsList();
      List<List<String>> rows = new ArrayList<>();
      for (Row r : top) {
        rows.add(
            List.of(String.valueOf(r.get(0)), String.valueOf(r.get(1)), String.valueOf(r.get(2))));
      }
      return Html.table("anomalies", List.of("account", "followers", c), rows)
          + note("From account_audience." + c + ".");
    }
    if (!warehouse.hasDate(Tables.ACCOUNT_DAY, date)) {
      return note("No account_day rows for this date.");
    }
    Dataset<Row> spikes = spikes(warehouse.readDate(Tables.ACCOUNT_DAY, date));
    List<Row> top = spikes.limit(TOP).collectAsList();
    List<List<String>> rows = new ArrayList<>();
    List<Svg.Bar> bars = new ArrayList<>();
    for (Row r : top) {
      rows.add(
          List.of(
              String.valueOf(r.<Long>getAs(ACCOUNT_ID)),
              String.valueOf(r.<Object>getAs(DAY)),
              String.format(Locale.ROOT, "%,d", r.<Long>getAs(NEW_FOLLOWS)),
              String.format(Locale.ROOT, "%.1f", r.<Double>getAs("usual"))));
      bars.add(
          new Svg.Bar(
              r.<Long>getAs(ACCOUNT_ID) + " " + r.getAs(DAY),
              r.<Long>getAs(NEW_FOLLOWS),
              String.valueOf(r.<Long>getAs(NEW_FOLLOWS))));
    }
    if (rows.isEmpty()) {
      return note("No day in the window had a spike of new follows.");
    }
    return Svg.horizontalBars("Largest spikes of new follows", bars)
        + Html.table("anomalies", List.of("account", "day", "new follows", "usual per day"), rows)
        + note(
            String.format(
                Locale.ROOT,
                "Days with at least %d new follows and more than %.0f standard deviations above"
                    + " the account's mean over the window (account_day).",
                SPIKE_MIN_FOLLOWS,
                SPIKE_SIGMAS));
  }

  /**
   * Spike days: new_follows at least {@link #SPIKE_MIN_FOLLOWS} and above mean + {@link
   * #SPIKE_SIGMAS} standard deviations of the account's days in the window (days without a row
   * count as zero follows). Needs account_id, day, new_follows; adds usual (the mean).
   */
  static Dataset<Row> spikes(Dataset<Row> accountDayDF) {
    long days = Math.max(1, accountDayDF.agg(countDistinct(col(DAY))).first().getLong(0));
    var byAccount = Window.partitionBy(ACCOUNT_ID);
    Column sumF = sum(col(NEW_FOLLOWS)).over(byAccount);
    Column sumSq = sum(col(NEW_FOLLOWS).multiply(col(NEW_FOLLOWS))).over(byAccount);
    Column mean = sumF.divide(days);
    Column sd = sqrt(greatest(lit(0.0), sumSq.divide(days).minus(mean.multiply(mean))));
    return accountDayDF
        .withColumn("usual", mean)
        .withColumn("sd", sd)
        .where(
            col(NEW_FOLLOWS)
                .geq(SPIKE_MIN_FOLLOWS)
                .and(col(NEW_FOLLOWS).gt(col("usual").plus(col("sd").multiply(SPIKE_SIGMAS)))))
        .orderBy(col(NEW_FOLLOWS).desc(), col(ACCOUNT_ID), col(DAY));
  }

  private String runHealth() {
    if (!warehouse.exists(Tables.RUNS)) {
      return note("No runs table.");
    }
    List<Row> rows =
        warehouse
            .readDate(Tables.RUNS, date)
            .orderBy(col(STARTED_AT).desc())
            .limit(100)
            .collectAsList();
    List<List<String>> table = new ArrayList<>();
    List<Svg.Bar> bars = new ArrayList<>();
    for (Row r : rows) {
      double seconds =
          (r.<java.sql.Timestamp>getAs(ENDED_AT).getTime()
                  - r.<java.sql.Timestamp>getAs(STARTED_AT).getTime())
              / 1000.0;
      table.add(
          List.of(
              r.<String>getAs(RUN_ID),
              r.<String>getAs(STAGE),
              r.<String>getAs(STATUS),
              String.format(Locale.ROOT, "%.1f", seconds),
              String.valueOf(r.<Object>getAs(ROWS_IN)),
              String.valueOf(r.<Object>getAs(ROWS_OUT)),
              String.valueOf(r.<Object>getAs(ROWS_QUARANTINED)),
              r.<String>getAs(ERROR) == null ? "" : r.<String>getAs(ERROR)));
    }
    // Timings of the latest attempt of each stage.
    List<String> seen = new ArrayList<>();
    for (List<String> t : table) {
      if (!seen.contains(t.get(1))) {
        seen.add(t.get(1));
        bars.add(new Svg.Bar(t.get(1), Double.parseDouble(t.get(3)), t.get(3) + " s"));
      }
    }
    return Svg.horizontalBars("Seconds per stage, latest attempt", bars)
        + Html.table(
            "runs",
            List.of(
                "run", "stage", "status", "seconds", "rows in", "rows out", "quarantined", "error"),
            table);
  }
}
