package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.segment.Segment;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The answer first: what {@code pasif nightly} and {@code pasif report} print before anything else.
 * For the accounts with the most followers (ties: smaller account id first), their followers and
 * how many of them are active, passive and bot-like, with shares, then a line for all accounts
 * together (the sums over every account, so a follower of two accounts counts twice, as in the
 * rows). Read from {@code account_audience} of the date, which the report stage wrote: two small
 * Spark jobs, only {@code top} rows reach the driver.
 */
public final class AudienceSummary {
  private AudienceSummary() {}

  /** Accounts in the table unless {@code --top} says otherwise. */
  public static final int DEFAULT_TOP = 10;

  /** One line of the table: an account, or all of them. */
  public record Line(String label, long followers, long active, long passive, long botLike) {}

  /** The summary of {@code date} from the warehouse's account_audience. */
  public static String of(Warehouse warehouse, LocalDate date, int top) {
    Dataset<Row> audience =
        warehouse
            .readDate(Tables.ACCOUNT_AUDIENCE, date)
            .select(ACCOUNT_ID, FOLLOWERS, ACTIVE_FOLLOWERS, PASSIVE_FOLLOWERS, BOT_LIKE_FOLLOWERS);
    List<Line> lines = new ArrayList<>();
    if (top > 0) {
      for (Row r :
          audience
              .orderBy(col(FOLLOWERS).desc(), col(ACCOUNT_ID))
              .limit(top)
              .collectAsList()) { // bounded: top rows
        lines.add(
            new Line(
                String.valueOf(r.getLong(0)),
                r.getLong(1),
                r.getLong(2),
                r.getLong(3),
                r.getLong(4)));
      }
    }
    Row all =
        audience
            .agg(
                count(lit(1)),
                coalesce(sum(FOLLOWERS), lit(0L)),
                coalesce(sum(ACTIVE_FOLLOWERS), lit(0L)),
                coalesce(sum(PASSIVE_FOLLOWERS), lit(0L)),
                coalesce(sum(BOT_LIKE_FOLLOWERS), lit(0L)))
            .first();
    long accounts = all.getLong(0);
    Line total =
        new Line(
            String.format(Locale.ROOT, "all %,d accounts", accounts),
            all.getLong(1),
            all.getLong(2),
            all.getLong(3),
            all.getLong(4));
    return render(date, lines, total, accounts);
  }

  /**
   * The table: a title, a header, one line per account and the total line. Counts with thousands
   * separators; each share is count / followers as a percentage with one decimal (no share of no
   * followers).
   */
  static String render(LocalDate date, List<Line> accounts, Line total, long accountCount) {
    StringBuilder b = new StringBuilder();
    if (accountCount == 0) {
      return b.append("pasif ").append(date).append(": no followed accounts\n").toString();
    }
    b.append(
        String.format(
            Locale.ROOT,
            "pasif %s: followers by segment, the %d of %,d accounts with the most followers%n",
            date,
            accounts.size(),
            accountCount));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "account",
          "followers",
          Charts.label(Segment.ACTIVE.label()),
          "%",
          Charts.label(Segment.PASSIVE.label()),
          "%",
          Charts.label(Segment.BOT_LIKE.label()),
          "%"
        });
    for (Line l : accounts) {
      rows.add(cells(l));
    }
    rows.add(cells(total));
    int[] w = new int[8];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = i == 0 ? pad(r[i], w[i], false) : pad(r[i], w[i], true);
        // two spaces before a count, one before its share
        line.append(i == 0 ? "" : i % 2 == 1 && i > 1 ? " " : "  ").append(cell);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  private static String[] cells(Line l) {
    return new String[] {
      l.label(),
      number(l.followers()),
      number(l.active()),
      share(l.active(), l.followers()),
      number(l.passive()),
      share(l.passive(), l.followers()),
      number(l.botLike()),
      share(l.botLike(), l.followers())
    };
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** part / whole as a percentage with one decimal, e.g. {@code 40.5%}; {@code -} for 0 / 0. */
  static String share(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
