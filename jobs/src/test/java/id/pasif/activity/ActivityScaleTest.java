package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.exchange.BroadcastExchangeExec;
import org.apache.spark.sql.execution.exchange.ReusedExchangeExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The stage's plan at national-scale settings (no automatic broadcast, so joins shuffle as they
 * would on billions of rows): the number of exchanges, and the balance of tasks on a dump where one
 * account holds half of all follow edges.
 */
class ActivityScaleTest {
  static final Window W = Window.of(LocalDate.parse("2026-11-24"), 28, ZoneId.of("Asia/Jakarta"));
  static final long CELEBRITY_EDGES = 30_000;
  static final long OTHER_EDGES = 30_000;

  static SparkSession spark;
  static final Map<String, String> SAVED = new java.util.HashMap<>();
  static final Map<String, String> SCALE =
      Map.of(
          "spark.sql.autoBroadcastJoinThreshold", "-1",
          "spark.sql.shuffle.partitions", "8",
          // small test data would otherwise be coalesced into one partition, hiding the balance
          "spark.sql.adaptive.coalescePartitions.enabled", "false");

  @BeforeAll
  static void scaleSettings() {
    spark = SharedSpark.get();
    SCALE.forEach(
        (k, v) -> {
          SAVED.put(k, spark.conf().get(k, null));
          spark.conf().set(k, v);
        });
  }

  @AfterAll
  static void restore() {
    SAVED.forEach(
        (k, v) -> {
          if (v == null) {
            spark.conf().unset(k);
          } else {
            spark.conf().set(k, v);
          }
        });
  }

  /** Follows: account 0 holds half the edges; 2,000 other accounts share the rest. */
  static Dataset<Row> follows() {
    long start = W.start().getEpochSecond();
    Dataset<Row> celebrity =
        spark
            .range(1, CELEBRITY_EDGES + 1)
            .select(
                col("id").as(FOLLOWER_ID),
                lit(0L).as(ACCOUNT_ID),
                timestamp_seconds(lit(start).plus(col("id").multiply(31))).as(FOLLOWED_AT));
    Dataset<Row> others =
        spark
            .range(1, OTHER_EDGES + 1)
            .select(
                col("id").as(FOLLOWER_ID),
                pmod(col("id").multiply(7919), lit(2000)).plus(1).as(ACCOUNT_ID),
                timestamp_seconds(lit(start - 86_400L).plus(col("id").multiply(17)))
                    .as(FOLLOWED_AT));
    return celebrity.unionByName(others).withColumn(UNFOLLOWED_AT, lit(null).cast("timestamp"));
  }

  /** Twenty posts per account, one a day. */
  static Dataset<Row> posts() {
    long start = W.start().getEpochSecond();
    return spark
        .range(0, 2001 * 20)
        .select(
            col("id").as(POST_ID),
            floor(col("id").divide(20)).as(ACCOUNT_ID),
            timestamp_seconds(lit(start).plus(pmod(col("id"), lit(20)).multiply(86_400L)))
                .as(POSTED_AT),
            lit("photo").as(MEDIA_TYPE));
  }

  /** One like per follower on the first post of the account it follows. */
  static Dataset<Row> interactions() {
    return follows()
        .select(
            concat(lit("e"), col(FOLLOWER_ID), lit("-"), col(ACCOUNT_ID)).as(EVENT_ID),
            col(FOLLOWER_ID).as(ACTOR_ID),
            col(ACCOUNT_ID),
            col(ACCOUNT_ID).multiply(20).as(POST_ID),
            lit("like").as(TYPE),
            timestamp_seconds(lit(W.end().getEpochSecond() - 3600)).as(TS),
            lit(null).cast("string").as(COMMENT_TEXT));
  }

  static Dataset<Row> profiles() {
    return spark
        .range(0, OTHER_EDGES + 1)
        .select(
            col("id").as(USER_ID),
            lit("u").as(USERNAME),
            lit(null).cast("timestamp").as(CREATED_AT),
            lit(1L).as(FOLLOWERS_COUNT),
            lit(1L).as(FOLLOWING_COUNT),
            lit(0L).as(MEDIA_COUNT),
            lit(true).as(HAS_PROFILE_PIC),
            lit(false).as(IS_PRIVATE),
            lit(0).as(BIOGRAPHY_LENGTH),
            lit(null).cast("string").as(PROVINCE),
            lit(false).as(IS_BUSINESS));
  }

  static Dataset<Row> relationships(long saltRows) {
    Dataset<Row> events = Activity.windowEvents(interactions(), W);
    return Activity.relationships(
        Activity.standingFollows(follows(), W),
        Activity.pairActivity(events),
        Activity.postTimes(posts(), W),
        3,
        saltRows);
  }

  /** Shuffle and broadcast exchanges of the final (adaptive) plan, reused ones not counted. */
  static int[] exchanges(Dataset<Row> df) {
    df.write().format("noop").mode("overwrite").save();
    int[] acc = new int[2];
    walk(df.queryExecution().executedPlan(), acc);
    return acc;
  }

  static void walk(SparkPlan p, int[] acc) {
    if (p instanceof AdaptiveSparkPlanExec a) {
      walk(a.executedPlan(), acc);
      return;
    }
    if (p instanceof QueryStageExec q) {
      walk(q.plan(), acc);
      return;
    }
    if (p instanceof ReusedExchangeExec) {
      return;
    }
    if (p instanceof ShuffleExchangeExec) {
      acc[0]++;
    }
    if (p instanceof BroadcastExchangeExec) {
      acc[1]++;
    }
    for (SparkPlan c : CollectionConverters.asJava(p.children())) {
      walk(c, acc);
    }
  }

  /** Records each task read from shuffles, per stage. */
  static final class TaskRecords extends SparkListener {
    final Map<Integer, long[]> byStage = new ConcurrentHashMap<>(); // {total, max, tasks}

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() == null) {
        return;
      }
      long read = end.taskMetrics().shuffleReadMetrics().recordsRead();
      byStage.compute(
          end.stageId(),
          (k, v) -> {
            long[] s = v == null ? new long[3] : v;
            s[0] += read;
            s[1] = Math.max(s[1], read);
            s[2]++;
            return s;
          });
    }

    /** The largest share of one stage's shuffle records that a single task read. */
    double worstShare(long minRecords) {
      return byStage.values().stream()
          .filter(s -> s[0] >= minRecords)
          .mapToDouble(s -> (double) s[1] / s[0])
          .max()
          .orElse(0);
    }
  }

  static TaskRecords run(Dataset<Row> df) throws java.util.concurrent.TimeoutException {
    TaskRecords listener = new TaskRecords();
    spark.sparkContext().addSparkListener(listener);
    try {
      df.write().format("noop").mode("overwrite").save();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return listener;
  }

  @Test
  void withoutTheSplitOneTaskReadsMostOfTheExposureJoin() throws Exception {
    // the control: proves the balance check below can fail on this dump
    double worst = run(relationships(Long.MAX_VALUE)).worstShare(CELEBRITY_EDGES);
    assertThat(worst).as("largest task share, no split").isGreaterThan(0.5);
  }

  @Test
  void celebrityFollowsAreSpreadOverTasksWithTheDefaultSplit() throws Exception {
    Dataset<Row> rel = relationships(Activity.SALT_ROWS);
    double worst = run(rel).worstShare(CELEBRITY_EDGES);
    assertThat(worst).as("largest task share of any stage").isLessThan(0.5);
    assertThat(rel.count()).isEqualTo(CELEBRITY_EDGES + OTHER_EDGES);
    // each celebrity follower sees the posts published after it followed, split or not
    assertThat(rel.where(col(ACCOUNT_ID).equalTo(0)).agg(sum(EXPOSED_POSTS)).first().getLong(0))
        .isEqualTo(
            relationships(Long.MAX_VALUE)
                .where(col(ACCOUNT_ID).equalTo(0))
                .agg(sum(EXPOSED_POSTS))
                .first()
                .getLong(0));
  }

  @Test
  void followerFeaturesAndAccountDaysStayBalancedToo() throws Exception {
    Dataset<Row> windowFollows = Activity.windowFollows(follows(), W);
    Dataset<Row> features =
        Activity.followerFeatures(
            relationships(Activity.SALT_ROWS),
            Activity.windowEvents(interactions(), W),
            windowFollows,
            profiles(),
            W);
    assertThat(run(features).worstShare(CELEBRITY_EDGES)).isLessThan(0.5);
    Dataset<Row> days = Activity.accountDays(posts(), windowFollows, profiles(), W);
    assertThat(run(days).worstShare(CELEBRITY_EDGES)).isLessThan(0.5);
  }

  @Test
  void theStageRunsADocumentedNumberOfExchanges(@TempDir java.nio.file.Path tmp) {
    Dataset<Row> events = Activity.windowEvents(interactions(), W);
    Dataset<Row> windowFollows = Activity.windowFollows(follows(), W);
    // as ActivityJob does: the window's event side is summed from event partials read back from
    // Delta (here one delivery's, written first)
    EventPartials.of(events, null, W.zone()).write().parquet(tmp.resolve("partials").toString());
    Dataset<Row> partials =
        EventPartials.inWindow(spark.read().parquet(tmp.resolve("partials").toString()), W);
    // as ActivityJob does: relationships and account_day carry the latest posts' reactions
    Dataset<Row> latest = LatestPosts.latest(posts(), W);
    Dataset<Row> reactions = LatestPosts.reactions(events, latest);
    Dataset<Row> rel =
        Activity.relationships(
            Activity.standingRows(follows(), W),
            LatestPosts.onPairs(
                EventPartials.pairRows(partials), LatestPosts.byFollower(reactions)),
            Activity.postTimes(posts(), W),
            3,
            Activity.SALT_ROWS);
    // as ActivityJob does: follower_features reads relationships back from Delta, not its plan
    int[] r = exchanges(rel);
    rel.write().parquet(tmp.resolve("rel").toString());
    Dataset<Row> written = spark.read().parquet(tmp.resolve("rel").toString());
    int[] f =
        exchanges(
            Activity.followerFeaturesOf(
                written, EventPartials.followerEvents(partials), windowFollows, profiles(), W));
    int[] d =
        exchanges(
            LatestPosts.onAccountDays(
                Activity.accountDays(posts(), windowFollows, profiles(), W),
                LatestPosts.byDay(latest, reactions, W)));
    System.out.printf(
        "exchanges relationships %d+%d follower_features %d+%d account_day %d+%d%n",
        r[0], r[1], f[0], f[1], d[0], d[1]);
    assertThat(new int[] {r[0], r[1], f[0], f[1], d[0], d[1]})
        .as(
            "shuffles+broadcasts of relationships, follower_features, account_day; docs/activity.md")
        .containsExactly(10, 2, 18, 0, 12, 0);
  }
}
