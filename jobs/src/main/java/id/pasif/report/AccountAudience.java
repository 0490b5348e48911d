package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.activity.LatestPosts;
import id.pasif.activity.RelationshipState;
import id.pasif.segment.Segment;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-account audience: who the followers of each account are, why the silent ones are silent, how
 * the account's posts engage, and when it grew suspiciously.
 */
public final class AccountAudience {
  private AccountAudience() {}

  private static final String LIKES_COMMENTS = "likes_comments";
  private static final String REAL_LIKES_COMMENTS = "real_likes_comments";

  /**
   * Followers by segment, the silent ones, and the likes + comments of the real (active or passive)
   * followers on the account's latest posts. Needs relationships (follower_id, account_id, state,
   * latest_post_reactions) and segments (follower_id, segment).
   */
  public static Dataset<Row> audienceCounts(Dataset<Row> relationshipsDF, Dataset<Row> segmentsDF) {
    return relationshipsDF
        .join(segmentsDF.select(FOLLOWER_ID, SEGMENT), FOLLOWER_ID)
        .groupBy(ACCOUNT_ID)
        .agg(
            count(lit(1)).as(FOLLOWERS),
            countIf(col(SEGMENT).equalTo(Segment.ACTIVE.label())).as(ACTIVE_FOLLOWERS),
            countIf(col(SEGMENT).equalTo(Segment.PASSIVE.label())).as(PASSIVE_FOLLOWERS),
            countIf(col(SEGMENT).equalTo(Segment.BOT_LIKE.label())).as(BOT_LIKE_FOLLOWERS),
            countIf(col(STATE).notEqual(RelationshipState.ENGAGED.label())).as(SILENT_FOLLOWERS),
            coalesce(
                    sum(
                        when(
                            col(SEGMENT).isin(Segment.ACTIVE.label(), Segment.PASSIVE.label()),
                            col(LATEST_POST_REACTIONS))),
                    lit(0L))
                .as(REAL_LIKES_COMMENTS));
  }

  /** Per account: silent relationships by cause. Needs {@link Causes#silentCauses}. */
  public static Dataset<Row> causeCounts(Dataset<Row> causesDF) {
    return causesDF
        .groupBy(ACCOUNT_ID)
        .agg(
            count(lit(1)).as("silent_judged"),
            countIf(col(CAUSE).equalTo(Cause.BOT_LIKE.label())).as("c_bot"),
            countIf(col(CAUSE).equalTo(Cause.FOLLOW_BACK.label())).as("c_fb"),
            countIf(col(CAUSE).equalTo(Cause.HERD.label())).as("c_herd"),
            countIf(col(CAUSE).equalTo(Cause.CONTENT_MISMATCH.label())).as("c_cm"),
            countIf(col(CAUSE).equalTo(Cause.DORMANT.label())).as("c_dormant"));
  }

  /**
   * Per account: latest_posts, its latest {@link LatestPosts#N} posts of the window, and the likes
   * + comments they received from anyone, added up over its days.
   *
   * @param accountDayDF account_day (account_id, latest_posts, latest_post_reactions), which the
   *     activity stage fills from the window's events ({@link LatestPosts#byDay})
   */
  public static Dataset<Row> latestPostEngagement(Dataset<Row> accountDayDF) {
    return accountDayDF
        .groupBy(ACCOUNT_ID)
        .agg(
            coalesce(sum(col(LATEST_POSTS)), lit(0L)).as(LATEST_POSTS),
            coalesce(sum(col(LATEST_POST_REACTIONS)), lit(0L)).as(LIKES_COMMENTS));
  }

  /**
   * Per account: growth-spike days, the last one, followers (standing) who arrived on them and the
   * bot-like share of those.
   *
   * @param spikesDF from {@link Causes#growthSpikes}
   */
  public static Dataset<Row> spikeStats(
      Dataset<Row> relationshipsDF, Dataset<Row> segmentsDF, Dataset<Row> spikesDF, ZoneId zone) {
    Dataset<Row> arrivals =
        relationshipsDF
            .select(
                col(FOLLOWER_ID),
                col(ACCOUNT_ID),
                to_date(from_utc_timestamp(col(FOLLOWED_AT), zone.getId())).as(DAY))
            .join(spikesDF.select(ACCOUNT_ID, DAY), new String[] {ACCOUNT_ID, DAY})
            .join(segmentsDF.select(FOLLOWER_ID, SEGMENT), FOLLOWER_ID)
            .groupBy(ACCOUNT_ID)
            .agg(
                count(lit(1)).as(SPIKE_FOLLOWERS),
                countIf(col(SEGMENT).equalTo(Segment.BOT_LIKE.label())).as("spike_bots"));
    return spikesDF
        .groupBy(ACCOUNT_ID)
        .agg(count(lit(1)).as(SPIKE_DAYS), max(DAY).as(LAST_SPIKE_DAY))
        .join(arrivals, new String[] {ACCOUNT_ID}, "left");
  }

  /**
   * One row per followed account, from the parts above.
   *
   * <p>audience_quality = 100 × (active_share + 0.5 × passive_share): engaged humans count fully,
   * silent humans half, bot-like followers nothing.
   */
  public static Dataset<Row> accountAudience(
      Dataset<Row> countsDF,
      Dataset<Row> causeCountsDF,
      Dataset<Row> engagementDF,
      Dataset<Row> spikeStatsDF) {
    Column real = col(ACTIVE_FOLLOWERS).plus(col(PASSIVE_FOLLOWERS));
    Column silentJudged = col("silent_judged");
    return countsDF
        .join(causeCountsDF, new String[] {ACCOUNT_ID}, "left")
        .join(engagementDF, new String[] {ACCOUNT_ID}, "left")
        .join(spikeStatsDF, new String[] {ACCOUNT_ID}, "left")
        .select(
            col(ACCOUNT_ID),
            col(FOLLOWERS),
            col(ACTIVE_FOLLOWERS),
            col(PASSIVE_FOLLOWERS),
            col(BOT_LIKE_FOLLOWERS),
            col(SILENT_FOLLOWERS),
            share(col(ACTIVE_FOLLOWERS), col(FOLLOWERS)).as(ACTIVE_SHARE),
            share(col(PASSIVE_FOLLOWERS), col(FOLLOWERS)).as(PASSIVE_SHARE),
            share(col(BOT_LIKE_FOLLOWERS), col(FOLLOWERS)).as(BOT_LIKE_SHARE),
            share(col(SILENT_FOLLOWERS), col(FOLLOWERS)).as(SILENT_FOLLOWER_SHARE),
            share(col("c_bot"), silentJudged).as(CAUSE_BOT_LIKE_SHARE),
            share(col("c_fb"), silentJudged).as(CAUSE_FOLLOW_BACK_SHARE),
            share(col("c_herd"), silentJudged).as(CAUSE_HERD_SHARE),
            share(col("c_cm"), silentJudged).as(CAUSE_CONTENT_MISMATCH_SHARE),
            share(col("c_dormant"), silentJudged).as(CAUSE_DORMANT_SHARE),
            coalesce(col(LATEST_POSTS), lit(0L)).as(LATEST_POSTS),
            when(
                    coalesce(col(LATEST_POSTS), lit(0L)).gt(0),
                    share(coalesce(col(LIKES_COMMENTS), lit(0L)), col(FOLLOWERS)))
                .as(ENGAGEMENT_RATE),
            real.as(REAL_FOLLOWERS),
            when(
                    coalesce(col(LATEST_POSTS), lit(0L)).gt(0).and(real.gt(0)),
                    share(coalesce(col(REAL_LIKES_COMMENTS), lit(0L)), real))
                .as(ENGAGEMENT_RATE_REAL),
            round(
                    lit(100.0)
                        .multiply(
                            col(ACTIVE_FOLLOWERS)
                                .plus(col(PASSIVE_FOLLOWERS).multiply(0.5))
                                .divide(col(FOLLOWERS))),
                    2)
                .as(AUDIENCE_QUALITY),
            coalesce(col(SPIKE_DAYS), lit(0L)).as(SPIKE_DAYS),
            col(LAST_SPIKE_DAY),
            coalesce(col(SPIKE_FOLLOWERS), lit(0L)).as(SPIKE_FOLLOWERS),
            share(col("spike_bots"), col(SPIKE_FOLLOWERS)).as(SPIKE_BOT_LIKE_SHARE));
  }

  private static Column countIf(Column condition) {
    return count(when(condition, lit(1)));
  }

  /** part / whole rounded to 6 places; null when whole is 0 or null. */
  private static Column share(Column part, Column whole) {
    return when(coalesce(whole, lit(0L)).gt(0), round(coalesce(part, lit(0L)).divide(whole), 6));
  }
}
