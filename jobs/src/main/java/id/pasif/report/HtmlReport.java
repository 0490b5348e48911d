package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.segment.Segment;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The per-run HTML report: one self-contained page (inline SVG charts drawn by {@link Charts},
 * inline CSS and one inline script for the account table, nothing fetched). Every figure is an
 * aggregate or a top-N list, so only bounded data reaches the driver. Each segment and each cause
 * has one colour on every chart ({@link Charts#colour}).
 */
public final class HtmlReport {
  /** Accounts listed in each top-N chart. */
  public static final int TOP = 10;

  /** Accounts with fewer followers are left out of the top lists (shares of tiny audiences). */
  public static final long TOP_MIN_FOLLOWERS = 20;

  /** The accounts with the most followers each get a section of their own. */
  public static final int DETAIL = 5;

  /** Rows of the account table (the accounts with the most followers). */
  public static final int TABLE_MAX = 5000;

  static final String[] SEGMENTS = Segment.labels().toArray(String[]::new);
  static final String[] CAUSES = Cause.labels().toArray(String[]::new);

  private static final int WIDE = 1000;

  private final Warehouse warehouse;
  private final LocalDate date;
  private final int windowDays;

  public HtmlReport(Warehouse warehouse, LocalDate date, int windowDays) {
    this.warehouse = warehouse;
    this.date = date;
    this.windowDays = windowDays;
  }

  /** The whole page. */
  public String render() {
    Dataset<Row> segments = warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date);
    Dataset<Row> audience = warehouse.readDate(Tables.ACCOUNT_AUDIENCE, date);
    Map<String, Long> mix = segmentCounts(segments);
    List<Row> biggest =
        audience
            .orderBy(col(FOLLOWERS).desc(), col(ACCOUNT_ID))
            .limit(DETAIL)
            .collectAsList(); // bounded: DETAIL rows
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("segment-mix", "Segment mix");
    sections.put("trends", "Trends across run dates");
    sections.put("passive-distribution", "Passive share across accounts");
    sections.put("causes", "Causes of silence");
    sections.put("top-accounts", "Top accounts");
    sections.put("biggest-accounts", "The " + DETAIL + " accounts with the most followers");
    sections.put("all-accounts", "All accounts");
    sections.put("provinces", "Provinces");
    sections.put("growth-anomalies", "Follower-growth spikes");
    sections.put("run-health", "Run health");

    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>pasif report ")
        .append(date)
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body><main>")
        .append("<h1>Passive and bot-like followers, run date ")
        .append(date)
        .append("</h1>")
        .append(summary(mix, audience))
        .append("<nav>");
    sections.forEach(
        (id, title) ->
            b.append("<a href=\"#")
                .append(id)
                .append("\">")
                .append(Html.escape(title))
                .append("</a>"));
    b.append("</nav>");
    b.append(section("segment-mix", sections, segmentMix(mix)));
    b.append(section("trends", sections, trends(biggest)));
    b.append(section("passive-distribution", sections, distribution(audience)));
    b.append(section("causes", sections, causes(audience)));
    b.append(section("top-accounts", sections, topAccounts(audience)));
    b.append(section("biggest-accounts", sections, biggestAccounts(biggest)));
    b.append(section("all-accounts", sections, allAccounts(audience)));
    b.append(section("provinces", sections, provinces()));
    b.append(section("growth-anomalies", sections, anomalies()));
    b.append(section("run-health", sections, runHealth()));
    return b.append("</main><script>")
        .append(SCRIPT)
        .append("</script></body></html>\n")
        .toString();
  }

  private static final String CSS =
      "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;"
          + "background:#fff}main{max-width:1200px;margin:0 auto;padding:16px 24px}"
          + "h1{font-size:24px;margin:8px 0}h2{font-size:19px;margin-top:36px;padding-bottom:4px;"
          + "border-bottom:2px solid #ddd}h3{font-size:16px;margin:20px 0 6px}"
          + "nav{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:14px;margin:10px 0 4px}"
          + "nav a{color:#3b6ea8;text-decoration:none}figure{margin:8px 0 16px}"
          + "svg{display:block;width:100%;height:auto}"
          + "table{border-collapse:collapse;font-size:13px;margin:6px 0}"
          + "td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}"
          + "th{background:#f0f3f8}td:first-child,th:first-child{text-align:left}"
          + ".note{color:#555;font-size:13px}.chip{display:inline-block;width:11px;height:11px;"
          + "border-radius:2px;margin-right:4px;vertical-align:-1px}"
          + ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;"
          + "margin:12px 0}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px}"
          + ".card b{display:block;font-size:22px}.card span{font-size:13px;color:#555}"
          + ".account{border:1px solid #ddd;border-radius:6px;padding:4px 16px;margin:14px 0}"
          + ".scroll{max-height:560px;overflow:auto;border:1px solid #ddd}"
          + ".scroll table{margin:0;width:100%}.scroll th{position:sticky;top:0;cursor:pointer}"
          + "th[aria-sort=ascending]::after{content:' \\25B2'}"
          + "th[aria-sort=descending]::after{content:' \\25BC'}"
          + "input[type=search]{font-size:14px;padding:4px 8px;width:260px;margin:6px 0}";

  /**
   * Sorting and filtering of the account table (no library, no network): a click on a header sorts
   * by its cells' data-v (numbers) or text; the search box keeps the rows containing it.
   */
  private static final String SCRIPT =
      "(function(){var t=document.getElementById('accounts');if(!t)return;"
          + "var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);"
          + "var q=document.getElementById('account-search'),n=document.getElementById('shown');"
          + "function key(r,i){var c=r.cells[i],v=c.getAttribute('data-v');"
          + "return v===null?c.textContent:parseFloat(v);}"
          + "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){"
          + "th.addEventListener('click',function(){"
          + "var asc=th.getAttribute('aria-sort')!=='ascending';"
          + "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){"
          + "h.removeAttribute('aria-sort');});"
          + "th.setAttribute('aria-sort',asc?'ascending':'descending');"
          + "rows.sort(function(a,b){var x=key(a,i),y=key(b,i);"
          + "var d=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(y);"
          + "return asc?d:-d;});rows.forEach(function(r){body.appendChild(r);});});});"
          + "q.addEventListener('input',function(){var s=q.value.trim().toLowerCase(),k=0;"
          + "rows.forEach(function(r){var m=!s||r.textContent.toLowerCase().indexOf(s)>=0;"
          + "r.style.display=m?'':'none';if(m)k++;});n.textContent=k;});})();";

  private static String section(String id, Map<String, String> titles, String body) {
    return "<section id=\""
        + id
        + "\"><h2>"
        + Html.escape(titles.get(id))
        + "</h2>"
        + body
        + "</section>";
  }

  private static String note(String text) {
    return "<p class=\"note\">" + Html.escape(text) + "</p>";
  }

  private static String figure(String svg) {
    return "<figure>" + svg + "</figure>";
  }

  static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * d);
  }

  private static String thousands(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String chip(String key) {
    return "<span class=\"chip\" style=\"background:"
        + Charts.hex(Charts.colour(key))
        + "\"></span>";
  }

  private static Map<String, Long> segmentCounts(Dataset<Row> segments) {
    Map<String, Long> mix = new LinkedHashMap<>();
    for (String s : SEGMENTS) {
      mix.put(s, 0L);
    }
    for (Row r :
        segments.groupBy(SEGMENT).agg(count(lit(1)).as("n")).collectAsList()) { // bounded: 3
      mix.put(r.getString(0), r.getLong(1));
    }
    return mix;
  }

  private String summary(Map<String, Long> mix, Dataset<Row> audience) {
    long total = mix.values().stream().mapToLong(Long::longValue).sum();
    long accounts = audience.count();
    StringBuilder b = new StringBuilder("<div class=\"cards\">");
    b.append("<div class=\"card\"><b>")
        .append(thousands(total))
        .append("</b><span>followers judged</span></div>");
    b.append("<div class=\"card\"><b>")
        .append(thousands(accounts))
        .append("</b><span>accounts followed</span></div>");
    for (String s : SEGMENTS) {
      double share = total == 0 ? 0 : (double) mix.get(s) / total;
      b.append("<div class=\"card\"><b>")
          .append(fmt(share))
          .append("</b><span>")
          .append(chip(s))
          .append(Html.escape(Charts.label(s)))
          .append(" followers</span></div>");
    }
    return b.append("</div>").toString();
  }

  private String segmentMix(Map<String, Long> mix) {
    long total = mix.values().stream().mapToLong(Long::longValue).sum();
    List<String> keys = List.of(SEGMENTS);
    List<Long> values = keys.stream().map(mix::get).toList();
    CategoryChart chart =
        Charts.bars(WIDE, 340, "Followers by segment, " + date, "segment", "followers");
    Charts.colouredBars(chart, keys, values);
    List<List<String>> table = new ArrayList<>();
    for (String s : SEGMENTS) {
      long n = mix.get(s);
      table.add(List.of(s, thousands(n), fmt(total == 0 ? 0 : (double) n / total)));
    }
    return figure(Charts.svg(chart, "Followers by segment: " + describe(keys, values)))
        + Html.table("segments", List.of("segment", "followers", "share"), table)
        + note(
            "active: engaged with at least 25 % of the accounts it was judged on; passive:"
                + " silent on the rest; bot-like: by profile and behaviour (README, Segments).");
  }

  private static String describe(List<String> keys, List<? extends Number> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      b.append(i == 0 ? "" : ", ")
          .append(Charts.label(keys.get(i)))
          .append(' ')
          .append(Charts.tick(values.get(i).doubleValue()));
    }
    return b.toString();
  }

  private static Date day(LocalDate d) {
    return Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private String trends(List<Row> biggest) {
    // Segment shares of every run date up to this one: one row per date and segment.
    Map<LocalDate, Map<String, Long>> byDate = new TreeMap<>();
    for (Row r :
        warehouse
            .read(Tables.FOLLOWER_SEGMENTS)
            .where(col(DT).leq(lit(java.sql.Date.valueOf(date))))
            .groupBy(DT, SEGMENT)
            .agg(count(lit(1)).as("n"))
            .collectAsList()) { // bounded: run dates x 3
      byDate
          .computeIfAbsent(r.getDate(0).toLocalDate(), d -> new LinkedHashMap<>())
          .put(r.getString(1), r.getLong(2));
    }
    XYChart shares =
        Charts.lines(WIDE, 340, "Segment shares by run date", "run date", "% of followers");
    for (String s : SEGMENTS) {
      List<Date> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      byDate.forEach(
          (d, m) -> {
            long total = m.values().stream().mapToLong(Long::longValue).sum();
            x.add(day(d));
            y.add(total == 0 ? 0.0 : 100.0 * m.getOrDefault(s, 0L) / total);
          });
      Charts.line(shares, Charts.label(s), x, y, Charts.colour(s));
    }
    widenSingleDate(shares, byDate.keySet());
    StringBuilder b =
        new StringBuilder(
            figure(Charts.svg(shares, "Segment shares over " + byDate.size() + " run dates")));

    // Passive share of the biggest accounts over the same dates.
    List<Long> ids = biggest.stream().map(r -> r.<Long>getAs(ACCOUNT_ID)).toList();
    if (!ids.isEmpty()) {
      Map<Long, TreeMap<LocalDate, Double>> series = new LinkedHashMap<>();
      ids.forEach(id -> series.put(id, new TreeMap<>()));
      for (Row r :
          warehouse
              .read(Tables.ACCOUNT_AUDIENCE)
              .where(col(DT).leq(lit(java.sql.Date.valueOf(date))))
              .where(col(ACCOUNT_ID).isin(ids.toArray()))
              .select(DT, ACCOUNT_ID, PASSIVE_SHARE)
              .collectAsList()) { // bounded: DETAIL accounts x run dates
        series.get(r.getLong(1)).put(r.getDate(0).toLocalDate(), 100 * r.getDouble(2));
      }
      XYChart passive =
          Charts.lines(
              WIDE,
              340,
              "Passive share of the " + ids.size() + " accounts with the most followers",
              "run date",
              "% of the account's followers");
      int i = 0;
      for (Map.Entry<Long, TreeMap<LocalDate, Double>> e : series.entrySet()) {
        List<Date> x = e.getValue().keySet().stream().map(HtmlReport::day).toList();
        List<Double> y = new ArrayList<>(e.getValue().values());
        Charts.line(passive, "account " + e.getKey(), x, y, Charts.other(i++));
      }
      widenSingleDate(passive, byDate.keySet());
      b.append(figure(Charts.svg(passive, "Passive share of the biggest accounts by run date")));
    }
    if (byDate.size() < 2) {
      b.append(note("Only one run date so far: each line is a single point until the next run."));
    }
    return b.toString();
  }

  /** One run date: a day either side, so that its date is labelled on the axis. */
  private static void widenSingleDate(XYChart chart, java.util.Set<LocalDate> dates) {
    if (dates.size() == 1) {
      LocalDate d = dates.iterator().next();
      chart.getStyler().setXAxisMin((double) day(d.minusDays(1)).getTime());
      chart.getStyler().setXAxisMax((double) day(d.plusDays(1)).getTime());
    }
  }

  private String distribution(Dataset<Row> audience) {
    Column bin = least(floor(col(PASSIVE_SHARE).multiply(10)), lit(9)).cast("int");
    long[] counts = new long[10];
    for (Row r :
        audience.groupBy(bin.as("bin")).agg(count(lit(1)).as("n")).collectAsList()) { // 10 bins
      counts[r.getInt(0)] = r.getLong(1);
    }
    List<String> bins = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bins.add(String.format(Locale.ROOT, "%d-%d %%", i * 10, i * 10 + 10));
      values.add(counts[i]);
    }
    CategoryChart chart =
        Charts.bars(
            WIDE, 340, "Accounts by passive share", "passive share of followers", "accounts");
    chart.addSeries("accounts", bins, values).setFillColor(Charts.PASSIVE);
    return figure(Charts.svg(chart, "Accounts by passive share, in 10-point bins"))
        + note("Each bar counts the accounts whose passive share falls in the range.");
  }

  private String causes(Dataset<Row> audience) {
    // Follower-weighted mean of each cause share over all accounts.
    Column[] aggs = new Column[CAUSES.length];
    for (int i = 0; i < CAUSES.length; i++) {
      String c = "cause_" + CAUSES[i] + "_share";
      aggs[i] = sum(coalesce(col(c), lit(0.0)).multiply(col(FOLLOWERS))).divide(sum(FOLLOWERS));
    }
    Row r = audience.agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length)).first();
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < CAUSES.length; i++) {
      values.add(r.isNullAt(i) ? 0.0 : 100 * r.getDouble(i));
    }
    CategoryChart chart =
        Charts.bars(
            WIDE, 340, "Why silent followers are silent", "cause", "% of silent relationships");
    Charts.colouredBars(chart, List.of(CAUSES), values);
    return figure(Charts.svg(chart, "Causes of silence: " + describe(List.of(CAUSES), values)))
        + note(
            "Each silent relationship gets the first cause that holds: bot-like, follow-back,"
                + " herd (followed on a growth spike), engages elsewhere, dormant (README,"
                + " Causes). Follower-weighted mean over the accounts.");
  }

  private String topAccounts(Dataset<Row> audience) {
    Dataset<Row> big = audience.where(col(FOLLOWERS).geq(TOP_MIN_FOLLOWERS));
    StringBuilder b = new StringBuilder();
    for (String[] by :
        new String[][] {
          {BOT_LIKE_SHARE, Segment.BOT_LIKE.label()}, {PASSIVE_SHARE, Segment.PASSIVE.label()}
        }) {
      List<Row> top =
          big.orderBy(col(by[0]).desc(), col(FOLLOWERS).desc(), col(ACCOUNT_ID))
              .select(ACCOUNT_ID, FOLLOWERS, by[0])
              .limit(TOP)
              .collectAsList(); // bounded: TOP rows
      String label = Charts.label(by[1]) + " share";
      List<String> names = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (Row r : top) {
        names.add(String.valueOf(r.getLong(0)));
        values.add(100 * r.getDouble(2));
        rows.add(
            List.of(String.valueOf(r.getLong(0)), thousands(r.getLong(1)), fmt(r.getDouble(2))));
      }
      b.append("<h3>By ").append(Html.escape(label)).append("</h3>");
      if (top.isEmpty()) {
        b.append(note("No account has " + TOP_MIN_FOLLOWERS + " followers yet."));
        continue;
      }
      CategoryChart chart =
          Charts.bars(
              WIDE, 320, "Top accounts by " + label, "account", "% of the account's followers");
      chart.addSeries(label, names, values).setFillColor(Charts.colour(by[1]));
      b.append(figure(Charts.svg(chart, "Top " + top.size() + " accounts by " + label)))
          .append(Html.table("top", List.of("account", "followers", label), rows));
    }
    return b.append(note("Accounts with at least " + TOP_MIN_FOLLOWERS + " followers.")).toString();
  }

  private String biggestAccounts(List<Row> biggest) {
    if (biggest.isEmpty()) {
      return note("No account_audience rows for this date.");
    }
    List<String> names = biggest.stream().map(r -> "account " + r.getAs(ACCOUNT_ID)).toList();
    CategoryChart mix =
        Charts.bars(WIDE, 340, "Segment mix", "account", "% of the account's followers");
    mix.getStyler().setStacked(true);
    mix.getStyler().setLegendVisible(true);
    mix.getStyler().setLabelsVisible(false);
    for (String s : SEGMENTS) {
      List<Double> v = biggest.stream().map(r -> 100 * r.<Double>getAs(s + "_share")).toList();
      mix.addSeries(Charts.label(s), names, v).setFillColor(Charts.colour(s));
    }
    CategoryChart why =
        Charts.bars(WIDE, 340, "Causes of silence", "account", "% of silent relationships");
    why.getStyler().setStacked(true);
    why.getStyler().setLegendVisible(true);
    why.getStyler().setLabelsVisible(false);
    for (String c : CAUSES) {
      List<Double> v =
          biggest.stream()
              .map(r -> r.getAs("cause_" + c + "_share"))
              .map(o -> o == null ? 0.0 : 100 * (Double) o)
              .toList();
      why.addSeries(Charts.label(c), names, v).setFillColor(Charts.colour(c));
    }
    StringBuilder b =
        new StringBuilder(
            figure(Charts.svg(mix, "Segment mix of the biggest accounts"))
                + figure(Charts.svg(why, "Causes of silence of the biggest accounts")));

    // New follows per day of each, spike days (the herd cause's rule) in the herd colour.
    List<Long> ids = biggest.stream().map(r -> r.<Long>getAs(ACCOUNT_ID)).toList();
    Map<Long, TreeMap<LocalDate, Long>> perDay = new LinkedHashMap<>();
    Map<Long, TreeMap<LocalDate, Long>> spikeDays = new LinkedHashMap<>();
    ids.forEach(
        id -> {
          perDay.put(id, new TreeMap<>());
          spikeDays.put(id, new TreeMap<>());
        });
    if (warehouse.hasDate(Tables.ACCOUNT_DAY, date)) {
      Dataset<Row> days = warehouse.readDate(Tables.ACCOUNT_DAY, date);
      for (Row r :
          days.where(col(ACCOUNT_ID).isin(ids.toArray()))
              .select(ACCOUNT_ID, DAY, NEW_FOLLOWS)
              .collectAsList()) { // bounded: DETAIL accounts x window days
        perDay.get(r.getLong(0)).put(r.getDate(1).toLocalDate(), r.getLong(2));
      }
      for (Row r :
          Causes.growthSpikes(days, windowDays)
              .where(col(ACCOUNT_ID).isin(ids.toArray()))
              .select(ACCOUNT_ID, DAY, NEW_FOLLOWS)
              .collectAsList()) { // bounded: spike days of DETAIL accounts
        spikeDays.get(r.getLong(0)).put(r.getDate(1).toLocalDate(), r.getLong(2));
      }
    }
    for (Row r : biggest) {
      long id = r.getAs(ACCOUNT_ID);
      b.append("<div class=\"account\" id=\"account-")
          .append(id)
          .append("\"><h3>Account ")
          .append(id)
          .append("</h3><div class=\"cards\">")
          .append(card(thousands(r.getAs(FOLLOWERS)), "followers"));
      for (String s : SEGMENTS) {
        b.append(card(fmt(r.<Double>getAs(s + "_share")), chip(s) + Charts.label(s)));
      }
      b.append(
              card(
                  String.format(Locale.ROOT, "%.0f", r.<Double>getAs(AUDIENCE_QUALITY)),
                  "audience quality (0-100)"))
          .append(card(String.valueOf(r.<Long>getAs(SPIKE_DAYS)), "growth-spike days"))
          .append("</div>")
          .append(
              note(
                  "Main cause of silence: "
                      + mainCause(r)
                      + (r.getAs(LAST_SPIKE_DAY) == null
                          ? "; no growth spike in the window."
                          : "; last spike "
                              + r.getAs(LAST_SPIKE_DAY)
                              + ", "
                              + (r.getAs(SPIKE_BOT_LIKE_SHARE) == null
                                  ? "no standing follower from it"
                                  : fmt(r.<Double>getAs(SPIKE_BOT_LIKE_SHARE))
                                      + " of the followers it brought are bot-like")
                              + ".")));
      XYChart growth =
          Charts.lines(WIDE, 280, "New follows per day, account " + id, "day", "new follows");
      // every day of the window: a day without a row in account_day had no new follow
      List<Date> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (LocalDate d = date.minusDays(windowDays - 1L); !d.isAfter(date); d = d.plusDays(1)) {
        x.add(day(d));
        y.add(perDay.get(id).getOrDefault(d, 0L).doubleValue());
      }
      Charts.line(growth, "new follows", x, y, Charts.NEUTRAL);
      if (!spikeDays.get(id).isEmpty()) {
        XYSeries s =
            Charts.line(
                growth,
                "growth spike",
                spikeDays.get(id).keySet().stream().map(HtmlReport::day).toList(),
                spikeDays.get(id).values().stream().map(Long::doubleValue).toList(),
                Charts.colour(Cause.HERD.label()));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      }
      b.append(figure(Charts.svg(growth, "New follows per day of account " + id))).append("</div>");
    }
    return b.toString();
  }

  private static String card(String value, String labelHtml) {
    return "<div class=\"card\"><b>"
        + Html.escape(value)
        + "</b><span>"
        + labelHtml
        + "</span></div>";
  }

  private static String mainCause(Row r) {
    String best = null;
    double max = 0;
    for (String c : CAUSES) {
      Object v = r.getAs("cause_" + c + "_share");
      if (v != null && (Double) v > max) {
        max = (Double) v;
        best = c;
      }
    }
    return best == null
        ? "none (no silent follower)"
        : Charts.label(best) + " (" + fmt(max) + " of silent relationships)";
  }

  private String allAccounts(Dataset<Row> audience) {
    Column best = greatest(causeShares());
    Column dominant = lit("").cast("string");
    for (int i = CAUSES.length - 1; i >= 0; i--) {
      Column share = coalesce(col("cause_" + CAUSES[i] + "_share"), lit(0.0));
      dominant = when(share.equalTo(best).and(best.gt(0)), lit(CAUSES[i])).otherwise(dominant);
    }
    long accounts = audience.count();
    List<Row> rows =
        audience
            .withColumn("main_cause", dominant)
            .orderBy(col(FOLLOWERS).desc(), col(ACCOUNT_ID))
            .select(
                ACCOUNT_ID,
                FOLLOWERS,
                ACTIVE_SHARE,
                PASSIVE_SHARE,
                BOT_LIKE_SHARE,
                AUDIENCE_QUALITY,
                ENGAGEMENT_RATE,
                SPIKE_DAYS,
                "main_cause")
            .limit(TABLE_MAX)
            .collectAsList(); // bounded: TABLE_MAX rows
    StringBuilder b = new StringBuilder();
    b.append("<label>Search accounts: <input type=\"search\" id=\"account-search\"")
        .append(" placeholder=\"account id or cause\"></label> <span class=\"note\"><span")
        .append(" id=\"shown\">")
        .append(rows.size())
        .append("</span> of ")
        .append(thousands(rows.size()))
        .append(" shown; click a column to sort.</span>")
        .append("<div class=\"scroll\"><table id=\"accounts\"><thead><tr>");
    for (String h :
        List.of(
            "account",
            "followers",
            Charts.label(Segment.ACTIVE.label()),
            Charts.label(Segment.PASSIVE.label()),
            Charts.label(Segment.BOT_LIKE.label()),
            "audience quality",
            "engagement rate",
            "spike days",
            "main cause of silence")) {
      b.append("<th>").append(Html.escape(h)).append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (Row r : rows) {
      b.append("<tr>")
          .append(num(r.getLong(0), String.valueOf(r.getLong(0))))
          .append(num(r.getLong(1), thousands(r.getLong(1))))
          .append(num(r.getDouble(2), fmt(r.getDouble(2))))
          .append(num(r.getDouble(3), fmt(r.getDouble(3))))
          .append(num(r.getDouble(4), fmt(r.getDouble(4))))
          .append(num(r.getDouble(5), String.format(Locale.ROOT, "%.0f", r.getDouble(5))))
          .append(
              r.isNullAt(6)
                  ? "<td data-v=\"-1\"></td>"
                  : num(r.getDouble(6), String.format(Locale.ROOT, "%.2f%%", 100 * r.getDouble(6))))
          .append(num(r.getLong(7), String.valueOf(r.getLong(7))))
          .append("<td>")
          .append(r.getString(8).isEmpty() ? "" : Html.escape(Charts.label(r.getString(8))))
          .append("</td></tr>");
    }
    b.append("</tbody></table></div>");
    if (accounts > rows.size()) {
      b.append(
          note(
              "The "
                  + thousands(rows.size())
                  + " accounts with the most followers of "
                  + thousands(accounts)
                  + "; every account is in pasif.account_audience."));
    }
    return b.toString();
  }

  private static Column[] causeShares() {
    Column[] c = new Column[CAUSES.length];
    for (int i = 0; i < CAUSES.length; i++) {
      c[i] = coalesce(col("cause_" + CAUSES[i] + "_share"), lit(0.0));
    }
    return c;
  }

  private static String num(double sortKey, String text) {
    return "<td data-v=\""
        + String.format(Locale.ROOT, "%s", sortKey)
        + "\">"
        + Html.escape(text)
        + "</td>";
  }

  private String provinces() {
    if (!warehouse.hasDate(Tables.PROVINCE_SUMMARY, date)) {
      return note("No province_summary for this date.");
    }
    List<Row> rows =
        warehouse
            .readDate(Tables.PROVINCE_SUMMARY, date)
            .orderBy(
                col(PASSIVE_SHARE).desc_nulls_last(), col(USERS).desc_nulls_last(), col(PROVINCE))
            .collectAsList(); // bounded: one row per province
    List<String> names = new ArrayList<>();
    List<Double> passive = new ArrayList<>();
    List<Double> botLike = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      if (r.getAs(PASSIVE_SHARE) != null) {
        names.add(r.getAs(PROVINCE));
        passive.add(100 * r.<Double>getAs(PASSIVE_SHARE));
        Double b = r.getAs(BOT_LIKE_SHARE);
        botLike.add(b == null ? 0.0 : 100 * b);
      }
      table.add(
          List.of(
              r.getAs(PROVINCE),
              cell(r, USERS),
              cell(r, PASSIVE_SHARE),
              cell(r, BOT_LIKE_SHARE),
              cell(r, MEDIAN_ENGAGED_SHARE)));
    }
    StringBuilder b = new StringBuilder();
    if (!names.isEmpty()) {
      CategoryChart chart =
          Charts.bars(
              WIDE,
              420,
              "Provinces by passive share, " + date,
              "province (published cells only)",
              "% of the province's users");
      chart.getStyler().setXAxisLabelRotation(45);
      chart.getStyler().setLabelsVisible(false);
      chart.getStyler().setLegendVisible(true);
      chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
      chart
          .addSeries(Charts.label(Segment.PASSIVE.label()), names, passive)
          .setFillColor(Charts.PASSIVE);
      chart
          .addSeries(Charts.label(Segment.BOT_LIKE.label()), names, botLike)
          .setFillColor(Charts.BOT_LIKE);
      b.append(figure(Charts.svg(chart, "Provinces sorted by passive share")));
    }
    return b.append(
            Html.table(
                "provinces",
                List.of(
                    "province", "users", "passive share", "bot-like share", "median engaged share"),
                table))
        .append(
            note(
                "Sorted by passive share. Cells describing fewer than pasif.privacy.k people are"
                    + " shown as 'suppressed' and left out of the chart."))
        .toString();
  }

  private static String cell(Row r, String c) {
    Object v = r.getAs(c);
    if (v == null) {
      return "suppressed";
    }
    if (v instanceof Double d) {
      return c.contains("share") ? fmt(d) : String.format(Locale.ROOT, "%.3f", d);
    }
    return thousands((Long) v);
  }

  private String anomalies() {
    if (!warehouse.hasDate(Tables.ACCOUNT_DAY, date)) {
      return note("No account_day rows for this date.");
    }
    List<Row> top =
        Causes.growthSpikes(warehouse.readDate(Tables.ACCOUNT_DAY, date), windowDays)
            .orderBy(col(NEW_FOLLOWS).desc(), col(ACCOUNT_ID), col(DAY))
            .select(ACCOUNT_ID, DAY, NEW_FOLLOWS, NEW_FOLLOWS_YOUNG_NO_PIC, Causes.DAILY_MEAN)
            .limit(TOP)
            .collectAsList(); // bounded: TOP rows
    if (top.isEmpty()) {
      return note("No day in the window had a spike of new follows.");
    }
    List<List<String>> rows = new ArrayList<>();
    for (Row r : top) {
      rows.add(
          List.of(
              String.valueOf(r.getLong(0)),
              String.valueOf(r.getDate(1)),
              thousands(r.getLong(2)),
              thousands(r.getLong(3)),
              String.format(Locale.ROOT, "%.1f", r.getDouble(4))));
    }
    return Html.table(
            "anomalies",
            List.of(
                "account",
                "day",
                "new follows",
                "of them young, no picture",
                "usual per day (window mean)"),
            rows)
        + note(
            String.format(
                Locale.ROOT,
                "The %d largest spike days of the window: at least %d new follows and %.0f times"
                    + " the account's mean per day (the herd cause's rule, Causes.growthSpikes).",
                TOP,
                Causes.SPIKE_MIN_FOLLOWS,
                Causes.SPIKE_FACTOR));
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
            .collectAsList(); // bounded: 100 attempts
    List<List<String>> table = new ArrayList<>();
    Map<String, Double> latest = new LinkedHashMap<>();
    for (Row r : rows) {
      java.sql.Timestamp start = r.getAs(STARTED_AT);
      java.sql.Timestamp end = r.getAs(ENDED_AT);
      String seconds =
          end == null
              ? ""
              : String.format(Locale.ROOT, "%.1f", (end.getTime() - start.getTime()) / 1000.0);
      String stage = r.getAs(STAGE);
      if (end != null && !latest.containsKey(stage)) {
        latest.put(stage, (end.getTime() - start.getTime()) / 1000.0);
      }
      table.add(
          List.of(
              text(r.getAs(RUN_ID)),
              text(stage),
              text(r.getAs(STATUS)),
              seconds,
              text(r.getAs(ROWS_IN)),
              text(r.getAs(ROWS_OUT)),
              text(r.getAs(ROWS_QUARANTINED)),
              text(r.getAs(ERROR))));
    }
    StringBuilder b = new StringBuilder();
    if (!latest.isEmpty()) {
      List<String> stages = new ArrayList<>();
      List<Double> seconds = new ArrayList<>();
      // Pipeline order, not the order of the latest attempts.
      for (String s : List.of("ingest", "activity", "segment", "report")) {
        if (latest.containsKey(s)) {
          stages.add(s);
          seconds.add(latest.remove(s));
        }
      }
      latest.forEach(
          (s, v) -> {
            stages.add(s);
            seconds.add(v);
          });
      CategoryChart chart =
          Charts.bars(WIDE, 300, "Seconds per stage, latest attempt", "stage", "seconds");
      chart.addSeries("seconds", stages, seconds).setFillColor(Charts.NEUTRAL);
      b.append(figure(Charts.svg(chart, "Seconds per stage: " + describe(stages, seconds))));
    }
    return b.append(
            Html.table(
                "runs",
                List.of(
                    "run",
                    "stage",
                    "status",
                    "seconds",
                    "rows in",
                    "rows out",
                    "quarantined",
                    "error"),
                table))
        .toString();
  }

  /** A cell's text: empty for a missing value, never the word null. */
  private static String text(Object v) {
    if (v == null) {
      return "";
    }
    return v instanceof Long n ? thousands(n) : String.valueOf(v);
  }
}
