package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The pure transformations of the activity stage. Each takes and returns DataFrames; {@link
 * ActivityJob} does the reading and writing.
 */
public final class Activity {
  private Activity() {}

  private static final String POST_TIMES = "post_times";
  private static final String FIRST_POSTED_AT = "first_posted_at";
  private static final String TOTAL = EventPartials.TOTAL;
  private static final String LAST_TS = EventPartials.LAST_TS;
  private static final String SALT = "salt";
  private static final String SALTS = "salts";
  private static final String REV = "rev";
  private static final String T_US = "t_us";
  private static final String IN_HOUR = "in_hour";
  private static final String STARTS_BURST = "starts_burst";
  private static final String IN_BURST = "in_burst";
  private static final String BUCKET = "bucket";
  private static final String AROUND = "around";
  private static final long HOUR_US = 3_600_000_000L;

  /** Standing follows of one account per join key before it is split (see relationships). */
  public static final long SALT_ROWS = 20_000L;

  /** A follow is in a burst when an hour holding it holds at least this many follows. */
  public static final int BURST_MIN_FOLLOWS = 10;

  /** Width of a lockstep time bucket, in minutes. */
  public static final int LOCKSTEP_MINUTES = 10;

  /** A follower is young when its account was less than this many days old at the follow. */
  public static final int YOUNG_DAYS = 30;

  /**
   * The follows standing at the end of the window, one row per (follower, account) with the
   * earliest {@code followed_at}. Needs follower_id, account_id, followed_at, unfollowed_at.
   */
  public static Dataset<Row> standingFollows(Dataset<Row> followsDF, Window w) {
    return standingRows(followsDF, w)
        .groupBy(FOLLOWER_ID, ACCOUNT_ID)
        .agg(min(FOLLOWED_AT).as(FOLLOWED_AT));
  }

  /**
   * The follow rows standing at the end of the window (follower_id, account_id, followed_at), not
   * yet one per pair: {@link #relationships} takes the earliest {@code followed_at} of a pair in
   * the same aggregation that sums its activity, so the activity stage aggregates the follows once.
   */
  public static Dataset<Row> standingRows(Dataset<Row> followsDF, Window w) {
    Column end = lit(w.endTs());
    return followsDF
        .where(col(FOLLOWED_AT).lt(end))
        .where(col(UNFOLLOWED_AT).isNull().or(col(UNFOLLOWED_AT).geq(end)))
        .where(col(FOLLOWER_ID).notEqual(col(ACCOUNT_ID)))
        .select(col(FOLLOWER_ID), col(ACCOUNT_ID), col(FOLLOWED_AT));
  }

  /**
   * Interactions inside the window, self-interactions removed. Needs event_id, actor_id,
   * account_id, post_id, type, ts, comment_text; returns the same columns.
   *
   * <p>Each event id is in bronze once (ingest quarantines a repeated id within a dump as {@code
   * duplicate_key} and one another delivery brought first as {@code already_delivered}), so the
   * window needs no de-duplication: no sort of the window's events.
   */
  public static Dataset<Row> windowEvents(Dataset<Row> interactionsDF, Window w) {
    return eventsSince(interactionsDF, w.startTs()).where(col(TS).lt(lit(w.endTs())));
  }

  /**
   * Interactions at or after {@code start}, self-interactions removed, with the columns of {@link
   * #windowEvents} (which also bounds them by the window's end; a delivery's partials keep later
   * ones for the windows to come).
   */
  public static Dataset<Row> eventsSince(Dataset<Row> interactionsDF, java.sql.Timestamp start) {
    return interactionsDF
        .where(col(TS).geq(lit(start)))
        .where(col(ACTOR_ID).notEqual(col(ACCOUNT_ID)))
        .select(
            col(EVENT_ID),
            col(ACTOR_ID),
            col(ACCOUNT_ID),
            col(POST_ID),
            col(TYPE),
            col(TS),
            col(COMMENT_TEXT));
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

  /**
   * Per account: the publication times of its posts inside the window (a small array) and the
   * earliest of them.
   */
  public static Dataset<Row> postTimes(Dataset<Row> postsDF, Window w) {
    return postsDF
        .where(col(POSTED_AT).geq(lit(w.startTs())).and(col(POSTED_AT).lt(lit(w.endTs()))))
        .groupBy(ACCOUNT_ID)
        .agg(
            array_sort(collect_set(struct(col(POST_ID), col(POSTED_AT)))).as(POST_TIMES),
            min(col(POSTED_AT)).as(FIRST_POSTED_AT));
  }

  /**
   * One row per standing follow with its exposure, activity, reciprocity and state, with the
   * default skew split ({@link #SALT_ROWS}).
   *
   * @see #relationships(Dataset, Dataset, Dataset, int, long)
   */
  public static Dataset<Row> relationships(
      Dataset<Row> standingDF, Dataset<Row> pairDF, Dataset<Row> postTimesDF, int minExposure) {
    return relationships(standingDF, pairDF, postTimesDF, minExposure, SALT_ROWS);
  }

  /**
   * One row per standing follow with its exposure, activity, reciprocity and state. Adds
   * exposed_posts, likes, comments, shares, saves, interactions, last_interaction_at, is_reciprocal
   * and state to follower_id, account_id, followed_at.
   *
   * <p>Skew: exposure needs the account's post times, a join keyed by account, and a celebrity
   * holds millions of the follows. An account with more than {@code saltRows} standing follows is
   * split into {@code ceil(follows / saltRows)} keys by a hash of the follower, and only that
   * account's (small) post-time row is replicated once per key. The heavy accounts are found by a
   * map-side-combined count and broadcast; there are at most {@code follows / saltRows} of them.
   *
   * <p>One aggregation per (follower, account): the standing follow rows, the same rows reversed
   * (for is_reciprocal) and the pairs' activity rows are stacked and reduced together (earliest
   * followed_at, summed counts, latest interaction, any reverse follow), and the keys without a
   * standing follow dropped. Both inputs may hold several rows per pair: already reduced ones
   * ({@link #standingFollows}, {@link #pairActivity}) give the same relationships as the unreduced
   * ones the stage passes ({@link #standingRows}, {@link EventPartials#pairRows}). Stacked, the
   * forward and reversed follows cross one exchange together and nothing is sorted; joined, they
   * crossed two and three sort-merge joins sorted them (docs/activity.md, "Scale").
   *
   * @param standingDF from {@link #standingRows} or {@link #standingFollows}
   * @param pairDF from {@link #pairActivity} or {@link EventPartials#pairRows}; with
   *     latest_post_reactions ({@link LatestPosts#onPairs}) the relationships carry it too (0 where
   *     none)
   * @param postTimesDF from {@link #postTimes}
   * @param minExposure posts needed before silence counts
   * @param saltRows standing follows of one account per join key
   */
  public static Dataset<Row> relationships(
      Dataset<Row> standingDF,
      Dataset<Row> pairDF,
      Dataset<Row> postTimesDF,
      int minExposure,
      long saltRows) {
    boolean withLatest = Arrays.asList(pairDF.columns()).contains(LATEST_POST_REACTIONS);
    // each follow row read once, as itself and reversed (the reverse marks is_reciprocal)
    org.apache.spark.sql.types.DataType followedAt =
        standingDF.schema().apply(FOLLOWED_AT).dataType();
    Dataset<Row> stacked =
        standingDF
            .select(
                inline(
                    array(
                        struct(
                            col(FOLLOWER_ID).as(FOLLOWER_ID),
                            col(ACCOUNT_ID).as(ACCOUNT_ID),
                            col(FOLLOWED_AT).as(FOLLOWED_AT),
                            lit(null).cast("boolean").as(REV)),
                        struct(
                            col(ACCOUNT_ID).as(FOLLOWER_ID),
                            col(FOLLOWER_ID).as(ACCOUNT_ID),
                            lit(null).cast(followedAt).as(FOLLOWED_AT),
                            lit(true).as(REV)))))
            .unionByName(pairDF, true);
    List<Column> sums =
        new ArrayList<>(
            List.of(
                sum(LIKES).as(LIKES),
                sum(COMMENTS).as(COMMENTS),
                sum(SHARES).as(SHARES),
                sum(SAVES).as(SAVES),
                max(LAST_INTERACTION_AT).as(LAST_INTERACTION_AT),
                max(REV).as(REV)));
    if (withLatest) {
      sums.add(sum(LATEST_POST_REACTIONS).as(LATEST_POST_REACTIONS));
    }
    Dataset<Row> pairs =
        stacked
            .groupBy(FOLLOWER_ID, ACCOUNT_ID)
            .agg(min(FOLLOWED_AT).as(FOLLOWED_AT), sums.toArray(new Column[0]))
            .where(col(FOLLOWED_AT).isNotNull());
    // Heavy accounts from the follow rows as given: a pair repeated in them counts twice, which
    // only moves where an account is split, never a value.
    Dataset<Row> heavy =
        standingDF
            .groupBy(ACCOUNT_ID)
            .agg(count(lit(1)).as("n"))
            .where(col("n").gt(saltRows))
            .select(col(ACCOUNT_ID), ceil(col("n").divide(saltRows)).cast("int").as(SALTS));
    Column salt =
        coalesce(pmod(xxhash64(col(FOLLOWER_ID)), col(SALTS).cast("long")), lit(0L))
            .cast("int")
            .as(SALT);
    Dataset<Row> saltedPosts =
        postTimesDF
            .join(broadcast(heavy), new String[] {ACCOUNT_ID}, "left")
            .select(
                col(ACCOUNT_ID),
                explode(sequence(lit(0), coalesce(col(SALTS), lit(1)).minus(1))).as(SALT),
                col(POST_TIMES),
                col(FIRST_POSTED_AT));
    // A follow made before the account's first post of the window (most follows: they are older
    // than the window) saw every post; only the others count theirs one by one, in a lambda that
    // Spark evaluates without code generation.
    Column exposed =
        coalesce(
            when(col(FOLLOWED_AT).lt(col(FIRST_POSTED_AT)), size(col(POST_TIMES)))
                .otherwise(
                    size(filter(col(POST_TIMES), p -> p.getField(POSTED_AT).gt(col(FOLLOWED_AT)))))
                .cast("long"),
            lit(0L));
    Column interactions = col(LIKES).plus(col(COMMENTS)).plus(col(SHARES)).plus(col(SAVES));
    List<Column> out =
        new ArrayList<>(
            List.of(
                col(FOLLOWER_ID),
                col(ACCOUNT_ID),
                col(FOLLOWED_AT),
                greatest(exposed, lit(0L)).as(EXPOSED_POSTS),
                coalesce(col(LIKES), lit(0L)).as(LIKES),
                coalesce(col(COMMENTS), lit(0L)).as(COMMENTS),
                coalesce(col(SHARES), lit(0L)).as(SHARES),
                coalesce(col(SAVES), lit(0L)).as(SAVES),
                col(LAST_INTERACTION_AT),
                coalesce(col(REV), lit(false)).as(IS_RECIPROCAL)));
    // latest_post_reactions rides along with the pairs' activity (LatestPosts#onPairs), reduced in
    // the same aggregation
    if (withLatest) {
      out.add(coalesce(col(LATEST_POST_REACTIONS), lit(0L)).as(LATEST_POST_REACTIONS));
    }
    return pairs
        .join(broadcast(heavy), new String[] {ACCOUNT_ID}, "left")
        .withColumn(SALT, salt)
        .join(saltedPosts, new String[] {ACCOUNT_ID, SALT}, "left")
        .select(out.toArray(new Column[0]))
        .withColumn(INTERACTIONS, interactions)
        .withColumn(
            STATE,
            when(col(INTERACTIONS).gt(0), lit(RelationshipState.ENGAGED.label()))
                .when(col(EXPOSED_POSTS).geq(minExposure), lit(RelationshipState.SILENT.label()))
                .otherwise(lit(RelationshipState.NOT_JUDGED.label())));
  }

  /**
   * The follows made inside the window, one row per distinct (follower_id, account_id,
   * followed_at), including follows undone since (a follow-unfollow churn is still a follow made);
   * self-follows removed. Needs follower_id, account_id, followed_at.
   */
  public static Dataset<Row> windowFollows(Dataset<Row> followsDF, Window w) {
    return followsDF
        .where(col(FOLLOWED_AT).geq(lit(w.startTs())).and(col(FOLLOWED_AT).lt(lit(w.endTs()))))
        .where(col(FOLLOWER_ID).notEqual(col(ACCOUNT_ID)))
        .select(col(FOLLOWER_ID), col(ACCOUNT_ID), col(FOLLOWED_AT))
        .distinct();
  }

  /**
   * Per follower: follows_made, follow_burst_max (most of its follows in any half-open hour {@code
   * [t, t + 1 h)}, which is the maximum over hours starting at one of its follows) and
   * burst_follow_share (share of its follows lying in such an hour holding at least {@code
   * burstMin} of them). Needs {@link #windowFollows}. Partitioned by follower, who makes at most a
   * few thousand follows, so the window sort is bounded.
   */
  public static Dataset<Row> followBursts(Dataset<Row> windowFollowsDF, int burstMin) {
    WindowSpec hourFrom =
        org.apache.spark.sql.expressions.Window.partitionBy(FOLLOWER_ID)
            .orderBy(col(T_US))
            .rangeBetween(0, HOUR_US - 1);
    WindowSpec hourUntil =
        org.apache.spark.sql.expressions.Window.partitionBy(FOLLOWER_ID)
            .orderBy(col(T_US))
            .rangeBetween(-(HOUR_US - 1), 0);
    return windowFollowsDF
        .select(col(FOLLOWER_ID), unix_micros(col(FOLLOWED_AT)).as(T_US))
        .withColumn(IN_HOUR, count(lit(1)).over(hourFrom))
        .withColumn(STARTS_BURST, when(col(IN_HOUR).geq(burstMin), lit(1)).otherwise(lit(0)))
        .withColumn(IN_BURST, max(col(STARTS_BURST)).over(hourUntil))
        .groupBy(FOLLOWER_ID)
        .agg(
            count(lit(1)).as(FOLLOWS_MADE),
            max(col(IN_HOUR)).as(FOLLOW_BURST_MAX),
            sum(col(IN_BURST)).divide(count(lit(1))).as(BURST_FOLLOW_SHARE));
  }

  /**
   * Per follower: lockstep_max, the largest number, over its window follows of an account a in
   * bucket b (= floor(epoch seconds / (60 * bucketMinutes))), of the other window follows of a in
   * buckets b - 1, b and b + 1. Every follow within ± bucketMinutes is counted (and some up to 2 ×
   * bucketMinutes away). Needs {@link #windowFollows}.
   *
   * <p>Never a self-join of an account's followers: each follow is counted into its three
   * neighbouring (account, bucket) cells by a map-side-combined aggregation, then each follow looks
   * its own cell up. A celebrity's follows are spread over its many time buckets.
   */
  public static Dataset<Row> lockstep(Dataset<Row> windowFollowsDF, int bucketMinutes) {
    Column bucket = floor(unix_seconds(col(FOLLOWED_AT)).divide(60L * bucketMinutes));
    Dataset<Row> withBucket =
        windowFollowsDF.select(col(FOLLOWER_ID), col(ACCOUNT_ID), bucket.as(BUCKET));
    Dataset<Row> around =
        withBucket
            .select(
                col(ACCOUNT_ID),
                explode(array(col(BUCKET).minus(1), col(BUCKET), col(BUCKET).plus(1))).as(BUCKET))
            .groupBy(ACCOUNT_ID, BUCKET)
            .agg(count(lit(1)).as(AROUND));
    return withBucket
        .join(around, new String[] {ACCOUNT_ID, BUCKET})
        .groupBy(FOLLOWER_ID)
        .agg(max(col(AROUND).minus(1)).as(LOCKSTEP_MAX));
  }

  /**
   * Accounts registered less than this many days apart (and up to twice that) count as registered
   * together in {@link #cohortLockstep}: one-day buckets of {@code created_at}, the same or a
   * neighbouring bucket.
   */
  public static final int COHORT_CREATED_DAYS = 1;

  /**
   * Days an account must have existed before a follow for the follow to count in {@link
   * #cohortLockstep}: someone who signs up and follows the suggested accounts in the same sitting
   * is not a cohort of aged accounts.
   */
  public static final int COHORT_MIN_AGE_DAYS = 1;

  /**
   * Per follower: cohort_lockstep_max, {@link #lockstep} counted among accounts registered
   * together. For each of its window follows of account a in 10-minute bucket b made at least
   * {@link #COHORT_MIN_AGE_DAYS} after its own creation, the number of other such follows of a in
   * buckets b − 1, b, b + 1 by followers created in the same or a neighbouring {@link
   * #COHORT_CREATED_DAYS} bucket; the max over its follows. Followers without such a follow (or
   * without a known created_at) have no row.
   *
   * <p>Why: fake-account merchants register accounts in bulk, keep them a while, then deliver them
   * as one order (accounts created in bursts, then following a customer together: Thomas et al.,
   * USENIX Security 2013; CopyCatch and SynchroTrap look for such synchronised groups). A crowd of
   * people following an account in the same minutes (a trend, a broadcast) registered over years.
   *
   * @param windowFollowsDF from {@link #windowFollows}
   * @param profilesDF user_id, created_at
   */
  public static Dataset<Row> cohortLockstep(
      Dataset<Row> windowFollowsDF, Dataset<Row> profilesDF, int bucketMinutes) {
    String cohort = "cohort";
    // the snapshot holds one profile per user_id (its key)
    Dataset<Row> created =
        profilesDF
            .where(col(CREATED_AT).isNotNull())
            .select(col(USER_ID).as(FOLLOWER_ID), col(CREATED_AT));
    Dataset<Row> aged =
        windowFollowsDF
            .join(created, new String[] {FOLLOWER_ID})
            .where(
                unix_seconds(col(FOLLOWED_AT))
                    .minus(unix_seconds(col(CREATED_AT)))
                    .geq(86_400L * COHORT_MIN_AGE_DAYS))
            .select(
                col(FOLLOWER_ID),
                col(ACCOUNT_ID),
                floor(unix_seconds(col(FOLLOWED_AT)).divide(60L * bucketMinutes)).as(BUCKET),
                floor(unix_seconds(col(CREATED_AT)).divide(86_400L * COHORT_CREATED_DAYS))
                    .as(cohort));
    Dataset<Row> around =
        aged.select(
                col(ACCOUNT_ID),
                explode(array(col(BUCKET).minus(1), col(BUCKET), col(BUCKET).plus(1))).as(BUCKET),
                col(cohort))
            .select(
                col(ACCOUNT_ID),
                col(BUCKET),
                explode(array(col(cohort).minus(1), col(cohort), col(cohort).plus(1))).as(cohort))
            .groupBy(ACCOUNT_ID, BUCKET, cohort)
            .agg(count(lit(1)).as(AROUND));
    return aged.join(around, new String[] {ACCOUNT_ID, BUCKET, cohort})
        .groupBy(FOLLOWER_ID)
        .agg(max(col(AROUND).minus(1)).as(COHORT_LOCKSTEP_MAX));
  }

  /**
   * Mutual partners above which a follower's group is not measured by {@link #mutualGroups} (the
   * pairs of partners grow with the square of their number).
   */
  public static final int MUTUAL_MAX_PARTNERS = 50;

  /**
   * Per follower with at least one mutual follow (both standing at the window end): how closed its
   * group of mutual partners is, the follow structure of an engagement pod or follow-for-follow
   * ring (a closed group whose members all follow each other).
   *
   * <ul>
   *   <li>mutual_partners: the users it follows and who follow it;
   *   <li>mutual_partner_links: share of the pairs of its partners who follow each other both ways
   *       (the clustering coefficient of the mutual-follow graph); null with fewer than 2 or more
   *       than {@link #MUTUAL_MAX_PARTNERS} partners;
   *   <li>mutual_group_closure: share of its partners' mutual follows, leaving out those with the
   *       follower itself, that stay among its partners; null where links is null or its partners
   *       have no other mutual follow.
   * </ul>
   *
   * People's mutual follows spread over several circles (family, school, work, the accounts they
   * admire) whose members have mutual follows of their own outside the follower's circle; the
   * members of a pod follow each other and little else both ways. Needs {@link #relationships}
   * (follower_id, account_id, is_reciprocal).
   */
  public static Dataset<Row> mutualGroups(Dataset<Row> relationshipsDF, int maxPartners) {
    String partner = "partner";
    String partners = "partners";
    String degree = "degree";
    String otherPartners = "other_partners";
    String otherDegree = "other_degree";
    String twiceLinked = "twice_linked";
    String outward = "outward";
    // one row per follower with its mutual partners (at most 7,500: Instagram's following cap);
    // relationships hold each (follower, account) once
    Dataset<Row> lists =
        relationshipsDF
            .where(col(IS_RECIPROCAL))
            .groupBy(FOLLOWER_ID)
            .agg(count(lit(1)).as(degree), collect_list(col(ACCOUNT_ID)).as(partners));
    // for each measured follower and each of its partners: how many of its other partners that
    // partner is mutual with (each linked pair is seen from both ends), and the partner's own
    // mutual follows other than with the follower
    Dataset<Row> byFollower =
        lists
            .where(col(degree).between(2, maxPartners))
            .select(col(FOLLOWER_ID), col(partners), explode(col(partners)).as(partner))
            .join(
                lists.select(
                    col(FOLLOWER_ID).as(partner),
                    col(degree).as(otherDegree),
                    col(partners).as(otherPartners)),
                partner)
            .groupBy(FOLLOWER_ID)
            .agg(
                sum(size(array_intersect(col(otherPartners), col(partners)))).as(twiceLinked),
                sum(col(otherDegree).minus(1)).as(outward));
    return lists
        .join(byFollower, new String[] {FOLLOWER_ID}, "left")
        .select(
            col(FOLLOWER_ID),
            col(degree).as(MUTUAL_PARTNERS),
            when(
                    col(twiceLinked).isNotNull(),
                    col(twiceLinked).divide(col(degree).multiply(col(degree).minus(1))))
                .as(MUTUAL_PARTNER_LINKS),
            when(col(outward).gt(0), col(twiceLinked).divide(col(outward)))
                .as(MUTUAL_GROUP_CLOSURE));
  }

  /**
   * Per follower (actor): comments_with_text (window comments with a non-null text) and
   * comment_duplicate_share (share of them whose exact text, compared byte for byte, the actor used
   * in at least one other of them). Needs {@link #windowEvents}.
   */
  public static Dataset<Row> commentDuplication(Dataset<Row> eventsDF) {
    return eventsDF
        .where(col(TYPE).equalTo("comment").and(col(COMMENT_TEXT).isNotNull()))
        .groupBy(ACTOR_ID, COMMENT_TEXT)
        .agg(count(lit(1)).as("n"))
        .groupBy(col(ACTOR_ID).as(FOLLOWER_ID))
        .agg(
            sum(col("n")).as(COMMENTS_WITH_TEXT),
            sum(when(col("n").geq(2), col("n")).otherwise(lit(0L)))
                .divide(sum(col("n")))
                .as(COMMENT_DUPLICATE_SHARE));
  }

  /** Seconds after publication within which an interaction counts as a fast reaction. */
  public static final int FAST_REACTION_SECONDS = 120;

  /**
   * Interactions a follower needs in the window before clock_regularity is measured, and timed
   * interactions before fast_reaction_share is.
   */
  public static final int CLOCK_MIN_EVENTS = 5;

  /**
   * Per follower (actor), how machine-like the timing of its interactions is:
   *
   * <ul>
   *   <li>fast_reaction_share: share of its interactions on posts of known publication time (posts
   *       delivered inside the window) made within {@link #FAST_REACTION_SECONDS} s of publication,
   *       over at least {@link #CLOCK_MIN_EVENTS} such interactions (else null: one fast like out
   *       of two says nothing). Humans react after minutes to hours; engagement pods like each
   *       other's posts within seconds.
   *   <li>clock_regularity: 1 - (distinct second-of-minute values - 1) / (min(n, 60) - 1) over its
   *       n interactions, for n >= {@link #CLOCK_MIN_EVENTS} (else null). A script acting on a
   *       fixed clock hits the same second every time (1.0); people spread over the minute (near
   *       0).
   * </ul>
   *
   * Needs {@link #windowEvents} and bronze posts (post_id, posted_at).
   */
  public static Dataset<Row> reactionTiming(Dataset<Row> eventsDF, Dataset<Row> postsDF) {
    Dataset<Row> published = postsDF.groupBy(POST_ID).agg(min(POSTED_AT).as(POSTED_AT));
    Column delay = unix_timestamp(col(TS)).minus(unix_timestamp(col(POSTED_AT)));
    Column n = count(lit(1));
    Column distinctSeconds = countDistinct(second(col(TS)));
    Column timed = count(col(POSTED_AT));
    return eventsDF
        .select(col(ACTOR_ID), col(POST_ID), col(TS))
        .join(published, new String[] {POST_ID}, "left")
        .groupBy(col(ACTOR_ID).as(FOLLOWER_ID))
        .agg(
            n.as("n"),
            distinctSeconds.as("distinct_seconds"),
            timed.as("timed"),
            count(when(delay.between(0, FAST_REACTION_SECONDS), lit(1))).as("fast"))
        .select(
            col(FOLLOWER_ID),
            when(col("timed").geq(CLOCK_MIN_EVENTS), col("fast").divide(col("timed")))
                .as(FAST_REACTION_SHARE),
            when(
                    col("n").geq(CLOCK_MIN_EVENTS),
                    lit(1.0)
                        .minus(
                            col("distinct_seconds")
                                .minus(1)
                                .divide(least(col("n"), lit(60L)).minus(1))))
                .as(CLOCK_REGULARITY));
  }

  /**
   * One row per account and local day of the window with a post or a new follow: account_id, day,
   * posts (distinct post ids published that day), new_follows and new_follows_young_no_pic (follows
   * by followers with has_profile_pic = false whose created_at is less than {@link #YOUNG_DAYS}
   * days before the follow; a follower without a profile is not counted there).
   *
   * @param postsDF bronze posts (post_id, account_id, posted_at)
   * @param windowFollowsDF from {@link #windowFollows}
   * @param profilesDF the profiles snapshot (user_id, created_at, has_profile_pic)
   */
  public static Dataset<Row> accountDays(
      Dataset<Row> postsDF, Dataset<Row> windowFollowsDF, Dataset<Row> profilesDF, Window w) {
    String zone = w.zone().getId();
    Dataset<Row> posts =
        postsDF
            .where(col(POSTED_AT).geq(lit(w.startTs())).and(col(POSTED_AT).lt(lit(w.endTs()))))
            .groupBy(col(ACCOUNT_ID), to_date(from_utc_timestamp(col(POSTED_AT), zone)).as(DAY))
            .agg(countDistinct(col(POST_ID)).as(POSTS_PUBLISHED));
    Dataset<Row> profiles =
        profilesDF.select(col(USER_ID).as(FOLLOWER_ID), col(CREATED_AT), col(HAS_PROFILE_PIC));
    Column youngNoPic =
        col(HAS_PROFILE_PIC)
            .equalTo(false)
            .and(
                col(FOLLOWED_AT)
                    .lt(col(CREATED_AT).plus(expr("INTERVAL " + YOUNG_DAYS + " DAYS"))));
    Dataset<Row> follows =
        windowFollowsDF
            .join(profiles, new String[] {FOLLOWER_ID}, "left")
            .groupBy(col(ACCOUNT_ID), to_date(from_utc_timestamp(col(FOLLOWED_AT), zone)).as(DAY))
            .agg(
                count(lit(1)).as(NEW_FOLLOWS),
                count(when(youngNoPic, lit(1))).as(NEW_FOLLOWS_YOUNG_NO_PIC));
    return posts
        .join(follows, new String[] {ACCOUNT_ID, DAY}, "full")
        .select(
            col(ACCOUNT_ID),
            col(DAY),
            coalesce(col(POSTS_PUBLISHED), lit(0L)).as(POSTS_PUBLISHED),
            coalesce(col(NEW_FOLLOWS), lit(0L)).as(NEW_FOLLOWS),
            coalesce(col(NEW_FOLLOWS_YOUNG_NO_PIC), lit(0L)).as(NEW_FOLLOWS_YOUNG_NO_PIC));
  }

  /**
   * One row per follower: relationship states, interaction totals and the profile features.
   *
   * <p>Adds the behaviour columns of {@link #followBursts}, {@link #lockstep} and {@link
   * #commentDuplication} (counts 0 and shares null for a follower with nothing to measure).
   *
   * @param relationshipsDF from {@link #relationships}
   * @param eventsDF from {@link #windowEvents}
   * @param windowFollowsDF from {@link #windowFollows}
   * @param profilesDF the profiles snapshot of the run date
   */
  public static Dataset<Row> followerFeatures(
      Dataset<Row> relationshipsDF,
      Dataset<Row> eventsDF,
      Dataset<Row> windowFollowsDF,
      Dataset<Row> profilesDF,
      Window w) {
    return followerFeatures(relationshipsDF, eventsDF, windowFollowsDF, profilesDF, null, w);
  }

  /**
   * As above, with the timing columns of {@link #reactionTiming} when {@code postsDF} is given
   * (null otherwise). The events are reduced as one delivery ({@link EventPartials#of}, every post
   * of {@code postsDF} of known publication time), so this is the path of the stage itself.
   */
  public static Dataset<Row> followerFeatures(
      Dataset<Row> relationshipsDF,
      Dataset<Row> eventsDF,
      Dataset<Row> windowFollowsDF,
      Dataset<Row> profilesDF,
      Dataset<Row> postsDF,
      Window w) {
    Dataset<Row> followerEvents =
        EventPartials.followerEvents(
            EventPartials.of(
                eventsDF, postsDF == null ? null : EventPartials.published(postsDF), w.zone()));
    if (postsDF == null) {
      followerEvents =
          followerEvents
              .withColumn(FAST_REACTION_SHARE, lit(null).cast("double"))
              .withColumn(CLOCK_REGULARITY, lit(null).cast("double"));
    }
    return followerFeaturesOf(relationshipsDF, followerEvents, windowFollowsDF, profilesDF, w);
  }

  /**
   * One row per follower: relationship states, interaction totals, the profile features and the
   * behaviour columns, the event columns taken from {@code followerEventsDF}.
   *
   * @param relationshipsDF from {@link #relationships}
   * @param followerEventsDF from {@link EventPartials#followerEvents} over the window's partials
   * @param windowFollowsDF from {@link #windowFollows}
   * @param profilesDF the profiles snapshot of the run date
   */
  public static Dataset<Row> followerFeaturesOf(
      Dataset<Row> relationshipsDF,
      Dataset<Row> followerEventsDF,
      Dataset<Row> windowFollowsDF,
      Dataset<Row> profilesDF,
      Window w) {
    String zone = w.zone().getId();
    Column runDate = lit(w.runDate());
    Dataset<Row> byRelationships =
        relationshipsDF
            .groupBy(FOLLOWER_ID)
            .agg(
                count(lit(1)).as(ACCOUNTS_FOLLOWED),
                count(when(col(STATE).equalTo(RelationshipState.ENGAGED.label()), lit(1)))
                    .as(ENGAGED_RELATIONSHIPS),
                count(when(col(STATE).equalTo(RelationshipState.SILENT.label()), lit(1)))
                    .as(SILENT_RELATIONSHIPS),
                count(when(col(STATE).equalTo(RelationshipState.NOT_JUDGED.label()), lit(1)))
                    .as(NOT_JUDGED_RELATIONSHIPS),
                sum(EXPOSED_POSTS).as(EXPOSED_POSTS),
                sum(INTERACTIONS).as(INTERACTIONS_ON_FOLLOWED));
    Column judged = col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS));
    return byRelationships
        .join(followerEventsDF, new String[] {FOLLOWER_ID}, "left")
        .join(profileFeatures(profilesDF, w), new String[] {FOLLOWER_ID}, "left")
        .join(followBursts(windowFollowsDF, BURST_MIN_FOLLOWS), new String[] {FOLLOWER_ID}, "left")
        .join(lockstep(windowFollowsDF, LOCKSTEP_MINUTES), new String[] {FOLLOWER_ID}, "left")
        .join(
            cohortLockstep(windowFollowsDF, profilesDF, LOCKSTEP_MINUTES),
            new String[] {FOLLOWER_ID},
            "left")
        .join(
            mutualGroups(relationshipsDF, MUTUAL_MAX_PARTNERS), new String[] {FOLLOWER_ID}, "left")
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
            col(FOLLOWING_TO_FOLLOWERS),
            col(MEDIA_COUNT),
            col(HAS_PROFILE_PIC),
            col(ACCOUNT_AGE_DAYS),
            col(USERNAME_DIGIT_SHARE),
            col(BIOGRAPHY_LENGTH),
            col(IS_PRIVATE),
            col(PROVINCE),
            coalesce(col(FOLLOWS_MADE), lit(0L)).as(FOLLOWS_MADE),
            coalesce(col(FOLLOW_BURST_MAX), lit(0L)).as(FOLLOW_BURST_MAX),
            col(BURST_FOLLOW_SHARE),
            coalesce(col(LOCKSTEP_MAX), lit(0L)).as(LOCKSTEP_MAX),
            coalesce(col(COMMENTS_WITH_TEXT), lit(0L)).as(COMMENTS_WITH_TEXT),
            col(COMMENT_DUPLICATE_SHARE),
            col(FAST_REACTION_SHARE),
            col(CLOCK_REGULARITY),
            col(COHORT_LOCKSTEP_MAX),
            coalesce(col(MUTUAL_PARTNERS), lit(0L)).as(MUTUAL_PARTNERS),
            col(MUTUAL_PARTNER_LINKS),
            col(MUTUAL_GROUP_CLOSURE));
  }

  /**
   * The profile columns of follower_features, one row per profile: the counts as given, following ÷
   * followers, account age in local days on the run date and the share of digits in the username
   * (each null when its input is). Also what {@code pasif evaluate-profiles} scores a labelled
   * profile file with, so both see the same features.
   */
  public static Dataset<Row> profileFeatures(Dataset<Row> profilesDF, Window w) {
    String zone = w.zone().getId();
    Column digits = length(regexp_replace(col(USERNAME), "[^0-9]", ""));
    return profilesDF.select(
        col(USER_ID).as(FOLLOWER_ID),
        lit(true).as(HAS_PROFILE),
        col(FOLLOWERS_COUNT),
        col(FOLLOWING_COUNT),
        col(FOLLOWING_COUNT)
            .cast("double")
            .divide(greatest(col(FOLLOWERS_COUNT), lit(1L)))
            .as(FOLLOWING_TO_FOLLOWERS),
        col(MEDIA_COUNT),
        col(HAS_PROFILE_PIC),
        datediff(lit(w.runDate()), to_date(from_utc_timestamp(col(CREATED_AT), zone)))
            .as(ACCOUNT_AGE_DAYS),
        when(length(col(USERNAME)).gt(0), digits.divide(length(col(USERNAME))))
            .as(USERNAME_DIGIT_SHARE),
        col(BIOGRAPHY_LENGTH),
        col(IS_PRIVATE),
        col(PROVINCE));
  }
}
