package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * The row rules of ingest, as one expression per dataset that names the first rule a row breaks
 * (null when it breaks none). Reason codes are documented in {@code docs/dump-format.md}.
 */
public final class Validation {
  private Validation() {}

  private static final String VALID = "_is_valid";

  public static final String MALFORMED_RECORD = "malformed_record";
  public static final String NULL_KEY = "null_key";
  public static final String NEGATIVE_COUNT = "negative_count";
  public static final String UNKNOWN_INTERACTION_TYPE = "unknown_interaction_type";
  public static final String SELF_FOLLOW = "self_follow";
  public static final String UNFOLLOW_BEFORE_FOLLOW = "unfollow_before_follow";
  public static final String TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range";
  public static final String DUPLICATE_KEY = "duplicate_key";
  public static final String TIMESTAMP_WITHOUT_ZONE = "timestamp_without_zone";
  public static final String ALREADY_DELIVERED = "already_delivered";

  /** Every reason code, in the order the rules are tried. */
  public static final List<String> REASONS =
      List.of(
          TIMESTAMP_WITHOUT_ZONE,
          MALFORMED_RECORD,
          NULL_KEY,
          TIMESTAMP_OUT_OF_RANGE,
          SELF_FOLLOW,
          UNFOLLOW_BEFORE_FOLLOW,
          UNKNOWN_INTERACTION_TYPE,
          NEGATIVE_COUNT,
          DUPLICATE_KEY,
          ALREADY_DELIVERED);

  /**
   * Default earliest instant a timestamp may hold ({@code pasif.ingest.earliest.timestamp}):
   * Instagram's launch, 2010-10-06.
   */
  public static final java.time.Instant EARLIEST = java.time.Instant.parse("2010-10-06T00:00:00Z");

  /**
   * A date and time of day without an offset ({@code 2026-11-24T06:05:00}), in the raw text of a
   * record that did not parse: not followed by a digit, {@code .}, {@code :}, {@code Z} or a sign.
   */
  static final String ZONELESS_TIMESTAMP =
      "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(?![0-9.:Z+-])";

  /**
   * Column of {@link #withOptionalTimestampsInRange}: how many optional timestamps of the row were
   * out of range and set to null.
   */
  public static final String NULLED_VALUES = "_nulled_values";

  /** Key columns per dataset: a second row with the same key is a {@link #DUPLICATE_KEY}. */
  public static List<String> keyColumns(DumpDataset dataset) {
    return switch (dataset) {
      case FOLLOWS -> List.of(FOLLOWER_ID, ACCOUNT_ID);
      case INTERACTIONS -> List.of(EVENT_ID);
      case POSTS -> List.of(POST_ID);
      case PROFILES -> List.of(USER_ID);
    };
  }

  /** Required timestamp columns: a value out of range quarantines the row. */
  static List<String> requiredTimestampColumns(DumpDataset dataset) {
    return timestampColumns(dataset).stream().filter(dataset.requiredColumns()::contains).toList();
  }

  /** Optional timestamp columns: a value out of range is set to null and counted. */
  static List<String> optionalTimestampColumns(DumpDataset dataset) {
    return timestampColumns(dataset).stream()
        .filter(c -> !dataset.requiredColumns().contains(c))
        .toList();
  }

  /** Timestamp columns per dataset, checked against the accepted range. */
  static List<String> timestampColumns(DumpDataset dataset) {
    return switch (dataset) {
      case FOLLOWS -> List.of(FOLLOWED_AT, UNFOLLOWED_AT);
      case INTERACTIONS -> List.of(TS);
      case POSTS -> List.of(POSTED_AT);
      case PROFILES -> List.of(CREATED_AT);
    };
  }

  /** Interaction types the product knows. */
  public static final List<String> INTERACTION_TYPES = List.of("like", "comment", "share", "save");

  /**
   * Adds {@code reason}: the code of the first rule the row breaks, or null.
   *
   * <p>Needs the dataset's columns and {@link DumpReader#CORRUPT_RECORD}.
   *
   * @param latest the latest accepted timestamp (exclusive): a row stamped later is from the future
   *     of its dump
   */
  public static Dataset<Row> withRejectReason(
      Dataset<Row> rows, DumpDataset dataset, java.time.Instant latest) {
    return withRejectReason(rows, dataset, EARLIEST, latest);
  }

  /**
   * Adds {@code reason}, as {@link #withRejectReason(Dataset, DumpDataset, java.time.Instant)},
   * with {@code earliest} (inclusive) as the earliest accepted timestamp.
   */
  public static Dataset<Row> withRejectReason(
      Dataset<Row> rows,
      DumpDataset dataset,
      java.time.Instant earliest,
      java.time.Instant latest) {
    List<Column[]> rules = new ArrayList<>();
    Column corrupt = col(DumpReader.CORRUPT_RECORD);
    rules.add(
        rule(corrupt.isNotNull().and(corrupt.rlike(ZONELESS_TIMESTAMP)), TIMESTAMP_WITHOUT_ZONE));
    rules.add(rule(corrupt.isNotNull(), MALFORMED_RECORD));
    Column anyKeyNull = lit(false);
    for (String c : dataset.requiredColumns()) {
      anyKeyNull = anyKeyNull.or(col(c).isNull());
    }
    rules.add(rule(anyKeyNull, NULL_KEY));
    Column outOfRange = lit(false);
    for (String c : requiredTimestampColumns(dataset)) {
      outOfRange = outOfRange.or(outOfRange(c, earliest, latest));
    }
    rules.add(rule(outOfRange, TIMESTAMP_OUT_OF_RANGE));
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

  /** Column of {@link #repeatedKeys}: the rows of the key that broke no rule in this dump. */
  public static final String REPEATS = "_repeats";

  /** Column of {@link #repeatedKeys}: whether another delivery already brought the key. */
  public static final String SEEN = "_seen";

  /**
   * The keys that make a row a {@link #DUPLICATE_KEY} or an {@link #ALREADY_DELIVERED}: one row per
   * key held by two or more rows that broke no rule, or by one such row and by {@code
   * deliveredIds}. Columns: the key columns ({@link #keyColumns}), {@link #REPEATS} (long) and
   * {@link #SEEN} (boolean).
   *
   * <p>Both rules need the rows of a key together, but only the keys travel: an aggregation of the
   * key columns, map-side combined, never a shuffle or a sort of whole rows. Almost every key of a
   * delivery is unique, so the result is small, and {@link #withRepeatReasons} joins it back onto
   * the rows where they were read.
   *
   * @param checked rows with {@code reason} from {@link #withRejectReason}
   * @param deliveredIds interactions only: one column, event_id, the ids bronze already holds from
   *     other deliveries; null when there are none to check against
   */
  public static Dataset<Row> repeatedKeys(
      Dataset<Row> checked, DumpDataset dataset, Dataset<Row> deliveredIds) {
    List<String> keys = keyColumns(dataset);
    Column[] keyCols = keys.stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> here =
        checked
            .where(col(REASON).isNull())
            .select(keyCols)
            .withColumn(REPEATS, lit(1L))
            .withColumn(SEEN, lit(false));
    if (deliveredIds != null) {
      here =
          here.unionByName(
              deliveredIds
                  .select(col(EVENT_ID))
                  .withColumn(REPEATS, lit(0L))
                  .withColumn(SEEN, lit(true)));
    }
    return here.groupBy(keyCols)
        .agg(sum(col(REPEATS)).as(REPEATS), max(col(SEEN)).as(SEEN))
        .where(col(REPEATS).geq(2).or(col(SEEN).and(col(REPEATS).geq(1))));
  }

  /**
   * Marks every row after the first of a repeated key as {@link #DUPLICATE_KEY} and, where another
   * delivery brought the key, the first as {@link #ALREADY_DELIVERED}; other rows keep their
   * reason. Among the rows of a key that broke no other rule, the first is the smallest by content
   * (then source file), so the choice is deterministic. Rows already rejected keep their reason and
   * take no part in the ranking. Only the rows of {@code repeatedKeysDF}'s keys are ranked.
   *
   * @param checked rows with {@code reason} from {@link #withRejectReason}
   * @param repeatedKeysDF from {@link #repeatedKeys}, or that result collected and broadcast
   */
  public static Dataset<Row> withRepeatReasons(
      Dataset<Row> checked, DumpDataset dataset, Dataset<Row> repeatedKeysDF) {
    List<String> keys = keyColumns(dataset);
    List<Column> partition = new ArrayList<>();
    for (String k : keys) {
      partition.add(col(k));
    }
    partition.add(col(VALID));
    Column[] content =
        Arrays.stream(dataset.schema().fieldNames()).map(functions::col).toArray(Column[]::new);
    WindowSpec sameKey =
        Window.partitionBy(partition.toArray(new Column[0]))
            .orderBy(to_json(struct(content)), col(SOURCE_FILE));
    Column[] original = Arrays.stream(checked.columns()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> joined = checked.join(repeatedKeysDF, keys.toArray(new String[0]), "left");
    Dataset<Row> repeated =
        joined
            .where(col(REPEATS).isNotNull())
            .withColumn(VALID, col(REASON).isNull())
            .withColumn(
                REASON,
                when(col(VALID).and(row_number().over(sameKey).gt(1)), lit(DUPLICATE_KEY))
                    .when(col(VALID).and(col(SEEN)), lit(ALREADY_DELIVERED))
                    .otherwise(col(REASON)));
    return joined
        .where(col(REPEATS).isNull())
        .select(original)
        .unionByName(repeated.select(original));
  }

  /**
   * Marks every row after the first of a repeated key as {@link #DUPLICATE_KEY}: {@link
   * #withRepeatReasons} with the keys repeated inside {@code checked} alone.
   */
  public static Dataset<Row> withDuplicateReason(Dataset<Row> checked, DumpDataset dataset) {
    return withRepeatReasons(checked, dataset, repeatedKeys(checked, dataset, null));
  }

  /** Whether column {@code c} holds a timestamp outside [earliest, latest); false for null. */
  static Column outOfRange(String c, java.time.Instant earliest, java.time.Instant latest) {
    return coalesce(
        col(c)
            .lt(lit(java.sql.Timestamp.from(earliest)))
            .or(col(c).geq(lit(java.sql.Timestamp.from(latest)))),
        lit(false));
  }

  /**
   * Sets each optional timestamp outside [earliest, latest) to null (the row is kept: the field is
   * not required) and adds {@link #NULLED_VALUES}, the number of values so set in the row.
   */
  public static Dataset<Row> withOptionalTimestampsInRange(
      Dataset<Row> rows,
      DumpDataset dataset,
      java.time.Instant earliest,
      java.time.Instant latest) {
    Column nulled = lit(0);
    Dataset<Row> out = rows;
    List<String> optional = optionalTimestampColumns(dataset);
    for (String c : optional) {
      nulled = nulled.plus(when(outOfRange(c, earliest, latest), 1).otherwise(0));
    }
    out = out.withColumn(NULLED_VALUES, nulled);
    for (String c : optional) {
      out =
          out.withColumn(
              c,
              when(outOfRange(c, earliest, latest), lit(null).cast("timestamp")).otherwise(col(c)));
    }
    return out;
  }

  private static Column[] rule(Column broken, String code) {
    return new Column[] {broken, lit(code)};
  }
}
