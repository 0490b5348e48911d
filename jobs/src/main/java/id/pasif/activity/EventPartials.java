package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The event side of the window, built from per-delivery partial aggregates instead of the window's
 * raw events (issue 15, incremental nights). Each delivery's events are reduced once, when their
 * date is run, to rows keyed by the events' local day ({@link #of}); a night sums, maxes and ORs
 * the partials whose day lies inside its window ({@link #pairActivity}, {@link #followerEvents}).
 * Every window figure the activity stage takes from events is a sum, a max, a distinct count of
 * days or a bitwise OR, so the partials of the window's deliveries give exactly what its events
 * give at once. docs/activity.md defines the grains; the {@code event_partials} table stores them.
 *
 * <p>One table with a {@code grain} column, not one table per grain: each Delta table written costs
 * a night about 15 Spark jobs, and the four grains are written in one commit.
 */
public final class EventPartials {
  private EventPartials() {}

  /** Per (day, follower, account): likes, comments, shares, saves, last_interaction_at. */
  public static final String PAIR = "pair";

  /**
   * Per (day, follower): events, likes, comments, shares, saves, last_interaction_at, second_mask,
   * timed_reactions, fast_reactions.
   */
  public static final String FOLLOWER = "follower";

  /** Per (day, follower, comment_text): comments, the comments with that exact text. */
  public static final String TEXT = "text";

  /**
   * One row per delivery (day = dt): events, the interactions the partials hold. It marks the
   * delivery as reduced even when none of its events falls inside a window.
   */
  public static final String DELIVERY = "delivery";

  /** The columns of a partial row, in this order (the table adds dt). */
  public static final String[] COLUMNS = {
    DAY,
    GRAIN,
    FOLLOWER_ID,
    ACCOUNT_ID,
    COMMENT_TEXT,
    EVENTS,
    LIKES,
    COMMENTS,
    SHARES,
    SAVES,
    LAST_INTERACTION_AT,
    SECOND_MASK,
    TIMED_REACTIONS,
    FAST_REACTIONS
  };

  static final String TOTAL = "total_interactions";
  static final String LAST_TS = "last_ts";

  /**
   * The publication time of each post, for {@link #of}: the earliest posted_at of its rows.
   *
   * @param postsDF the posts whose time an interaction may use (post_id, posted_at)
   */
  public static Dataset<Row> published(Dataset<Row> postsDF) {
    return postsDF.groupBy(POST_ID).agg(min(POSTED_AT).as(POSTED_AT));
  }

  /**
   * The partial rows of one delivery's events, every grain (columns {@link #COLUMNS}).
   *
   * @param eventsDF the delivery's interactions, self-interactions removed (actor_id, account_id,
   *     post_id, type, ts, comment_text); each event once
   * @param publishedDF from {@link #published}: the posts of known publication time for these
   *     events; null when none is known (timed_reactions and fast_reactions are then 0)
   * @param zone the day zone (pasif.day.timezone): day is the local day of ts
   */
  public static Dataset<Row> of(Dataset<Row> eventsDF, Dataset<Row> publishedDF, ZoneId zone) {
    Column day = to_date(from_utc_timestamp(col(TS), zone.getId())).as(DAY);
    Column follower = col(ACTOR_ID).as(FOLLOWER_ID);
    Column noLong = lit(null).cast("long");
    Column noText = lit(null).cast("string");
    Column noTs = lit(null).cast("timestamp");

    Dataset<Row> pairs =
        eventsDF
            .groupBy(day, follower, col(ACCOUNT_ID))
            .agg(
                countOf("like").as(LIKES),
                countOf("comment").as(COMMENTS),
                countOf("share").as(SHARES),
                countOf("save").as(SAVES),
                max(TS).as(LAST_INTERACTION_AT))
            .select(
                col(DAY),
                lit(PAIR).as(GRAIN),
                col(FOLLOWER_ID),
                col(ACCOUNT_ID),
                noText.as(COMMENT_TEXT),
                noLong.as(EVENTS),
                col(LIKES),
                col(COMMENTS),
                col(SHARES),
                col(SAVES),
                col(LAST_INTERACTION_AT),
                noLong.as(SECOND_MASK),
                noLong.as(TIMED_REACTIONS),
                noLong.as(FAST_REACTIONS));

    Dataset<Row> timed;
    Column timedCount;
    Column fastCount;
    if (publishedDF == null) {
      timed = eventsDF;
      timedCount = lit(0L);
      fastCount = lit(0L);
    } else {
      timed = eventsDF.join(publishedDF, new String[] {POST_ID}, "left");
      Column delay = unix_timestamp(col(TS)).minus(unix_timestamp(col(POSTED_AT)));
      timedCount = count(col(POSTED_AT));
      fastCount = count(when(delay.between(0, Activity.FAST_REACTION_SECONDS), lit(1)));
    }
    Dataset<Row> followers =
        timed
            .groupBy(day, follower)
            .agg(
                count(lit(1)).as(EVENTS),
                countOf("like").as(LIKES),
                countOf("comment").as(COMMENTS),
                countOf("share").as(SHARES),
                countOf("save").as(SAVES),
                max(TS).as(LAST_INTERACTION_AT),
                bit_or(call_function("shiftleft", lit(1L), second(col(TS)))).as(SECOND_MASK),
                timedCount.as(TIMED_REACTIONS),
                fastCount.as(FAST_REACTIONS))
            .select(
                col(DAY),
                lit(FOLLOWER).as(GRAIN),
                col(FOLLOWER_ID),
                noLong.as(ACCOUNT_ID),
                noText.as(COMMENT_TEXT),
                col(EVENTS),
                col(LIKES),
                col(COMMENTS),
                col(SHARES),
                col(SAVES),
                col(LAST_INTERACTION_AT),
                col(SECOND_MASK),
                col(TIMED_REACTIONS),
                col(FAST_REACTIONS));

    Dataset<Row> texts =
        eventsDF
            .where(col(TYPE).equalTo("comment").and(col(COMMENT_TEXT).isNotNull()))
            .groupBy(day, follower, col(COMMENT_TEXT))
            .agg(count(lit(1)).as(COMMENTS))
            .select(
                col(DAY),
                lit(TEXT).as(GRAIN),
                col(FOLLOWER_ID),
                noLong.as(ACCOUNT_ID),
                col(COMMENT_TEXT),
                noLong.as(EVENTS),
                noLong.as(LIKES),
                col(COMMENTS),
                noLong.as(SHARES),
                noLong.as(SAVES),
                noTs.as(LAST_INTERACTION_AT),
                noLong.as(SECOND_MASK),
                noLong.as(TIMED_REACTIONS),
                noLong.as(FAST_REACTIONS));

    return pairs.unionByName(followers).unionByName(texts);
  }

  /**
   * The {@link #DELIVERY} row of a delivery: day = {@code dt}, events = its interactions reduced.
   * One row even when there are none.
   */
  public static Dataset<Row> delivery(Dataset<Row> eventsDF, java.time.LocalDate dt) {
    Column noLong = lit(null).cast("long");
    return eventsDF
        .agg(count(lit(1)).as(EVENTS))
        .select(
            lit(dt).as(DAY),
            lit(DELIVERY).as(GRAIN),
            noLong.as(FOLLOWER_ID),
            noLong.as(ACCOUNT_ID),
            lit(null).cast("string").as(COMMENT_TEXT),
            col(EVENTS),
            noLong.as(LIKES),
            noLong.as(COMMENTS),
            noLong.as(SHARES),
            noLong.as(SAVES),
            lit(null).cast("timestamp").as(LAST_INTERACTION_AT),
            noLong.as(SECOND_MASK),
            noLong.as(TIMED_REACTIONS),
            noLong.as(FAST_REACTIONS));
  }

  /** The partial rows whose day lies inside the window (any delivery date). */
  public static Dataset<Row> inWindow(Dataset<Row> partialsDF, Window w) {
    return partialsDF.where(col(DAY).between(lit(w.firstDate()), lit(w.runDate())));
  }

  /**
   * Per (follower_id, account_id): likes, comments, shares, saves and last_interaction_at over the
   * partials given (the same columns as {@link Activity#pairActivity} of the events they reduce).
   */
  public static Dataset<Row> pairActivity(Dataset<Row> partialsDF) {
    return pairRows(partialsDF)
        .groupBy(FOLLOWER_ID, ACCOUNT_ID)
        .agg(
            sum(LIKES).as(LIKES),
            sum(COMMENTS).as(COMMENTS),
            sum(SHARES).as(SHARES),
            sum(SAVES).as(SAVES),
            max(LAST_INTERACTION_AT).as(LAST_INTERACTION_AT));
  }

  /**
   * The pair rows of the partials given, not yet summed per pair: follower_id, account_id, likes,
   * comments, shares, saves, last_interaction_at, one row per (day, pair) and delivery. {@link
   * Activity#relationships} sums them with the follows in one aggregation; {@link #pairActivity}
   * sums them alone.
   */
  public static Dataset<Row> pairRows(Dataset<Row> partialsDF) {
    return partialsDF
        .where(col(GRAIN).equalTo(PAIR))
        .select(
            col(FOLLOWER_ID),
            col(ACCOUNT_ID),
            col(LIKES),
            col(COMMENTS),
            col(SHARES),
            col(SAVES),
            col(LAST_INTERACTION_AT));
  }

  /**
   * Per follower (actor) with an event: its event columns of follower_features over the partials
   * given: total_interactions, likes, comments, shares, saves, active_days, last_ts,
   * comments_with_text, comment_duplicate_share, fast_reaction_share and clock_regularity
   * (docs/activity.md; the same values as {@link Activity#commentDuplication} and {@link
   * Activity#reactionTiming} of the events they reduce).
   */
  public static Dataset<Row> followerEvents(Dataset<Row> partialsDF) {
    Dataset<Row> byFollower =
        partialsDF
            .where(col(GRAIN).equalTo(FOLLOWER))
            .groupBy(FOLLOWER_ID)
            .agg(
                sum(EVENTS).as(TOTAL),
                sum(LIKES).as(LIKES),
                sum(COMMENTS).as(COMMENTS),
                sum(SHARES).as(SHARES),
                sum(SAVES).as(SAVES),
                countDistinct(col(DAY)).as(ACTIVE_DAYS),
                max(LAST_INTERACTION_AT).as(LAST_TS),
                bit_count(bit_or(col(SECOND_MASK))).as("distinct_seconds"),
                sum(TIMED_REACTIONS).as("timed"),
                sum(FAST_REACTIONS).as("fast"))
            .select(
                col(FOLLOWER_ID),
                col(TOTAL),
                col(LIKES),
                col(COMMENTS),
                col(SHARES),
                col(SAVES),
                col(ACTIVE_DAYS),
                col(LAST_TS),
                when(col("timed").geq(Activity.CLOCK_MIN_EVENTS), col("fast").divide(col("timed")))
                    .as(FAST_REACTION_SHARE),
                when(
                        col(TOTAL).geq(Activity.CLOCK_MIN_EVENTS),
                        lit(1.0)
                            .minus(
                                col("distinct_seconds")
                                    .minus(1)
                                    .divide(least(col(TOTAL), lit(60L)).minus(1))))
                    .as(CLOCK_REGULARITY));
    Dataset<Row> texts =
        partialsDF
            .where(col(GRAIN).equalTo(TEXT))
            .groupBy(FOLLOWER_ID, COMMENT_TEXT)
            .agg(sum(COMMENTS).as("n"))
            .groupBy(FOLLOWER_ID)
            .agg(
                sum(col("n")).as(COMMENTS_WITH_TEXT),
                sum(when(col("n").geq(2), col("n")).otherwise(lit(0L)))
                    .divide(sum(col("n")))
                    .as(COMMENT_DUPLICATE_SHARE));
    return byFollower.join(texts, new String[] {FOLLOWER_ID}, "left");
  }

  private static Column countOf(String type) {
    return count(when(col(TYPE).equalTo(type), lit(1)));
  }
}
