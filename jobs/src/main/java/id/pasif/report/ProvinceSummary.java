package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.segment.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Per-province view of the followers: segment mix and engagement, small cells suppressed. */
public final class ProvinceSummary {
  private ProvinceSummary() {}

  /** Province given to followers whose profile names none (or who have no profile). */
  public static final String UNKNOWN = "unknown";

  /**
   * One row per province.
   *
   * @param segmentsDF needs follower_id, segment, province (follower_segments)
   * @param featuresDF needs follower_id, engaged_share (follower_features)
   * @param k smallest publishable count ({@code pasif.privacy.k})
   * @return province, users, active_followers, passive_followers, bot_like_followers,
   *     passive_share, bot_like_share, median_engaged_share, is_suppressed
   */
  public static Dataset<Row> provinceSummary(
      Dataset<Row> segmentsDF, Dataset<Row> featuresDF, long k) {
    Dataset<Row> counted =
        segmentsDF
            .select(
                col(FOLLOWER_ID),
                col(SEGMENT),
                coalesce(nullif(trim(col(PROVINCE)), lit("")), lit(UNKNOWN)).as(PROVINCE))
            .join(featuresDF.select(FOLLOWER_ID, ENGAGED_SHARE), FOLLOWER_ID, "left")
            .groupBy(PROVINCE)
            .agg(
                count(lit(1)).as(USERS),
                countIf(col(SEGMENT).equalTo(Segment.ACTIVE.label())).as(ACTIVE_FOLLOWERS),
                countIf(col(SEGMENT).equalTo(Segment.PASSIVE.label())).as(PASSIVE_FOLLOWERS),
                countIf(col(SEGMENT).equalTo(Segment.BOT_LIKE.label())).as(BOT_LIKE_FOLLOWERS),
                median(col(ENGAGED_SHARE)).as(MEDIAN_ENGAGED_SHARE))
            .withColumn(PASSIVE_SHARE, round(col(PASSIVE_FOLLOWERS).divide(col(USERS)), 6))
            .withColumn(BOT_LIKE_SHARE, round(col(BOT_LIKE_FOLLOWERS).divide(col(USERS)), 6))
            .withColumn(MEDIAN_ENGAGED_SHARE, round(col(MEDIAN_ENGAGED_SHARE), 6));
    Map<String, String> shares = new LinkedHashMap<>();
    shares.put(PASSIVE_SHARE, PASSIVE_FOLLOWERS);
    shares.put(BOT_LIKE_SHARE, BOT_LIKE_FOLLOWERS);
    return Suppression.suppress(
        counted,
        k,
        USERS,
        List.of(ACTIVE_FOLLOWERS, PASSIVE_FOLLOWERS, BOT_LIKE_FOLLOWERS),
        shares,
        List.of(MEDIAN_ENGAGED_SHARE),
        IS_SUPPRESSED);
  }

  private static Column countIf(Column condition) {
    return count(when(condition, lit(1)));
  }
}
