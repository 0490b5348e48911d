package id.pasif.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Small-cell suppression for published aggregates: no published count describes fewer than k
 * people, and no suppressed count can be recovered by subtraction.
 *
 * <p>Rules, per row: (1) when the row's total is below k, the total, every part, every share and
 * every statistic are null; (2) otherwise each part below k is null (primary suppression), and when
 * exactly one part is suppressed the smallest remaining part is suppressed too (secondary), so that
 * {@code total - sum(published parts)} never reveals a single small cell; (3) a share is null when
 * its count is; (4) the flag column is true when anything in the row was nulled. Zero counts are
 * suppressed like any other count below k.
 */
public final class Suppression {
  private Suppression() {}

  /**
   * Applies the rules above.
   *
   * @param rows needs {@code total} and every column of {@code parts}, {@code shares} (values are
   *     the count column each share is derived from) and {@code stats}
   * @param k the smallest publishable count
   * @param total count of people the row describes
   * @param parts counts that partition {@code total}
   * @param shares share column to the part column it derives from
   * @param stats statistics over the row's people (e.g. a median), published when the total is
   * @param flag name of the boolean column added
   * @return {@code rows} with the same columns, nulled where suppressed, plus {@code flag}
   */
  public static Dataset<Row> suppress(
      Dataset<Row> rows,
      long k,
      String total,
      List<String> parts,
      Map<String, String> shares,
      List<String> stats,
      String flag) {
    Column small = col(total).lt(k);
    Column[] primary = parts.stream().map(p -> col(p).lt(k)).toArray(Column[]::new);
    Column primaryCount = lit(0);
    for (Column p : primary) {
      primaryCount = primaryCount.plus(when(p, 1).otherwise(0));
    }
    List<Column> remaining = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      remaining.add(when(primary[i].unary_$bang(), col(parts.get(i))));
    }
    Column smallestRemaining =
        remaining.size() == 1
            ? remaining.get(0)
            : least(remaining.toArray(new Column[0])); // least() skips nulls
    Dataset<Row> out = rows;
    List<Column> anySuppressed = new ArrayList<>();
    anySuppressed.add(when(small, 1).otherwise(0));
    String hidden = "__suppressed_";
    for (int i = 0; i < parts.size(); i++) {
      Column secondary =
          primaryCount
              .equalTo(1)
              .and(primary[i].unary_$bang())
              .and(col(parts.get(i)).equalTo(smallestRemaining));
      Column hide = small.or(primary[i]).or(secondary);
      out = out.withColumn(hidden + parts.get(i), hide);
      anySuppressed.add(when(hide, 1).otherwise(0));
    }
    // The flag is computed from the hiding decisions before any count is nulled.
    out =
        out.withColumn(
            flag, coalesce(greatest(anySuppressed.toArray(new Column[0])).equalTo(1), lit(true)));
    for (Map.Entry<String, String> s : shares.entrySet()) {
      out =
          out.withColumn(
              s.getKey(), when(col(hidden + s.getValue()).unary_$bang(), col(s.getKey())));
    }
    for (String p : parts) {
      out = out.withColumn(p, when(col(hidden + p).unary_$bang(), col(p)));
    }
    for (String s : stats) {
      out = out.withColumn(s, when(small.unary_$bang(), col(s)));
    }
    out = out.withColumn(total, when(small.unary_$bang(), col(total)));
    for (String p : parts) {
      out = out.drop(hidden + p);
    }
    return out;
  }
}
