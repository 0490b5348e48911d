package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.activity.RelationshipState;
import id.pasif.segment.Segment;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Why a follower is silent on an account: the seed article's causes as measurable rules, applied to
 * every silent relationship in this order (the first that holds wins; names in {@link Cause}):
 *
 * <ol>
 *   <li>{@code bot_like}: the follower's segment is bot_like (bought or automated);
 *   <li>{@code follow_back}: the follower follows at least {@link #HEAVY_FOLLOWING} accounts and at
 *       least {@link #FOLLOW_BACK_MIN_SHARE} of the accounts it follows follow it back: it follows
 *       for the follow-back, and its silence holds whether or not this account returned the follow
 *       (a motive of the follower, not of the edge);
 *   <li>{@code herd}: the follow was made on a growth-spike day of the account (see {@link
 *       #growthSpikes}): following because everyone did;
 *   <li>{@code content_mismatch}: the follower engages with other accounts it follows, or interacts
 *       with accounts it does not follow, just not with this one;
 *   <li>{@code dormant}: silent everywhere.
 * </ol>
 */
public final class Causes {
  private Causes() {}

  /** Accounts followed (as the profile shows) from which a follower is a heavy follower. */
  public static final long HEAVY_FOLLOWING = 1000;

  /**
   * Share of a heavy follower's standing follows that are reciprocal from which it follows for the
   * follow-back. Reciprocity on Twitter was 22 % overall (Kwak et al. 2010); people who follow over
   * a thousand accounts without seeking it are followed back by few of them.
   */
  public static final double FOLLOW_BACK_MIN_SHARE = 0.05;

  private static final String RECIPROCAL_SHARE = "reciprocal_share";

  /** A day is a growth spike when its new follows are at least this many times the daily mean. */
  public static final double SPIKE_FACTOR = 5.0;

  /** ... and at least this many new follows. */
  public static final long SPIKE_MIN_FOLLOWS = 10;

  public static final String SPIKE_DAY = "is_spike_day";
  public static final String DAILY_MEAN = "daily_mean_new_follows";

  /**
   * The spike days of each account: account_day rows whose new_follows are at least {@link
   * #SPIKE_MIN_FOLLOWS} and {@link #SPIKE_FACTOR} × the account's mean daily new follows over the
   * window (days without a row count as 0). Adds daily_mean_new_follows.
   *
   * @param accountDayDF account_day of the run (account_id, day, new_follows, …)
   * @param windowDays days in the window
   */
  public static Dataset<Row> growthSpikes(Dataset<Row> accountDayDF, int windowDays) {
    org.apache.spark.sql.expressions.WindowSpec byAccount =
        org.apache.spark.sql.expressions.Window.partitionBy(ACCOUNT_ID);
    return accountDayDF
        .withColumn(DAILY_MEAN, sum(NEW_FOLLOWS).over(byAccount).divide((double) windowDays))
        .where(
            col(NEW_FOLLOWS)
                .geq(SPIKE_MIN_FOLLOWS)
                .and(col(NEW_FOLLOWS).geq(col(DAILY_MEAN).multiply(SPIKE_FACTOR))));
  }

  /**
   * One row per silent relationship with its cause.
   *
   * @param relationshipsDF relationships of the run (follower_id, account_id, followed_at, state,
   *     is_reciprocal)
   * @param segmentsDF follower_segments (follower_id, segment)
   * @param featuresDF follower_features (follower_id, following_count, engaged_relationships,
   *     interactions_not_followed)
   * @param spikesDF from {@link #growthSpikes} (account_id, day)
   */
  public static Dataset<Row> silentCauses(
      Dataset<Row> relationshipsDF,
      Dataset<Row> segmentsDF,
      Dataset<Row> featuresDF,
      Dataset<Row> spikesDF,
      ZoneId zone) {
    Dataset<Row> spikes = spikesDF.select(col(ACCOUNT_ID), col(DAY), lit(true).as(SPIKE_DAY));
    Column cause =
        when(col(SEGMENT).equalTo(Segment.BOT_LIKE.label()), lit(Cause.BOT_LIKE.label()))
            .when(
                coalesce(col(FOLLOWING_COUNT), lit(0L))
                    .geq(HEAVY_FOLLOWING)
                    .and(col(RECIPROCAL_SHARE).geq(FOLLOW_BACK_MIN_SHARE)),
                lit(Cause.FOLLOW_BACK.label()))
            .when(coalesce(col(SPIKE_DAY), lit(false)), lit(Cause.HERD.label()))
            .when(
                coalesce(col(ENGAGED_RELATIONSHIPS), lit(0L))
                    .gt(0)
                    .or(coalesce(col(INTERACTIONS_NOT_FOLLOWED), lit(0L)).gt(0)),
                lit(Cause.CONTENT_MISMATCH.label()))
            .otherwise(lit(Cause.DORMANT.label()));
    // The follower's reciprocal share over all its relationships, as a window over the follower
    // (bounded by the follow cap): one scan of relationships, and the joins by follower below
    // reuse this partitioning.
    org.apache.spark.sql.expressions.WindowSpec byFollower =
        org.apache.spark.sql.expressions.Window.partitionBy(FOLLOWER_ID);
    return relationshipsDF
        .withColumn(
            RECIPROCAL_SHARE,
            avg(when(col(IS_RECIPROCAL), lit(1.0)).otherwise(lit(0.0))).over(byFollower))
        .where(col(STATE).equalTo(RelationshipState.SILENT.label()))
        .select(
            col(FOLLOWER_ID),
            col(ACCOUNT_ID),
            col(IS_RECIPROCAL),
            col(RECIPROCAL_SHARE),
            to_date(from_utc_timestamp(col(FOLLOWED_AT), zone.getId())).as(DAY))
        .join(segmentsDF.select(FOLLOWER_ID, SEGMENT), new String[] {FOLLOWER_ID}, "left")
        .join(
            featuresDF.select(
                FOLLOWER_ID, FOLLOWING_COUNT, ENGAGED_RELATIONSHIPS, INTERACTIONS_NOT_FOLLOWED),
            new String[] {FOLLOWER_ID},
            "left")
        .join(spikes, new String[] {ACCOUNT_ID, DAY}, "left")
        .select(col(FOLLOWER_ID), col(ACCOUNT_ID), cause.as(CAUSE));
  }
}
