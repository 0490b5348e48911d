package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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
    FAST_REACTIONS,
    DAY_MASK,
    SECOND_DAYS
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
                noLong.as(FAST_REACTIONS),
                noLong.as(DAY_MASK),
                NO_SECONDS.as(SECOND_DAYS));

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
                col(FAST_REACTIONS),
                noLong.as(DAY_MASK),
                NO_SECONDS.as(SECOND_DAYS));

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
                noLong.as(FAST_REACTIONS),
                noLong.as(DAY_MASK),
                NO_SECONDS.as(SECOND_DAYS));

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
            noLong.as(FAST_REACTIONS),
            noLong.as(DAY_MASK),
            NO_SECONDS.as(SECOND_DAYS));
  }

  /**
   * The delivery partial rows (grains pair, follower and text) whose day lies inside the window,
   * whatever their delivery date.
   */
  public static Dataset<Row> inWindow(Dataset<Row> partialsDF, Window w) {
    return partialsDF
        .where(col(GRAIN).isin(PAIR, FOLLOWER, TEXT))
        .where(col(DAY).between(lit(w.firstDate()), lit(w.runDate())));
  }

  // ---- the window state (issue 15: a night rolls yesterday's state forward) ----

  /** Marker row of a window state (one per run date): events = the window's length in days. */
  public static final String WINDOW = "window";

  /** Window state per (follower, account): the pair columns summed over the window. */
  public static final String WINDOW_PAIR = "window_pair";

  /**
   * Window state per follower: the follower columns summed over the window, last_interaction_at,
   * day_mask (the window's active days) and second_days (per second of a minute, the partial rows
   * with it); second_mask is the OR of the window's masks.
   */
  public static final String WINDOW_FOLLOWER = "window_follower";

  /** Window state per (follower, comment text): comments with that text in the window. */
  public static final String WINDOW_TEXT = "window_text";

  /** The grains of a window state's rows. */
  public static final List<String> STATE_GRAINS =
      List.of(WINDOW, WINDOW_PAIR, WINDOW_FOLLOWER, WINDOW_TEXT);

  /** The longest window a state can hold: day_mask has one bit per day, 64 in all. */
  public static final int MAX_WINDOW_DAYS = id.pasif.config.PasifConfig.MAX_WINDOW_DAYS;

  private static final Column NO_SECONDS = lit(null).cast("array<int>");

  /**
   * The window state of run date {@code w.runDate()}: one {@link #WINDOW} marker row and the rows
   * of grains {@link #WINDOW_PAIR}, {@link #WINDOW_FOLLOWER} and {@link #WINDOW_TEXT} (columns
   * {@link #COLUMNS}; day = the run date). Built either by summing the window's partials ({@code
   * previousDF} and {@code expiredDF} null, {@code addedDF} every partial row of the window) or by
   * rolling the state of an earlier date forward: its rows, plus the partials delivered since,
   * minus the partials that left the window.
   *
   * <p>Sums are subtracted. The maxima and ORs are not, and need not be: the days that leave the
   * window are its earliest, so a key's latest interaction lies in them only when all of its events
   * do, and then its counts drop to 0 and the key leaves the state; a day's bit in day_mask is
   * cleared by masking with the window's days; and second_days counts, per second, the partial rows
   * that set it, so that the count falls to 0 exactly when no row of the window is left with it.
   * docs/activity.md, "Window state", works the argument out.
   *
   * @param previousDF the state rows of the earlier date, or null to sum the window's partials
   * @param addedDF partial rows (grains pair, follower, text) entering the window, days inside it
   * @param expiredDF partial rows that were in the previous state and are not in this window, or
   *     null
   */
  public static Dataset<Row> windowState(
      Dataset<Row> previousDF, Dataset<Row> addedDF, Dataset<Row> expiredDF, Window w) {
    if (w.days() > MAX_WINDOW_DAYS) {
      throw new IllegalArgumentException(
          "window of " + w.days() + " days; the window state holds at most " + MAX_WINDOW_DAYS);
    }
    Dataset<Row> signed = signed(addedDF, 1);
    if (expiredDF != null) {
      signed = signed.unionByName(signed(expiredDF, -1));
    }
    if (previousDF != null) {
      signed = signed.unionByName(previousState(previousDF));
    }
    Column runDay = lit(w.runDate()).as(DAY);
    Column noLong = lit(null).cast("long");
    Column noText = lit(null).cast("string");
    Column noTs = lit(null).cast("timestamp");

    Dataset<Row> pairs =
        signed
            .where(col(GRAIN).equalTo(PAIR))
            .groupBy(FOLLOWER_ID, ACCOUNT_ID)
            .agg(
                sum(LIKES).as(LIKES),
                sum(COMMENTS).as(COMMENTS),
                sum(SHARES).as(SHARES),
                sum(SAVES).as(SAVES),
                max(LAST_INTERACTION_AT).as(LAST_INTERACTION_AT))
            .where(col(LIKES).plus(col(COMMENTS)).plus(col(SHARES)).plus(col(SAVES)).gt(0))
            .select(
                runDay,
                lit(WINDOW_PAIR).as(GRAIN),
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
                noLong.as(FAST_REACTIONS),
                noLong.as(DAY_MASK),
                NO_SECONDS.as(SECOND_DAYS));

    List<Column> secondSums = new ArrayList<>();
    Column mask = lit(0L);
    for (int s = 0; s < 60; s++) {
      secondSums.add(sum(element_at(col(SECOND_DAYS), s + 1)).cast("int").as("s" + s));
    }
    List<Column> perSecond = new ArrayList<>();
    for (int s = 0; s < 60; s++) {
      perSecond.add(col("s" + s));
      mask = mask.bitwiseOR(when(col("s" + s).gt(0), lit(1L << s)).otherwise(lit(0L)));
    }
    List<Column> followerAggs =
        new ArrayList<>(
            List.of(
                sum(LIKES).as(LIKES),
                sum(COMMENTS).as(COMMENTS),
                sum(SHARES).as(SHARES),
                sum(SAVES).as(SAVES),
                max(LAST_INTERACTION_AT).as(LAST_INTERACTION_AT),
                sum(TIMED_REACTIONS).as(TIMED_REACTIONS),
                sum(FAST_REACTIONS).as(FAST_REACTIONS),
                bit_or(col(DAY_MASK)).as(DAY_MASK)));
    followerAggs.addAll(secondSums);
    Dataset<Row> followers =
        signed
            .where(col(GRAIN).equalTo(FOLLOWER))
            .groupBy(FOLLOWER_ID)
            .agg(sum(EVENTS).as(EVENTS), followerAggs.toArray(new Column[0]))
            .where(col(EVENTS).gt(0))
            .select(
                runDay,
                lit(WINDOW_FOLLOWER).as(GRAIN),
                col(FOLLOWER_ID),
                noLong.as(ACCOUNT_ID),
                noText.as(COMMENT_TEXT),
                col(EVENTS),
                col(LIKES),
                col(COMMENTS),
                col(SHARES),
                col(SAVES),
                col(LAST_INTERACTION_AT),
                mask.as(SECOND_MASK),
                col(TIMED_REACTIONS),
                col(FAST_REACTIONS),
                col(DAY_MASK).bitwiseAND(lit(windowBits(w))).as(DAY_MASK),
                array(perSecond.toArray(new Column[0])).as(SECOND_DAYS));

    Dataset<Row> texts =
        signed
            .where(col(GRAIN).equalTo(TEXT))
            .groupBy(FOLLOWER_ID, COMMENT_TEXT)
            .agg(sum(COMMENTS).as(COMMENTS))
            .where(col(COMMENTS).gt(0))
            .select(
                runDay,
                lit(WINDOW_TEXT).as(GRAIN),
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
                noLong.as(FAST_REACTIONS),
                noLong.as(DAY_MASK),
                NO_SECONDS.as(SECOND_DAYS));

    Dataset<Row> marker =
        addedDF
            .sparkSession()
            .range(1)
            .select(
                runDay,
                lit(WINDOW).as(GRAIN),
                noLong.as(FOLLOWER_ID),
                noLong.as(ACCOUNT_ID),
                noText.as(COMMENT_TEXT),
                lit((long) w.days()).as(EVENTS),
                noLong.as(LIKES),
                noLong.as(COMMENTS),
                noLong.as(SHARES),
                noLong.as(SAVES),
                noTs.as(LAST_INTERACTION_AT),
                noLong.as(SECOND_MASK),
                noLong.as(TIMED_REACTIONS),
                noLong.as(FAST_REACTIONS),
                noLong.as(DAY_MASK),
                NO_SECONDS.as(SECOND_DAYS));
    return marker.unionByName(pairs).unionByName(followers).unionByName(texts);
  }

  /**
   * Partial rows of the delivery grains in the state's terms (grains pair, follower, text): counts
   * times {@code sign}; for the rows that leave the window (sign -1) no latest interaction and no
   * day bit, which the window's maximum and mask never take from them.
   */
  private static Dataset<Row> signed(Dataset<Row> partialsDF, long sign) {
    List<Column> seconds = new ArrayList<>();
    for (int s = 0; s < 60; s++) {
      seconds.add(
          when(
                  col(GRAIN).equalTo(FOLLOWER),
                  shiftright(col(SECOND_MASK), s).bitwiseAND(lit(1L)).multiply(sign).cast("int"))
              .otherwise(lit(0)));
    }
    boolean entering = sign > 0;
    return partialsDF
        .where(col(GRAIN).isin(PAIR, FOLLOWER, TEXT))
        .select(
            col(GRAIN),
            col(FOLLOWER_ID),
            col(ACCOUNT_ID),
            col(COMMENT_TEXT),
            col(EVENTS).multiply(sign).as(EVENTS),
            col(LIKES).multiply(sign).as(LIKES),
            col(COMMENTS).multiply(sign).as(COMMENTS),
            col(SHARES).multiply(sign).as(SHARES),
            col(SAVES).multiply(sign).as(SAVES),
            (entering ? col(LAST_INTERACTION_AT) : lit(null).cast("timestamp"))
                .as(LAST_INTERACTION_AT),
            col(TIMED_REACTIONS).multiply(sign).as(TIMED_REACTIONS),
            col(FAST_REACTIONS).multiply(sign).as(FAST_REACTIONS),
            (entering ? dayBit(col(DAY)) : lit(0L)).as(DAY_MASK),
            array(seconds.toArray(new Column[0])).as(SECOND_DAYS));
  }

  /** The rows of an earlier window state in the terms of {@link #signed} (grains renamed). */
  private static Dataset<Row> previousState(Dataset<Row> stateDF) {
    Column grain =
        when(col(GRAIN).equalTo(WINDOW_PAIR), lit(PAIR))
            .when(col(GRAIN).equalTo(WINDOW_FOLLOWER), lit(FOLLOWER))
            .otherwise(lit(TEXT));
    Column zeros = array(java.util.Collections.nCopies(60, lit(0)).toArray(new Column[0]));
    return stateDF
        .where(col(GRAIN).isin(WINDOW_PAIR, WINDOW_FOLLOWER, WINDOW_TEXT))
        .select(
            grain.as(GRAIN),
            col(FOLLOWER_ID),
            col(ACCOUNT_ID),
            col(COMMENT_TEXT),
            col(EVENTS),
            col(LIKES),
            col(COMMENTS),
            col(SHARES),
            col(SAVES),
            col(LAST_INTERACTION_AT),
            col(TIMED_REACTIONS),
            col(FAST_REACTIONS),
            coalesce(col(DAY_MASK), lit(0L)).as(DAY_MASK),
            coalesce(col(SECOND_DAYS), zeros).as(SECOND_DAYS));
  }

  /** The bit of a local day in day_mask: 1 << (days since 1970-01-01 mod 64). */
  static Column dayBit(Column day) {
    return call_function(
        "shiftleft", lit(1L), pmod(call_function("unix_date", day), lit(64)).cast("int"));
  }

  /** The bits of the window's days in day_mask. */
  static long windowBits(Window w) {
    long bits = 0;
    for (LocalDate d = w.firstDate(); !d.isAfter(w.runDate()); d = d.plusDays(1)) {
      bits |= 1L << Math.floorMod(d.toEpochDay(), 64);
    }
    return bits;
  }

  /**
   * Per (follower_id, account_id) with an event in the window: likes, comments, shares, saves and
   * last_interaction_at (the same columns as {@link Activity#pairActivity} of the window's events).
   *
   * @param stateDF the window state ({@link #windowState})
   */
  public static Dataset<Row> pairActivity(Dataset<Row> stateDF) {
    return stateDF
        .where(col(GRAIN).equalTo(WINDOW_PAIR))
        .select(FOLLOWER_ID, ACCOUNT_ID, LIKES, COMMENTS, SHARES, SAVES, LAST_INTERACTION_AT);
  }

  /**
   * Per follower (actor) with an event in the window: its event columns of follower_features:
   * total_interactions, likes, comments, shares, saves, active_days, last_ts, comments_with_text,
   * comment_duplicate_share, fast_reaction_share and clock_regularity (docs/activity.md; the same
   * values as {@link Activity#commentDuplication} and {@link Activity#reactionTiming} of the
   * window's events).
   *
   * @param stateDF the window state ({@link #windowState})
   */
  public static Dataset<Row> followerEvents(Dataset<Row> stateDF) {
    Column distinctSeconds = bit_count(col(SECOND_MASK)).cast("long");
    Dataset<Row> byFollower =
        stateDF
            .where(col(GRAIN).equalTo(WINDOW_FOLLOWER))
            .select(
                col(FOLLOWER_ID),
                col(EVENTS).as(TOTAL),
                col(LIKES),
                col(COMMENTS),
                col(SHARES),
                col(SAVES),
                bit_count(col(DAY_MASK)).cast("long").as(ACTIVE_DAYS),
                col(LAST_INTERACTION_AT).as(LAST_TS),
                when(
                        col(TIMED_REACTIONS).geq(Activity.CLOCK_MIN_EVENTS),
                        col(FAST_REACTIONS).divide(col(TIMED_REACTIONS)))
                    .as(FAST_REACTION_SHARE),
                when(
                        col(EVENTS).geq(Activity.CLOCK_MIN_EVENTS),
                        lit(1.0)
                            .minus(
                                distinctSeconds
                                    .minus(1)
                                    .divide(least(col(EVENTS), lit(60L)).minus(1))))
                    .as(CLOCK_REGULARITY));
    Dataset<Row> texts =
        stateDF
            .where(col(GRAIN).equalTo(WINDOW_TEXT))
            .groupBy(FOLLOWER_ID)
            .agg(
                sum(col(COMMENTS)).as(COMMENTS_WITH_TEXT),
                sum(when(col(COMMENTS).geq(2), col(COMMENTS)).otherwise(lit(0L)))
                    .divide(sum(col(COMMENTS)))
                    .as(COMMENT_DUPLICATE_SHARE));
    return byFollower.join(texts, new String[] {FOLLOWER_ID}, "left");
  }

  private static Column countOf(String type) {
    return count(when(col(TYPE).equalTo(type), lit(1)));
  }
}
