package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The pure transformations of the activity stage. Each takes and returns DataFrames; {@link
 * ActivityJob} does the reading and writing.
 */
public final class Activity {
  private Activity() {}

  public static final String ENGAGED = "engaged";
  public static final String SILENT = "silent";
  public static final String NOT_JUDGED = "not_judged";

  private static final String POST_TIMES = "post_times";
  private static final String TOTAL = "total_interactions";
  private static final String LAST_TS = "last_ts";

  /**
   * The follows standing at the end of the window, one row per (follower, account) with the
   * earliest {@code followed_at}. Needs follower_id, account_id, followed_at, unfollowed_at.
   */
  public static Dataset<Row> standingFollows(Dataset<Row> followsDF, Window w) {
    Column end = lit(w.endTs());
    return followsDF
        .where(col(FOLLOWED_AT).lt(end))
        .where(col(UNFOLLOWED_AT).isNull().or(col(UNFOLLOWED_AT).geq(end)))
        .where(col(FOLLOWER_ID).notEqual(col(ACCOUNT_ID)))
        .groupBy(FOLLOWER_ID, ACCOUNT_ID)
        .agg(min(FOLLOWED_AT).as(FOLLOWED_AT));
  }

  /**
   * Interactions inside the window, each event id once (the smallest row of a repeated id, so the
   * choice is deterministic), self-interactions removed.
   */
  public static Dataset<Row> windowEvents(Dataset<Row> interactionsDF, Window w) {
    Column[] payload = {col(ACTOR_ID), col(ACCOUNT_ID), col(POST_ID), col(TYPE), col(TS)};
    return interactionsDF
        .where(col(TS).geq(lit(w.startTs())).and(col(TS).lt(lit(w.endTs()))))
        .where(col(ACTOR_ID).notEqual(col(ACCOUNT_ID)))
        .groupBy(EVENT_ID)
        .agg(min(struct(payload)).as("e"))
        .select(col(EVENT_ID), col("e.*"));
  }

  /** Per (actor, account): interactions by type and the last one. Needs {@link #windowEvents}. */
  public static Dataset<Row> pairActivity(Dataset<Row> eventsDF) {
    return eventsDF
        .groupBy(col(ACTOR_ID).as(FOLLOWER_ID), col(ACCOUNT_ID))
        .agg(
            countOf("like").as(LIKES),
            countOf("comment").as(COMMENTS),
            countOf("share").as(SHARES),
            countOf("save").as(SAVES),
            max(TS).as(LAST_INTERACTION_AT));
  }

  private static Column countOf(String type) {
    return count(when(col(TYPE).equalTo(type), lit(1)));
  }

  /** Per account: the publication times of its posts inside the window (a small array). */
  public static Dataset<Row> postTimes(Dataset<Row> postsDF, Window w) {
    return postsDF
        .where(col(POSTED_AT).geq(lit(w.startTs())).and(col(POSTED_AT).lt(lit(w.endTs()))))
        .groupBy(ACCOUNT_ID)
        .agg(array_sort(collect_set(struct(col(POST_ID), col(POSTED_AT)))).as(POST_TIMES));
  }

  /**
   * One row per standing follow with its exposure, activity, reciprocity and state.
   *
   * @param standingDF from {@link #standingFollows}
   * @param pairDF from {@link #pairActivity}
   * @param postTimesDF from {@link #postTimes}
   * @param minExposure posts needed before silence counts
   */
  public static Dataset<Row> relationships(
      Dataset<Row> standingDF, Dataset<Row> pairDF, Dataset<Row> postTimesDF, int minExposure) {
    Dataset<Row> reverse =
        standingDF.select(
            col(ACCOUNT_ID).as(FOLLOWER_ID), col(FOLLOWER_ID).as(ACCOUNT_ID), lit(true).as("rev"));
    Column exposed =
        coalesce(
            size(filter(col(POST_TIMES), p -> p.getField(POSTED_AT).gt(col(FOLLOWED_AT))))
                .cast("long"),
            lit(0L));
    Column interactions = col(LIKES).plus(col(COMMENTS)).plus(col(SHARES)).plus(col(SAVES));
    return standingDF
        .join(pairDF, new String[] {FOLLOWER_ID, ACCOUNT_ID}, "left")
        .join(postTimesDF, new String[] {ACCOUNT_ID}, "left")
        .join(reverse, new String[] {FOLLOWER_ID, ACCOUNT_ID}, "left")
        .select(
            col(FOLLOWER_ID),
            col(ACCOUNT_ID),
            col(FOLLOWED_AT),
            greatest(exposed, lit(0L)).as(EXPOSED_POSTS),
            coalesce(col(LIKES), lit(0L)).as(LIKES),
            coalesce(col(COMMENTS), lit(0L)).as(COMMENTS),
            coalesce(col(SHARES), lit(0L)).as(SHARES),
            coalesce(col(SAVES), lit(0L)).as(SAVES),
            col(LAST_INTERACTION_AT),
            coalesce(col("rev"), lit(false)).as(IS_RECIPROCAL))
        .withColumn(INTERACTIONS, interactions)
        .withColumn(
            STATE,
            when(col(INTERACTIONS).gt(0), lit(ENGAGED))
                .when(col(EXPOSED_POSTS).geq(minExposure), lit(SILENT))
                .otherwise(lit(NOT_JUDGED)));
  }

  /**
   * One row per follower: relationship states, interaction totals and the profile features.
   *
   * @param relationshipsDF from {@link #relationships}
   * @param eventsDF from {@link #windowEvents}
   * @param profilesDF the profiles snapshot of the run date
   */
  public static Dataset<Row> followerFeatures(
      Dataset<Row> relationshipsDF, Dataset<Row> eventsDF, Dataset<Row> profilesDF, Window w) {
    String zone = w.zone().getId();
    Column runDate = lit(w.runDate());
    Dataset<Row> byRelationships =
        relationshipsDF
            .groupBy(FOLLOWER_ID)
            .agg(
                count(lit(1)).as(ACCOUNTS_FOLLOWED),
                count(when(col(STATE).equalTo(ENGAGED), lit(1))).as(ENGAGED_RELATIONSHIPS),
                count(when(col(STATE).equalTo(SILENT), lit(1))).as(SILENT_RELATIONSHIPS),
                count(when(col(STATE).equalTo(NOT_JUDGED), lit(1))).as(NOT_JUDGED_RELATIONSHIPS),
                sum(EXPOSED_POSTS).as(EXPOSED_POSTS),
                sum(INTERACTIONS).as(INTERACTIONS_ON_FOLLOWED));
    Dataset<Row> byEvents =
        eventsDF
            .groupBy(col(ACTOR_ID).as(FOLLOWER_ID))
            .agg(
                count(lit(1)).as(TOTAL),
                countOf("like").as(LIKES),
                countOf("comment").as(COMMENTS),
                countOf("share").as(SHARES),
                countOf("save").as(SAVES),
                countDistinct(to_date(from_utc_timestamp(col(TS), zone))).as(ACTIVE_DAYS),
                max(TS).as(LAST_TS));
    Dataset<Row> profiles =
        profilesDF.select(
            col(USER_ID).as(FOLLOWER_ID),
            lit(true).as(HAS_PROFILE),
            col(FOLLOWERS_COUNT),
            col(FOLLOWING_COUNT),
            col(MEDIA_COUNT),
            col(HAS_PROFILE_PIC),
            col(CREATED_AT),
            col(USERNAME),
            col(BIOGRAPHY_LENGTH),
            col(IS_PRIVATE),
            col(PROVINCE));
    Column judged = col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS));
    Column digits = length(regexp_replace(col(USERNAME), "[^0-9]", ""));
    return byRelationships
        .join(byEvents, new String[] {FOLLOWER_ID}, "left")
        .join(profiles, new String[] {FOLLOWER_ID}, "left")
        .select(
            col(FOLLOWER_ID),
            col(ACCOUNTS_FOLLOWED),
            col(ENGAGED_RELATIONSHIPS),
            col(SILENT_RELATIONSHIPS),
            col(NOT_JUDGED_RELATIONSHIPS),
            when(judged.gt(0), col(ENGAGED_RELATIONSHIPS).divide(judged)).as(ENGAGED_SHARE),
            when(judged.gt(0), col(SILENT_RELATIONSHIPS).divide(judged)).as(SILENT_SHARE),
            col(EXPOSED_POSTS),
            col(INTERACTIONS_ON_FOLLOWED),
            greatest(coalesce(col(TOTAL), lit(0L)).minus(col(INTERACTIONS_ON_FOLLOWED)), lit(0L))
                .as(INTERACTIONS_NOT_FOLLOWED),
            when(col(EXPOSED_POSTS).gt(0), col(INTERACTIONS_ON_FOLLOWED).divide(col(EXPOSED_POSTS)))
                .as(INTERACTION_RATE),
            coalesce(col(LIKES), lit(0L)).as(LIKES),
            coalesce(col(COMMENTS), lit(0L)).as(COMMENTS),
            coalesce(col(SHARES), lit(0L)).as(SHARES),
            coalesce(col(SAVES), lit(0L)).as(SAVES),
            coalesce(col(ACTIVE_DAYS), lit(0L)).as(ACTIVE_DAYS),
            datediff(runDate, to_date(from_utc_timestamp(col(LAST_TS), zone)))
                .as(DAYS_SINCE_LAST_INTERACTION),
            coalesce(col(HAS_PROFILE), lit(false)).as(HAS_PROFILE),
            col(FOLLOWERS_COUNT),
            col(FOLLOWING_COUNT),
            col(FOLLOWING_COUNT)
                .cast("double")
                .divide(greatest(col(FOLLOWERS_COUNT), lit(1L)))
                .as(FOLLOWING_TO_FOLLOWERS),
            col(MEDIA_COUNT),
            col(HAS_PROFILE_PIC),
            datediff(runDate, to_date(from_utc_timestamp(col(CREATED_AT), zone)))
                .as(ACCOUNT_AGE_DAYS),
            when(length(col(USERNAME)).gt(0), digits.divide(length(col(USERNAME))))
                .as(USERNAME_DIGIT_SHARE),
            col(BIOGRAPHY_LENGTH),
            col(IS_PRIVATE),
            col(PROVINCE));
  }
}
