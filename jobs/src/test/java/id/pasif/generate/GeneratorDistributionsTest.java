package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.segment.Segment;
import id.pasif.testing.Cli;
import id.pasif.testing.ProductionCodegen;
import id.pasif.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The populations of one generated dump (3,000 users, 300 accounts, default shares), read back from
 * the files and checked against the figures the generator follows, with the stated tolerances.
 */
@ExtendWith(ProductionCodegen.class)
class GeneratorDistributionsTest {
  static final String DATE = "2026-11-24";
  static final long USERS = 3000;
  static final long ACCOUNTS = 300;
  @TempDir static Path tmp;
  static SparkSession spark;
  static Dataset<Row> profiles;
  static Dataset<Row> follows;
  static Dataset<Row> posts;
  static Dataset<Row> interactions;
  static Dataset<Row> truth;

  @BeforeAll
  static void generate() {
    spark = SharedSpark.get();
    String out = tmp.resolve("dump").toString();
    Cli.Outcome gen =
        Cli.run(
            "generate",
            "--out",
            out,
            "--date",
            DATE,
            "--users",
            "" + USERS,
            "--seed",
            "11",
            "--days",
            "14");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    truth = spark.read().option("header", "true").csv(out + "/truth/users.csv").cache();
    profiles = spark.read().json(out + "/profiles/dt=" + DATE).join(truth, USER_ID).cache();
    follows = spark.read().json(out + "/follows/dt=" + DATE).cache();
    posts = spark.read().json(out + "/posts/dt=" + DATE).cache();
    interactions = spark.read().json(out + "/interactions/dt=" + DATE).cache();
  }

  static Column isCause(String cause) {
    return coalesce(col("cause"), lit("")).equalTo(cause);
  }

  static Column human() {
    return col(SEGMENT).notEqual(Segment.BOT_LIKE.label()).and(col(USER_ID).gt(ACCOUNTS));
  }

  static double median(Dataset<Row> rows, String column) {
    return rows.select(percentile_approx(col(column), lit(0.5), lit(100000))).first().getLong(0);
  }

  static double share(Dataset<Row> rows, Column condition) {
    Row r = rows.select(avg(when(condition, 1.0).otherwise(0.0))).first();
    return r.getDouble(0);
  }

  @Test
  void segmentSharesFollowTheOptionsAmongNonCreators() {
    Dataset<Row> nonCreators = truth.where(col(USER_ID).cast("long").gt(ACCOUNTS));
    // 2,700 draws: 3 standard errors is about 0.018 for 0.10 and 0.029 for 0.45
    assertThat(share(nonCreators, col(SEGMENT).equalTo(Segment.BOT_LIKE.label())))
        .isBetween(0.08, 0.12);
    assertThat(share(nonCreators, col(SEGMENT).equalTo(Segment.PASSIVE.label())))
        .isBetween(0.42, 0.48);
    assertThat(
            truth
                .where(col(USER_ID).cast("long").leq(ACCOUNTS))
                .select(SEGMENT)
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("active");
    Dataset<Row> passive = truth.where(col(SEGMENT).equalTo(Segment.PASSIVE.label()));
    assertThat(share(passive, isCause(TrueCause.DORMANT.label()))).isBetween(0.33, 0.47);
    assertThat(share(passive, isCause(TrueCause.FOLLOW_BACK.label()))).isBetween(0.10, 0.20);
    Dataset<Row> bots = truth.where(col(SEGMENT).equalTo(Segment.BOT_LIKE.label()));
    assertThat(share(bots, isCause(TrueCause.BOUGHT.label()))).isBetween(0.55, 0.75);
    assertThat(share(bots, isCause(TrueCause.ENGAGEMENT_POD.label()))).isBetween(0.07, 0.23);
  }

  /**
   * The targets of {@code docs/generator.md} (quantiles of the real labelled accounts in {@code
   * ../shared/calibration}), worked out from the stated draws, not from a generated dump: e.g. the
   * followers of bought and automated accounts are 43 % "dressed" (3 % zero, else log-normal median
   * 67, σ 1.35) and 57 % "bare" (8 % zero, else median 37, σ 1.3), whose mixture has median 43.1.
   * Bands are about three standard errors of a median of n log-normal draws (1.25 σ / √n in log
   * space; n ≈ 230 fakes, ≈ 1,200 active humans) or of a share.
   */
  @Test
  void profilesFollowTheRealLabelledAccounts() {
    Dataset<Row> humans = profiles.where(human());
    Dataset<Row> active = profiles.where(col(SEGMENT).equalTo(Segment.ACTIVE.label()).and(human()));
    Dataset<Row> fakes =
        profiles.where(isCause(TrueCause.BOUGHT.label()).or(isCause(TrueCause.AUTOMATED.label())));
    Dataset<Row> bought = profiles.where(isCause(TrueCause.BOUGHT.label()));
    // humans: followers log-normal median 345 (unchanged), active following median 438 (real
    // genuine), non-dormant posts 2 % zero else median 70, σ 1.65: median 67
    assertThat(median(humans, FOLLOWERS_COUNT)).isBetween(300.0, 450.0);
    assertThat(median(active, FOLLOWING_COUNT)).isBetween(390.0, 495.0);
    assertThat(median(active, MEDIA_COUNT)).isBetween(55.0, 82.0);
    // fakes (real fakes: followers median 44, following 76, 57 % without a picture): mixture
    // medians 43.1 and 81.5 (0.43 × LN(151, 1.5) + 0.57 × LN(46, 1.85)); no picture exactly
    // when bare, 0.57
    assertThat(median(fakes, FOLLOWERS_COUNT)).isBetween(30.0, 61.0);
    assertThat(median(fakes, FOLLOWING_COUNT)).isBetween(52.0, 127.0);
    assertThat(share(fakes, not(col(HAS_PROFILE_PIC)))).isBetween(0.47, 0.67);
    // bought accounts are bare with probability 0.65; without posts 0.35 × 0.22 + 0.65 × 0.73 =
    // 0.55 of them
    assertThat(share(bought, not(col(HAS_PROFILE_PIC)))).isBetween(0.54, 0.76);
    assertThat(share(bought, col(MEDIA_COUNT).equalTo(0))).isBetween(0.44, 0.66);
    assertThat(share(humans, not(col(HAS_PROFILE_PIC)))).isLessThan(0.15);
    // real genuine accounts: 0.6 % without a picture (2 of 348); ~1,200 active humans: 7 expected
    assertThat(share(active, not(col(HAS_PROFILE_PIC)))).isBetween(0.0, 0.015);
    // real fakes: 25 % of handles without a digit; generated 0.25 exactly for bought/automated
    Column digits = length(regexp_replace(col(USERNAME), "[^0-9]", ""));
    assertThat(share(fakes, digits.equalTo(0))).isBetween(0.16, 0.34);
    // all users: median following ~265 (the national figure; 264.6 for the stated mixture of
    // segments at the default shares), never above the 7,500 cap
    assertThat(median(profiles, FOLLOWING_COUNT)).isBetween(225.0, 310.0);
    assertThat(profiles.agg(max(FOLLOWING_COUNT)).first().getLong(0)).isLessThanOrEqualTo(7500);
  }

  /** Best accuracy one threshold on {@code feature} reaches in telling bots from humans. */
  static double bestThresholdAccuracy(Column feature) {
    List<Row> rows =
        profiles
            .select(
                feature.cast("double").as("x"),
                col(SEGMENT).equalTo(Segment.BOT_LIKE.label()).as("bot"))
            .orderBy("x")
            .collectAsList(); // 3,000 rows: bounded test data
    long bots = rows.stream().filter(r -> r.getBoolean(1)).count();
    long n = rows.size();
    long botsBelow = 0;
    long humansBelow = 0;
    double best = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).getBoolean(1)) {
        botsBelow++;
      } else {
        humansBelow++;
      }
      boolean cut =
          i == rows.size() - 1 || rows.get(i + 1).getDouble(0) != rows.get(i).getDouble(0);
      if (cut) {
        // bots above the cut, humans below; or the reverse
        double a = (humansBelow + (bots - botsBelow)) / (double) n;
        best = Math.max(best, Math.max(a, 1 - a));
      }
    }
    return best;
  }

  @Test
  void noSingleProfileThresholdSeparatesBotsFromHumans() {
    Column ratio = col(FOLLOWING_COUNT).divide(greatest(col(FOLLOWERS_COUNT), lit(1)));
    for (Column feature :
        List.of(
            ratio,
            col(MEDIA_COUNT),
            col(FOLLOWERS_COUNT),
            col(FOLLOWING_COUNT),
            when(col(HAS_PROFILE_PIC), 1).otherwise(0))) {
      double acc = bestThresholdAccuracy(feature);
      // bots are ~9 % of users: a useful single feature beats 0.91, but none separates them
      assertThat(acc).as(feature.toString()).isLessThan(0.985);
    }
    // overlap at the edges: humans with a bot-like ratio, bots with a human-like one
    Dataset<Row> withRatio = profiles.withColumn("r", ratio);
    assertThat(withRatio.where(human().and(col("r").geq(10))).count()).isPositive();
    assertThat(
            withRatio.where(isCause(TrueCause.BOUGHT.label()).and(col(MEDIA_COUNT).geq(1))).count())
        .isPositive();
    assertThat(withRatio.where(human().and(not(col(HAS_PROFILE_PIC)))).count()).isPositive();
  }

  @Test
  void accountPopularityIsHeavyTailed() {
    Dataset<Row> standing =
        follows.where(col(UNFOLLOWED_AT).isNull()).where(col(ACCOUNT_ID).leq(ACCOUNTS));
    long total = standing.count();
    // rank r gets a share ∝ r^(-2/3) of draws (u^3): top 1 % of accounts ~21 % and top 10 % ~46 %
    // of draws before a user's repeated draws collapse; uniform would give 1 % and 10 %
    long top1 = standing.where(col(ACCOUNT_ID).leq(ACCOUNTS / 100)).count();
    long top10 = standing.where(col(ACCOUNT_ID).leq(ACCOUNTS / 10)).count();
    assertThat(top1 / (double) total).isBetween(0.05, 0.25);
    assertThat(top10 / (double) total).isBetween(0.25, 0.50);
  }

  @Test
  void boughtFollowersArriveInTightBurstsTogether() {
    Dataset<Row> f =
        follows
            .join(
                truth.select(
                    col(USER_ID).as(FOLLOWER_ID),
                    coalesce(col("cause"), lit("")).as("cause"),
                    col(SEGMENT)),
                FOLLOWER_ID)
            .withColumn("bucket", floor(unix_seconds(to_timestamp(col(FOLLOWED_AT))).divide(1800)));
    Dataset<Row> buckets = f.groupBy(ACCOUNT_ID, "bucket", "cause").agg(count(lit(1)).as("n"));
    Dataset<Row> tagged = f.join(buckets, new String[] {ACCOUNT_ID, "bucket", "cause"});
    // a bought batch (~40 accounts) follows its customer within 20 minutes
    assertThat(share(tagged.where(isCause(TrueCause.BOUGHT.label())), col("n").geq(5)))
        .isGreaterThan(0.02);
    assertThat(
            tagged
                .where(isCause(TrueCause.BOUGHT.label()).and(col("n").geq(10)))
                .select(ACCOUNT_ID)
                .distinct()
                .count())
        .isGreaterThanOrEqualTo(3);
    // nearly every bought account takes part in a burst of >= 10 batch mates on one account
    // within half an hour; dormant humans, who follow over two years, never crowd like that
    // (active humans do inside trend spikes, by design)
    Dataset<Row> perUser =
        tagged
            .groupBy(FOLLOWER_ID, "cause")
            .agg(max(when(col("n").geq(10), 1.0).otherwise(0.0)).as("in_burst"));
    assertThat(
            share(perUser.where(isCause(TrueCause.BOUGHT.label())), col("in_burst").equalTo(1.0)))
        .isGreaterThan(0.8);
    assertThat(
            share(perUser.where(isCause(TrueCause.DORMANT.label())), col("in_burst").equalTo(1.0)))
        .isLessThan(0.01);
    // bought accounts are young: created within 90 days of the window
    assertThat(
            profiles
                .where(isCause(TrueCause.BOUGHT.label()))
                .where(col(CREATED_AT).lt(lit("2026-08-01")))
                .count())
        .isZero();
  }

  @Test
  void automatedAccountsActOnAMachineClockWithGenericComments() {
    Dataset<Row> acts =
        interactions
            .join(truth.select(col(USER_ID).as(ACTOR_ID), col("cause"), col(SEGMENT)), ACTOR_ID)
            .withColumn("sec", pmod(unix_seconds(to_timestamp(col(TS))), lit(60)));
    Dataset<Row> perBot =
        acts.where(isCause(TrueCause.AUTOMATED.label()))
            .groupBy(ACTOR_ID)
            .agg(countDistinct("sec").as("secs"));
    assertThat(perBot.count()).isGreaterThan(20);
    assertThat(perBot.where(col("secs").gt(1)).count()).isZero();
    Dataset<Row> perHuman =
        acts.where(col(SEGMENT).equalTo(Segment.ACTIVE.label()))
            .groupBy(ACTOR_ID)
            .agg(countDistinct("sec").as("secs"), count(lit(1)).as("n"))
            .where(col("n").geq(20));
    assertThat(share(perHuman, col("secs").gt(5))).isGreaterThan(0.95);
    Set<String> generic = Set.of(Populations.GENERIC_COMMENTS);
    List<String> botComments =
        acts.where(isCause(TrueCause.AUTOMATED.label()).and(col(TYPE).equalTo("comment")))
            .select(COMMENT_TEXT)
            .distinct()
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(botComments).isNotEmpty().allMatch(generic::contains);
  }

  @Test
  void engagementPodsLikeEachOthersPostsInLockstep() {
    Dataset<Row> podPosts = posts.where(col(ACCOUNT_ID).gt(ACCOUNTS));
    assertThat(podPosts.count()).isPositive();
    Dataset<Row> likes =
        interactions
            .where(col(TYPE).equalTo("like"))
            .join(podPosts.select(POST_ID, POSTED_AT), POST_ID);
    Dataset<Row> perPost =
        likes
            .groupBy(POST_ID)
            .agg(
                count(lit(1)).as("likers"),
                max(unix_seconds(to_timestamp(col(TS)))
                        .minus(unix_seconds(to_timestamp(col(POSTED_AT)))))
                    .as("lag"));
    assertThat(perPost.agg(max("lag")).first().getLong(0)).isLessThanOrEqualTo(110);
    assertThat(median(perPost, "likers")).isGreaterThanOrEqualTo(4.0);
  }

  @Test
  void activityFollowsLocalHoursStoredAsUtc() {
    Set<String> wita =
        Set.of(
            "Sulawesi Selatan",
            "Nusa Tenggara Timur",
            "Nusa Tenggara Barat",
            "Bali",
            "Kalimantan Timur",
            "Kalimantan Selatan",
            "Sulawesi Tengah",
            "Sulawesi Tenggara",
            "Sulawesi Utara",
            "Sulawesi Barat",
            "Gorontalo",
            "Kalimantan Utara");
    Set<String> wit =
        Set.of(
            "Maluku",
            "Maluku Utara",
            "Papua",
            "Papua Barat",
            "Papua Tengah",
            "Papua Pegunungan",
            "Papua Selatan",
            "Papua Barat Daya");
    Column offset =
        when(col(PROVINCE).isin(wit.toArray()), 9)
            .when(col(PROVINCE).isin(wita.toArray()), 8)
            .otherwise(7);
    Dataset<Row> local =
        posts
            .join(profiles.select(col(USER_ID).as(ACCOUNT_ID), offset.as("off")), ACCOUNT_ID)
            .withColumn("h", pmod(hour(to_timestamp(col(POSTED_AT))).plus(col("off")), lit(24)));
    // 01:00-05:59 carries 3.8 % of the hour weights; evening 19-21 carries 21 %
    assertThat(share(local, col("h").between(1, 5))).isLessThan(0.06);
    assertThat(share(local, col("h").between(19, 21))).isGreaterThan(0.16);
    assertThat(profiles.select(PROVINCE).distinct().count()).isGreaterThan(30);
    assertThat(share(profiles, col(PROVINCE).equalTo("Jawa Barat"))).isBetween(0.13, 0.22);
  }

  @Test
  void onlyActiveHumansExploreAccountsTheyDoNotFollow() {
    Dataset<Row> notFollowed =
        interactions
            .join(
                follows.select(col(FOLLOWER_ID).as(ACTOR_ID), col(ACCOUNT_ID)),
                new String[] {ACTOR_ID, ACCOUNT_ID},
                "left_anti")
            .join(truth.select(col(USER_ID).as(ACTOR_ID), col(SEGMENT)), ACTOR_ID);
    assertThat(notFollowed.where(col(SEGMENT).equalTo(Segment.ACTIVE.label())).count())
        .isPositive();
    assertThat(notFollowed.where(col(SEGMENT).notEqual(Segment.ACTIVE.label())).count()).isZero();
  }

  @Test
  void followBackSeekersAreFollowedBackAtARealisticRate() {
    Dataset<Row> out =
        follows
            .join(truth.select(col(USER_ID).as(FOLLOWER_ID), col("cause")), FOLLOWER_ID)
            .where(col(ACCOUNT_ID).leq(ACCOUNTS));
    Dataset<Row> back =
        follows.select(
            col(FOLLOWER_ID).as(ACCOUNT_ID), col(ACCOUNT_ID).as(FOLLOWER_ID), lit(true).as("back"));
    Dataset<Row> joined = out.join(back, new String[] {FOLLOWER_ID, ACCOUNT_ID}, "left");
    // Twitter-scale reciprocity ~22 %; popular accounts rarely follow back
    assertThat(share(joined.where(isCause(TrueCause.FOLLOW_BACK.label())), col("back").isNotNull()))
        .isBetween(0.05, 0.35);
    assertThat(share(joined.where(isCause(TrueCause.DORMANT.label())), col("back").isNotNull()))
        .isZero();
  }
}
