package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The row rules of ingest, as one expression per dataset that names the first rule a row breaks
 * (null when it breaks none). Reason codes are documented in {@code docs/dump-format.md}.
 */
public final class Validation {
  private Validation() {}

  public static final String MALFORMED_RECORD = "malformed_record";
  public static final String NULL_KEY = "null_key";
  public static final String NEGATIVE_COUNT = "negative_count";
  public static final String UNKNOWN_INTERACTION_TYPE = "unknown_interaction_type";
  public static final String SELF_FOLLOW = "self_follow";
  public static final String UNFOLLOW_BEFORE_FOLLOW = "unfollow_before_follow";

  /** Interaction types the product knows. */
  public static final List<String> INTERACTION_TYPES = List.of("like", "comment", "share", "save");

  /**
   * Adds {@code reason}: the code of the first rule the row breaks, or null.
   *
   * <p>Needs the dataset's columns and {@link DumpReader#CORRUPT_RECORD}.
   */
  public static Dataset<Row> withRejectReason(Dataset<Row> rows, DumpDataset dataset) {
    List<Column[]> rules = new ArrayList<>();
    rules.add(rule(col(DumpReader.CORRUPT_RECORD).isNotNull(), MALFORMED_RECORD));
    Column anyKeyNull = lit(false);
    for (String c : dataset.requiredColumns()) {
      anyKeyNull = anyKeyNull.or(col(c).isNull());
    }
    rules.add(rule(anyKeyNull, NULL_KEY));
    switch (dataset) {
      case FOLLOWS -> {
        rules.add(rule(col(FOLLOWER_ID).equalTo(col(ACCOUNT_ID)), SELF_FOLLOW));
        rules.add(
            rule(
                coalesce(col(UNFOLLOWED_AT).lt(col(FOLLOWED_AT)), lit(false)),
                UNFOLLOW_BEFORE_FOLLOW));
      }
      case INTERACTIONS ->
          rules.add(
              rule(
                  not(lower(col(TYPE)).isin(INTERACTION_TYPES.toArray())),
                  UNKNOWN_INTERACTION_TYPE));
      case PROFILES ->
          rules.add(
              rule(
                  coalesce(col(FOLLOWERS_COUNT), lit(0))
                      .lt(0)
                      .or(coalesce(col(FOLLOWING_COUNT), lit(0)).lt(0))
                      .or(coalesce(col(MEDIA_COUNT), lit(0)).lt(0))
                      .or(coalesce(col(BIOGRAPHY_LENGTH), lit(0)).lt(0)),
                  NEGATIVE_COUNT));
      default -> {}
    }
    Column reason = null;
    for (Column[] r : rules) {
      reason = reason == null ? when(r[0], r[1]) : reason.when(r[0], r[1]);
    }
    return rows.withColumn(REASON, reason.otherwise(lit(null).cast("string")));
  }

  private static Column[] rule(Column broken, String code) {
    return new Column[] {broken, lit(code)};
  }
}
