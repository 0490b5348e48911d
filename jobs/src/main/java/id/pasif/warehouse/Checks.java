package id.pasif.warehouse;

import static id.pasif.warehouse.Columns.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;

/**
 * The Delta CHECK constraints of a table, derived from its numeric columns so that every table gets
 * them and a new column cannot be forgotten:
 *
 * <ul>
 *   <li>every integer column except ids ({@code *_id}) is a count or a number of days: {@code >=
 *       0};
 *   <li>every {@code *_share} column and the other fractions listed in {@link #UNIT} lie in [0, 1];
 *   <li>ratios and rates that may exceed 1 ({@link #NON_NEGATIVE}) are {@code >= 0};
 *   <li>{@code audience_quality} is a score in [0, 100]; {@code silhouette} lies in [-1, 1] (NaN
 *       when MLlib cannot compute it).
 * </ul>
 *
 * <p>A double column that matches no rule is an error ({@link #forTable} throws), so whoever adds
 * one decides its range. NULL always passes: nullability is the schema's NOT NULL, not a check. A
 * write that breaks a constraint fails as a whole and the table keeps its previous version.
 */
public final class Checks {
  private Checks() {}

  /** Fractions in [0, 1] whose names do not end in {@code _share}. */
  static final Set<String> UNIT =
      Set.of(
          CONFIDENCE,
          BOT_SCORE,
          CLUSTER_BOT_EVIDENCE,
          CLOCK_REGULARITY,
          REJECT_RATIO,
          MUTUAL_PARTNER_LINKS,
          MUTUAL_GROUP_CLOSURE);

  /** Ratios and rates that are never negative but may exceed 1. */
  static final Set<String> NON_NEGATIVE =
      Set.of(FOLLOWING_TO_FOLLOWERS, INTERACTION_RATE, ENGAGEMENT_RATE, ENGAGEMENT_RATE_REAL);

  /** Prefix of the table properties under which Delta stores CHECK constraints. */
  public static final String PROPERTY_PREFIX = "delta.constraints.";

  /** Constraint name to SQL expression, in schema order. */
  public static Map<String, String> forTable(TableSpec table) {
    Map<String, String> checks = new LinkedHashMap<>();
    for (StructField f : table.schema().fields()) {
      String c = f.name();
      String expr;
      if (f.dataType() instanceof LongType || f.dataType() instanceof IntegerType) {
        if (c.endsWith("_id")) {
          continue;
        }
        expr = c + " >= 0";
      } else if (f.dataType() instanceof DoubleType) {
        if (c.endsWith("_share") || UNIT.contains(c)) {
          expr = c + " BETWEEN 0 AND 1";
        } else if (NON_NEGATIVE.contains(c)) {
          expr = c + " >= 0";
        } else if (c.equals(AUDIENCE_QUALITY)) {
          expr = c + " BETWEEN 0 AND 100";
        } else if (c.equals(SILHOUETTE)) {
          expr = "isnan(" + c + ") OR " + c + " BETWEEN -1 AND 1";
        } else {
          throw new IllegalStateException(
              "column "
                  + table.name()
                  + "."
                  + c
                  + " is a double with no declared range; add it to Checks");
        }
      } else {
        continue;
      }
      checks.put(c + "_range", c + " IS NULL OR " + expr);
    }
    return checks;
  }
}
