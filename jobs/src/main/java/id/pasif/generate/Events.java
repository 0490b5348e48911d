package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Posts and interactions of a generated dump. Posting and human activity follow local hours of the
 * actor's province (WIB/WITA/WIT) and are stored as UTC instants.
 */
final class Events {
  static final String POST_OWNER_ZONE = "owner_zone";
  private static final String K = "k";
  private static final long DAY = 86400L;

  /** Post ids are {@code account_id · POST_ID_BASE + k}. */
  static final long POST_ID_BASE = 100_000L;

  private final Populations pop;
  private final Graph graph;
  private final Random rnd;

  Events(Populations pop, Graph graph) {
    this.pop = pop;
    this.graph = graph;
    this.rnd = pop.rnd;
  }

  /** Posts per day of a posting account: log-normal, median 0.5, capped at 4. */
  Column postsPerDay(Column account) {
    return least(lit(4.0), rnd.logNormal("post.rate", 0.5, 0.8, account));
  }

  /** Number of posts an account publishes in the window (at least one). */
  Column postCount(Column account) {
    return greatest(
        lit(1L),
        floor(
                postsPerDay(account)
                    .multiply((double) pop.spec.days())
                    .plus(rnd.uniform("post.n", account)))
            .cast("long"));
  }

  /**
   * When an account's {@code k}-th post is published: a day of the window and a local hour drawn
   * from {@link Populations#LOCAL_HOURS}, converted to UTC with the account's zone, wrapped into
   * the window.
   */
  Column postedAtEpoch(Column account, Column k) {
    return postedAtEpoch(account, k, pop.zoneOf(account));
  }

  /** {@link #postedAtEpoch(Column, Column)} with the account's zone offset already known. */
  Column postedAtEpoch(Column account, Column k, Column zone) {
    long span = pop.windowEnd - pop.windowStart;
    Column local =
        lit(pop.firstDayUtc)
            .plus(rnd.between("post.day", 0, pop.spec.days() - 1, account, k).multiply(DAY))
            .plus(pop.localHour("post.hour", account, k).multiply(3600L))
            .plus(rnd.between("post.sec", 0, 3599, account, k))
            .minus(zone.multiply(3600L));
    return lit(pop.windowStart).plus(pmod(local.minus(pop.windowStart), lit(span)));
  }

  /**
   * Posts of the posting accounts ({@code 1..accounts}) and of engagement-pod members. Needs the
   * profiles (for pod members); returns the posts dataset's columns.
   */
  Dataset<Row> posts(SparkSession spark, Dataset<Row> profiles, int partitions) {
    Dataset<Row> accounts =
        spark
            .range(1, pop.spec.accounts() + 1, 1, partitions)
            .withColumnRenamed("id", ACCOUNT_ID)
            .unionByName(profiles.where(col(POD).isNotNull()).select(col(USER_ID).as(ACCOUNT_ID)));
    Column a = col(ACCOUNT_ID);
    Column k = col(K);
    return accounts
        .withColumn(POST_OWNER_ZONE, pop.zoneOf(a))
        .withColumn(K, explode(sequence(lit(1L), postCount(a))))
        .select(
            a.multiply(POST_ID_BASE).plus(k).as(POST_ID),
            a,
            ts(postedAtEpoch(a, k, col(POST_OWNER_ZONE))).as(POSTED_AT),
            element_at(
                    array(lit("photo"), lit("video"), lit("carousel"), lit("reel")),
                    rnd.between("post.media", 1, 4, a, k).cast("int"))
                .as(MEDIA_TYPE));
  }

  private Column eventId(Column actor, Column post, Column type) {
    return sha2(
            concat_ws(
                ":",
                lit(pop.spec.seed()).cast("string"),
                actor.cast("string"),
                post.cast("string"),
                type),
            256)
        .substr(1, 24);
  }

  /**
   * A human's reaction time to a post: log-normal delay (median 2 h), moved out of the actor's
   * local night (01:00–06:00) to the next morning.
   */
  private Column humanTime(Column postedEpoch, Column actor, Column post) {
    Column at = postedEpoch.plus(rnd.logNormal("delay.human", 7200, 1.3, actor, post).cast("long"));
    Column localSec = pmod(at.plus(col(ZONE).multiply(3600L)), lit(DAY));
    return when(
            localSec.geq(3600).and(localSec.lt(6 * 3600)),
            at.plus(lit(7 * 3600L).minus(localSec))
                .plus(rnd.between("delay.morning", 0, 5400, actor, post)))
        .otherwise(at);
  }

  private Column genericComment(String salt, Column... keys) {
    Column[] texts = Arrays.stream(GENERIC_COMMENTS).map(c -> lit(c)).toArray(Column[]::new);
    return element_at(
        array(texts), rnd.between(salt, 1, GENERIC_COMMENTS.length, keys).cast("int"));
  }

  /**
   * All interactions: on followed accounts, inside engagement pods and exploration of accounts not
   * followed. Needs {@link Graph#follows} and {@link #posts}; returns the interactions dataset's
   * columns.
   */
  Dataset<Row> interactions(Dataset<Row> follows, Dataset<Row> posts) {
    return onFollowed(follows, posts)
        .unionByName(inPods(follows, posts))
        .unionByName(explore(follows));
  }

  /**
   * Who acts on which exposed post of an account it follows. Active humans act on a share of what
   * they see from the accounts they care about; content-mismatch ones on a few accounts only;
   * automated bots like nearly everything on a machine clock (every P minutes, same second) and
   * repeat generic comments. Everyone else stays silent.
   */
  Dataset<Row> onFollowed(Dataset<Row> follows, Dataset<Row> posts) {
    Column f = col(FOLLOWER_ID);
    Column a = col(ACCOUNT_ID);
    Column p = col(POST_ID);
    Column automated = coalesce(col(TRUE_CAUSE), lit("")).equalTo(Segments.AUTOMATED);
    Dataset<Row> exposures =
        follows
            .where(col(UNFOLLOWED_AT).isNull().and(col(Graph.ENGAGES)).and(col(POD).isNull()))
            .join(posts, ACCOUNT_ID)
            .where(col(POSTED_AT).gt(col(FOLLOWED_AT)))
            .where(f.notEqual(a));
    Column likeP = when(automated, lit(0.95)).otherwise(col(ENGAGEMENT));
    Column commentP = when(automated, lit(0.3)).otherwise(col(ENGAGEMENT).multiply(0.15));
    Column shareP = when(automated, lit(0.0)).otherwise(col(ENGAGEMENT).multiply(0.05));
    Column saveP = when(automated, lit(0.0)).otherwise(col(ENGAGEMENT).multiply(0.06));
    Column typeArray =
        array_compact(
            array(
                when(rnd.chance("like", likeP, f, p), lit("like")),
                when(rnd.chance("comment", commentP, f, p), lit("comment")),
                when(rnd.chance("share", shareP, f, p), lit("share")),
                when(rnd.chance("save", saveP, f, p), lit("save"))));
    Column posted = epoch(col(POSTED_AT));
    // machine clock: a period of 2 to 15 whole minutes and a fixed phase per bot
    Column period = rnd.between("auto.period", 2, 15, f).multiply(60L);
    Column phase = rnd.between("auto.phase", 0, 3599, f);
    Column tick = posted.plus(period).minus(pmod(posted.minus(phase), period));
    Column botTime = when(col(TYPE).equalTo("comment"), tick.plus(period)).otherwise(tick);
    Column at = when(automated, botTime).otherwise(humanTime(posted, f, p));
    Column comment =
        when(
            col(TYPE).equalTo("comment"),
            when(automated, genericComment("comment.generic", f, p))
                .otherwise(
                    concat(
                        lit("komentar "),
                        sha2(concat_ws(":", f.cast("string"), p.cast("string")), 256)
                            .substr(1, 10))));
    return exposures
        .withColumn(TYPE, explode(typeArray))
        .withColumn("at", at)
        .where(col("at").lt(pop.windowEnd))
        .select(
            eventId(f, p, col(TYPE)).as(EVENT_ID),
            f.as(ACTOR_ID),
            a,
            p,
            col(TYPE),
            ts(col("at")).as(TS),
            comment.as(COMMENT_TEXT));
  }

  /**
   * Engagement pods: every member likes every other member's post in lockstep, all within two
   * minutes of publication, and a third of them add a generic comment a few seconds later.
   */
  Dataset<Row> inPods(Dataset<Row> follows, Dataset<Row> posts) {
    Dataset<Row> podEdges =
        follows
            .where(col(POD).isNotNull().and(col(TRUE_CAUSE).equalTo(Segments.ENGAGEMENT_POD)))
            .where(col(ACCOUNT_ID).gt(pop.spec.accounts()))
            .select(col(FOLLOWER_ID), col(ACCOUNT_ID));
    Column f = col(FOLLOWER_ID);
    Column p = col(POST_ID);
    Column posted = epoch(col(POSTED_AT));
    Column lag = rnd.between("pod.lag", 20, 90, p).plus(rnd.between("pod.jitter", 0, 20, f, p));
    Column types =
        when(rnd.chance("pod.comment", 0.33, f, p), array(lit("like"), lit("comment")))
            .otherwise(array(lit("like")));
    return podEdges
        .join(posts, ACCOUNT_ID)
        .withColumn(TYPE, explode(types))
        .withColumn(
            "at",
            posted.plus(lag).plus(when(col(TYPE).equalTo("comment"), lit(15)).otherwise(lit(0))))
        .where(col("at").lt(pop.windowEnd))
        .select(
            eventId(f, p, col(TYPE)).as(EVENT_ID),
            f.as(ACTOR_ID),
            col(ACCOUNT_ID),
            p,
            col(TYPE),
            ts(col("at")).as(TS),
            when(col(TYPE).equalTo("comment"), genericComment("pod.text", f, p)).as(COMMENT_TEXT));
  }

  /**
   * Exploration: active humans like (sometimes comment on) a few posts of accounts they do not
   * follow, picked by popularity: 0 to 4 posts per user in the window.
   */
  Dataset<Row> explore(Dataset<Row> follows) {
    Dataset<Row> actives =
        follows
            .where(
                col(TRUE_SEGMENT)
                    .equalTo(Segments.ACTIVE)
                    .and(col(FOLLOWER_ID).gt(pop.spec.accounts())))
            .select(col(FOLLOWER_ID), col(ZONE))
            .dropDuplicates(FOLLOWER_ID);
    Column f = col(FOLLOWER_ID);
    Column j = col(K);
    Column a = col(ACCOUNT_ID);
    Column k = floor(rnd.uniform("explore.post", f, j).multiply(postCount(a))).cast("long").plus(1);
    Dataset<Row> picks =
        actives
            .withColumn(K, explode(sequence(lit(0L), rnd.between("explore.n", 0, 4, f))))
            .where(j.gt(0))
            .withColumn(ACCOUNT_ID, graph.popularAccount("explore.account", f, j))
            .withColumn(POST_ID, a.multiply(POST_ID_BASE).plus(k))
            .dropDuplicates(FOLLOWER_ID, POST_ID)
            .join(
                follows.select(FOLLOWER_ID, ACCOUNT_ID),
                new String[] {FOLLOWER_ID, ACCOUNT_ID},
                "left_anti");
    Column p = col(POST_ID);
    Column postK = p.minus(a.multiply(POST_ID_BASE));
    Column type =
        when(rnd.chance("explore.comment", 0.1, f, p), lit("comment")).otherwise(lit("like"));
    return picks
        .where(f.notEqual(a))
        .withColumn(TYPE, type)
        .withColumn("at", humanTime(postedAtEpoch(a, postK), f, p))
        .where(col("at").lt(pop.windowEnd))
        .select(
            eventId(f, p, col(TYPE)).as(EVENT_ID),
            f.as(ACTOR_ID),
            a,
            p,
            col(TYPE),
            ts(col("at")).as(TS),
            when(
                    col(TYPE).equalTo("comment"),
                    concat(
                        lit("komentar "),
                        sha2(concat_ws(":", f.cast("string"), p.cast("string")), 256)
                            .substr(1, 10)))
                .as(COMMENT_TEXT));
  }
}
