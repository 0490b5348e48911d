package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The follow graph of a generated dump: power-law follows, bought batches following their customers
 * in bursts, herd follows inside an account's trend spike, follow-back reciprocation and engagement
 * pods following each other.
 */
final class Graph {
  /** Latent: whether the follower, by its nature, engages with this account's posts. */
  static final String ENGAGES = "engages";

  /** Latent: which cause explains the relationship's silence (null when the follower engages). */
  static final String SILENT_CAUSE = "silent_cause";

  /** Exponent of the popularity draw: account rank = M · u^3, so P(rank ≤ r) = (r / M)^(1/3). */
  static final double POPULARITY_EXPONENT = 3.0;

  private static final String K = "k";
  private static final long DAY = 86400L;

  private final Populations pop;
  private final Random rnd;

  Graph(Populations pop) {
    this.pop = pop;
    this.rnd = pop.rnd;
  }

  /**
   * Listed follows per displayed following: 1 when there are enough accounts to follow, otherwise
   * shrunk so that a capped follower (7,500) follows at most about twice the accounts there are.
   */
  double followScale() {
    return Math.min(1.0, pop.spec.accounts() * 2.0 / FOLLOWING_CAP);
  }

  /** A power-law draw of a posting account: low ids are the celebrities. */
  Column popularAccount(String salt, Column... keys) {
    return floor(
            pow(rnd.uniform(salt, keys), lit(POPULARITY_EXPONENT))
                .multiply((double) pop.spec.accounts()))
        .cast("long")
        .plus(1);
  }

  /**
   * The start of an account's trend spike: one evening inside the window, 12:00 UTC (19:00 WIB,
   * 20:00 WITA, 21:00 WIT).
   */
  Column spikeStart(Column account) {
    long days = pop.spec.days();
    Column day = rnd.between("spike.day", 0, Math.max(0, days - 2), account);
    return lit(pop.firstDayUtc).plus(day.multiply(DAY)).plus(12 * 3600L);
  }

  /**
   * All follow edges, with the follower's latent columns. Needs {@link Populations#profiles}; the
   * result has {@code follower_id, account_id, followed_at, unfollowed_at}, {@link #ENGAGES},
   * {@link #SILENT_CAUSE} and the follower's true segment, cause, engagement, pod and zone.
   */
  Dataset<Row> follows(Dataset<Row> profiles) {
    Dataset<Row> main = mainFollows(profiles);
    return main.unionByName(reciprocalFollows(main)).unionByName(podFollows(profiles));
  }

  /** Each user's own follows: power-law targets, bought batches' customers first. */
  Dataset<Row> mainFollows(Dataset<Row> profiles) {
    long m = pop.spec.accounts();
    Column f = col(FOLLOWER_ID);
    Column a = col(ACCOUNT_ID);
    Column k = col(K);
    Column cause = coalesce(col(TRUE_CAUSE), lit(""));
    Column bought = cause.equalTo(Segments.BOUGHT);
    Column n =
        greatest(
            lit(1L),
            least(round(col(FOLLOWING_COUNT).multiply(followScale())).cast("long"), lit(m)));
    Column customers = pop.batchCustomers(col(BATCH));
    Column isCustomerFollow = bought.and(k.leq(customers));
    Column raw =
        when(isCustomerFollow, pop.batchCustomer(col(BATCH), k))
            .otherwise(popularAccount("target", f, k));
    Column target = when(raw.equalTo(f), pmod(raw, lit(m)).plus(1)).otherwise(raw);

    long windowEnd = pop.windowEnd;
    Column created = col(CREATED_EPOCH);
    Column sinceCreated =
        created.plus(floor(rnd.uniform("follow.t", f, a).multiply(lit(windowEnd).minus(created))));
    Column inSpike = spikeStart(a).plus(rnd.between("spike.jitter", 0, 4 * 3600, f, a));
    Column atSpike =
        when(cause.equalTo(Segments.HERD), rnd.chance("herd.at.spike", 0.7, f, a))
            .when(
                col(TRUE_SEGMENT).equalTo(Segments.ACTIVE),
                rnd.chance("active.at.spike", 0.05, f, a))
            .otherwise(lit(false));
    Column burst =
        pop.batchBurst(col(BATCH), col(K)).plus(rnd.between("burst.jitter", 0, 1200, f, a));
    Column followedAt =
        when(isCustomerFollow, burst)
            .when(atSpike, inSpike)
            .when(bought, sinceCreated)
            .otherwise(
                greatest(
                    created,
                    lit(windowEnd).minus(rnd.between("follow.age", 3600, 730 * DAY, f, a))));
    Column unfollowed =
        col(TRUE_SEGMENT).notEqual(Segments.BOT_LIKE).and(rnd.chance("unfollow", 0.03, f, a));
    Column unfollowedAt =
        when(
            unfollowed,
            least(
                lit(windowEnd - 1),
                epoch(col(FOLLOWED_AT)).plus(rnd.between("unfollow.after", 3600, 60 * DAY, f, a))));
    Column engages =
        when(col(TRUE_SEGMENT).equalTo(Segments.ACTIVE), rnd.chance("cares.active", 0.85, f, a))
            .when(cause.equalTo(Segments.CONTENT_MISMATCH), rnd.chance("cares.cm", 0.08, f, a))
            .when(cause.equalTo(Segments.AUTOMATED), lit(true))
            .otherwise(lit(false));
    Column silentCause =
        when(col(ENGAGES), lit(null).cast("string"))
            .when(col(TRUE_SEGMENT).equalTo(Segments.BOT_LIKE), lit(Segments.BOT_LIKE))
            .when(col(TRUE_SEGMENT).equalTo(Segments.ACTIVE), lit(Segments.CONTENT_MISMATCH))
            .when(cause.equalTo(Segments.HERD).and(not(col("at_spike"))), lit(Segments.DORMANT))
            .otherwise(cause);
    return profiles
        .select(
            col(USER_ID).as(FOLLOWER_ID),
            col(TRUE_SEGMENT),
            col(TRUE_CAUSE),
            col(ENGAGEMENT),
            col(POD),
            col(BATCH),
            col(ZONE),
            col(CREATED_EPOCH),
            explode(sequence(lit(1L), n)).as(K))
        .withColumn(ACCOUNT_ID, target)
        // a user draws the same account more than once: keep its first draw, deterministically
        .groupBy(
            FOLLOWER_ID,
            ACCOUNT_ID,
            TRUE_SEGMENT,
            TRUE_CAUSE,
            ENGAGEMENT,
            POD,
            BATCH,
            ZONE,
            CREATED_EPOCH)
        .agg(min(K).as(K))
        .withColumn("at_spike", atSpike)
        .withColumn(FOLLOWED_AT, ts(least(followedAt, lit(windowEnd - 1))))
        .withColumn(UNFOLLOWED_AT, ts(unfollowedAt))
        .withColumn(ENGAGES, engages)
        .withColumn(SILENT_CAUSE, silentCause)
        .drop(K, "at_spike", BATCH, CREATED_EPOCH);
  }

  /**
   * Follow-back: accounts followed by follow-back seekers follow them back, small accounts far more
   * often than celebrities (probability 0.45 · sqrt(rank / M)).
   */
  Dataset<Row> reciprocalFollows(Dataset<Row> main) {
    Column f = col(FOLLOWER_ID);
    Column a = col(ACCOUNT_ID);
    Column p = sqrt(a.divide((double) pop.spec.accounts())).multiply(0.45);
    return main.where(
            coalesce(col(TRUE_CAUSE), lit(""))
                .equalTo(Segments.FOLLOW_BACK)
                .and(rnd.chance("follow.back", p, f, a)))
        .select(
            a.as(FOLLOWER_ID),
            f.as(ACCOUNT_ID),
            ts(least(
                    lit(pop.windowEnd - 1),
                    epoch(col(FOLLOWED_AT))
                        .plus(rnd.between("follow.back.after", 60, 3 * DAY, f, a))))
                .as(FOLLOWED_AT),
            lit(null).cast("timestamp").as(UNFOLLOWED_AT),
            lit(Segments.ACTIVE).as(TRUE_SEGMENT),
            lit(null).cast("string").as(TRUE_CAUSE),
            pop.engagementOf(a).as(ENGAGEMENT),
            lit(null).cast("long").as(POD),
            pop.zoneOf(a).as(ZONE),
            lit(true).as(ENGAGES),
            lit(null).cast("string").as(SILENT_CAUSE));
  }

  /** Members of an engagement pod all follow each other, from the day the pod formed. */
  Dataset<Row> podFollows(Dataset<Row> profiles) {
    Dataset<Row> members =
        profiles
            .where(col(POD).isNotNull())
            .select(col(USER_ID), col(POD), col(ENGAGEMENT), col(ZONE));
    Dataset<Row> peers = members.select(col(USER_ID).as("peer_id"), col(POD).as("peer_pod"));
    Column f = col(FOLLOWER_ID);
    Column a = col(ACCOUNT_ID);
    Column formed =
        lit(pop.windowStart).minus(rnd.between("pod.formed", 1, 300, col(POD)).multiply(DAY));
    return members
        .join(peers, col(POD).equalTo(col("peer_pod")).and(col(USER_ID).notEqual(col("peer_id"))))
        .select(
            col(USER_ID).as(FOLLOWER_ID),
            col("peer_id").as(ACCOUNT_ID),
            col(POD),
            col(ENGAGEMENT),
            col(ZONE))
        .select(
            f,
            a,
            ts(formed.plus(rnd.between("pod.follow", 0, 3600, f, a))).as(FOLLOWED_AT),
            lit(null).cast("timestamp").as(UNFOLLOWED_AT),
            lit(Segments.BOT_LIKE).as(TRUE_SEGMENT),
            lit(Segments.ENGAGEMENT_POD).as(TRUE_CAUSE),
            col(ENGAGEMENT),
            col(POD),
            col(ZONE),
            lit(true).as(ENGAGES),
            lit(null).cast("string").as(SILENT_CAUSE));
  }
}
