package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import id.pasif.testing.SharedSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The mapping from features to segments on hand-made followers, each alone in its cluster so its
 * bot score is its own evidence, with a hand-made profile model ({@link #MODEL}) so that expected
 * values can be worked out from the documented formulas: margin = −ln(1 + followers) + 2 × (no
 * picture), profile evidence = 1 / (1 + e^−margin).
 */
@Tag("quick")
class ClusterMappingTest {
  /** Two inputs: followers (log1p, −1 per unit, mean 5) and no picture (+2, mean 0.5). */
  static final ProfileModel MODEL =
      new ProfileModel(
          "test",
          0.0,
          0.5,
          List.of(
              new ProfileModel.Feature(
                  "followers",
                  FOLLOWERS_COUNT,
                  ProfileModel.Transform.LOG1P,
                  -1.0,
                  5.0,
                  2.0,
                  0.0,
                  10.0),
              new ProfileModel.Feature(
                  "no_picture",
                  HAS_PROFILE_PIC,
                  ProfileModel.Transform.IS_FALSE,
                  2.0,
                  0.5,
                  0.5,
                  0.0,
                  1.0)),
          Map.of(),
          Map.of());

  /** Columns of the hand-made followers, in VALUES order. */
  static final String COLUMNS =
      String.join(
          ", ",
          FOLLOWER_ID,
          FOLLOWERS_COUNT,
          HAS_PROFILE_PIC,
          LOCKSTEP_MAX,
          BURST_FOLLOW_SHARE,
          COMMENTS_WITH_TEXT,
          COMMENT_DUPLICATE_SHARE,
          CLOCK_REGULARITY,
          FAST_REACTION_SHARE,
          ENGAGED_RELATIONSHIPS,
          SILENT_RELATIONSHIPS,
          COHORT_LOCKSTEP_MAX,
          MUTUAL_PARTNERS,
          MUTUAL_PARTNER_LINKS,
          MUTUAL_GROUP_CLOSURE);

  static final Map<Long, Row> OUT = new HashMap<>();

  static double sigmoid(double m) {
    return 1 / (1 + Math.exp(-m));
  }

  @BeforeAll
  static void assign() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> features =
        spark
            .sql(
                "SELECT * FROM VALUES"
                    // 1 bought: no followers, no picture (margin 2); silent
                    + " (1L, 0L, false, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, NULL, 0L, NULL, NULL),"
                    // 2 the same profile, but engages on 5 of 6
                    + " (2L, 0L, false, 0L, 0.0D, 0L, NULL, NULL, NULL, 5L, 1L, NULL, 0L, NULL, NULL),"
                    // 3 new sign-up with an ordinary profile following in lockstep bursts, engages
                    + " (3L, 100L, true, 15L, 1.0D, 1L, 0.0D, 0.1D, 0.0D, 6L, 2L, NULL, 0L, NULL, NULL),"
                    // 4 the same new sign-up, silent: passive, not bot-like
                    + " (4L, 100L, true, 15L, 1.0D, 0L, NULL, NULL, NULL, 0L, 6L, NULL, 0L, NULL, NULL),"
                    // 5 automated: ordinary profile, engages, acts on a fixed clock
                    + " (5L, 100L, true, 0L, 0.0D, 0L, NULL, 0.95D, 0.0D, 10L, 0L, NULL, 0L, NULL, NULL),"
                    // 6 an ordinary silent human
                    + " (6L, 100L, true, 1L, 0.0D, 0L, NULL, NULL, NULL, 0L, 9L, NULL, 0L, NULL, NULL),"
                    // 7 too little evidence: one silent relationship
                    + " (7L, 100L, true, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 1L, NULL, 0L, NULL, NULL),"
                    // 8 bought in lockstep, suspicious profile (9 followers, no picture)
                    + " (8L, 9L, false, 12L, 0.0D, 0L, NULL, NULL, NULL, 0L, 4L, NULL, 0L, NULL, NULL),"
                    // 9 followers unknown, no picture: could go either way
                    + " (9L, NULL, false, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, NULL, 0L, NULL, NULL),"
                    // 10 ordinary profile, followed in lockstep with 9 accounts born within a day
                    + " (10L, 100L, true, 15L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, 9L, 0L, NULL, NULL),"
                    // 11 ordinary profile in a closed group of 10 who all follow each other
                    + " (11L, 100L, true, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, NULL, 9L, 1.0D, 1.0D),"
                    // 12 as 11, but the partners' mutual follows mostly go outside the group
                    + " (12L, 100L, true, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, NULL, 9L, 1.0D, 0.3D),"
                    // 13 a closed circle of five: too small to tell from friends
                    + " (13L, 100L, true, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, NULL, 4L, 1.0D, 1.0D),"
                    // 14 ordinary profile, cohort lockstep of 3 only (3/8 of the weight)
                    + " (14L, 100L, true, 4L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L, 3L, 0L, NULL, NULL),"
                    // 15 as 8 (suspicious profile, lockstep 12), but its creation is known and
                    // none of the crowd was registered with it: a crowd, not a delivery
                    + " (15L, 9L, false, 12L, 0.0D, 0L, NULL, NULL, NULL, 0L, 4L, 0L, 0L, NULL, NULL)"
                    + " AS t("
                    + COLUMNS
                    + ")")
            .withColumn(
                ENGAGED_SHARE,
                col(ENGAGED_RELATIONSHIPS)
                    .divide(col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS))))
            .withColumn(INTERACTION_RATE, col(ENGAGED_SHARE))
            .withColumn(INTERACTIONS_ON_FOLLOWED, col(ENGAGED_RELATIONSHIPS))
            .withColumn(PROVINCE, org.apache.spark.sql.functions.lit("Bali"))
            // each follower alone in its cluster: cluster evidence = own evidence
            .withColumn(CLUSTER, col(FOLLOWER_ID).cast("int"));
    Dataset<Row> clustered = ClusterMapping.withBotEvidence(features, MODEL);
    Dataset<Row> clusters = ClusterMapping.clusterTable(clustered);
    for (Row r : ClusterMapping.assign(clustered, clusters, MODEL).collectAsList()) {
      OUT.put(r.getAs(FOLLOWER_ID), r);
    }
  }

  static String segment(long id) {
    return OUT.get(id).getAs(SEGMENT);
  }

  static double score(long id) {
    return OUT.get(id).<Double>getAs(BOT_SCORE);
  }

  static String reasons(long id) {
    return OUT.get(id).getAs(REASONS);
  }

  static boolean insufficient(long id) {
    return OUT.get(id).<Boolean>getAs(IS_INSUFFICIENT_EVIDENCE);
  }

  @Test
  void aBoughtProfileIsBotLikeWithTheInputsThatPushedAsReasons() {
    // margin −ln 1 + 2 = 2; contributions: followers −1 × (0 − 5) = +5, no picture 2 × 0.5 = +1
    double e = sigmoid(2);
    assertThat(segment(1)).isEqualTo(Segment.BOT_LIKE.label());
    assertThat(score(1)).isCloseTo(e, within(1e-4));
    assertThat(OUT.get(1L).<Double>getAs(CONFIDENCE)).isCloseTo(e, within(1e-4));
    assertThat(reasons(1))
        .isEqualTo(
            "bot_score=0.88 (own 0.88, cluster 0.88); followers_count=0 (+5.0);"
                + " has_profile_pic=false (+1.0)");
    assertThat(insufficient(1)).isFalse();
  }

  @Test
  void aHumanWithAnOddProfileWhoEngagesIsActive() {
    // the same profile evidence, halved for engaging without machine interaction
    assertThat(score(2)).isCloseTo(sigmoid(2) / 2, within(1e-4));
    assertThat(segment(2)).isEqualTo(Segment.ACTIVE.label());
    assertThat(reasons(2)).startsWith("engaged_on=5/6;");
  }

  @Test
  void aNewSignUpFollowingInBurstsIsHumanWhetherItEngagesOrNot() {
    // profile evidence sigmoid(−ln 101) = 1/102 < 0.25: lockstep and bursts do not count
    assertThat(segment(3)).isEqualTo(Segment.ACTIVE.label());
    assertThat(score(3)).isCloseTo(1 / 102.0 / 2, within(1e-4));
    assertThat(segment(4)).isEqualTo(Segment.PASSIVE.label());
    assertThat(score(4)).isCloseTo(1 / 102.0, within(1e-4));
    assertThat(reasons(4)).startsWith("silent_on=6/6;").doesNotContain("unknown");
  }

  @Test
  void scriptedTimingMakesAnEngagingFollowerBotLike() {
    assertThat(segment(5)).isEqualTo(Segment.BOT_LIKE.label());
    assertThat(score(5)).isEqualTo(1.0);
    assertThat(reasons(5))
        .isEqualTo("bot_score=1.00 (own 1.00, cluster 1.00); clock_regularity=0.95");
  }

  @Test
  void anOrdinarySilentHumanIsPassiveAndThinEvidenceIsFlagged() {
    assertThat(segment(6)).isEqualTo(Segment.PASSIVE.label());
    assertThat(score(6)).isCloseTo(1 / 102.0, within(1e-4));
    assertThat(insufficient(6)).isFalse();
    assertThat(segment(7)).isEqualTo(Segment.PASSIVE.label());
    assertThat(insufficient(7)).isTrue();
  }

  @Test
  void lockstepCountsWithASuspiciousProfile() {
    // margin 2 − ln 10 = −0.30: profile evidence 0.42 ≥ 0.4, not bot-like on its own; lockstep
    // 12/8 -> 1. Contributions: followers −1 × (ln 10 − 5) = +2.7, no picture +1.0
    assertThat(OUT.get(8L).<Double>getAs(BOT_SCORE)).isEqualTo(1.0);
    assertThat(segment(8)).isEqualTo(Segment.BOT_LIKE.label());
    assertThat(reasons(8))
        .isEqualTo(
            "bot_score=1.00 (own 1.00, cluster 1.00); followers_count=9 (+2.7);"
                + " has_profile_pic=false (+1.0); lockstep_max=12");
  }

  @Test
  void lockstepOfACrowdRegisteredOverTimeDoesNotCountWhereCreationIsKnown() {
    // profile evidence sigmoid(2 − ln 10) = 0.42 as for 8; cohort 0: the plain lockstep is a crowd
    assertThat(score(15)).isCloseTo(sigmoid(2 - Math.log(10)), within(1e-4));
    assertThat(segment(15)).isEqualTo(Segment.PASSIVE.label());
    assertThat(reasons(15)).doesNotContain("lockstep");
  }

  @Test
  void lockstepDoesNotCountWithAnOrdinaryProfile() {
    // follower 4: profile evidence 1/102, lockstep 15 and bursts ignored
    assertThat(reasons(4)).doesNotContain("lockstep");
    assertThat(segment(4)).isEqualTo(Segment.PASSIVE.label());
  }

  @Test
  void cohortLockstepCountsWithAnOrdinaryProfileAndNamesItself() {
    // profile evidence 1/102; plain lockstep 15 is ignored (ordinary profile), cohort 9/8 -> 1
    assertThat(segment(10)).isEqualTo(Segment.BOT_LIKE.label());
    assertThat(score(10)).isEqualTo(1.0);
    assertThat(reasons(10))
        .isEqualTo("bot_score=1.00 (own 1.00, cluster 1.00); cohort_lockstep_max=9");
    // a cohort of 3 weighs 3/8 = 0.375 < 0.5: passive
    assertThat(score(14)).isCloseTo(0.375, within(1e-4));
    assertThat(segment(14)).isEqualTo(Segment.PASSIVE.label());
  }

  @Test
  void aClosedGroupOfMutualFollowsIsBotLikeAnOpenOrSmallOneIsNot() {
    assertThat(segment(11)).isEqualTo(Segment.BOT_LIKE.label());
    assertThat(score(11)).isEqualTo(1.0);
    assertThat(reasons(11))
        .isEqualTo(
            "bot_score=1.00 (own 1.00, cluster 1.00); mutual_group=9 (links 1.00, closure 1.00)");
    // partners with mutual follows outside the group (closure 0.3 < 0.8): a person's circle
    assertThat(segment(12)).isEqualTo(Segment.PASSIVE.label());
    assertThat(score(12)).isCloseTo(1 / 102.0, within(1e-4));
    // four partners (< 5): a closed circle that small is common among friends
    assertThat(segment(13)).isEqualTo(Segment.PASSIVE.label());
    assertThat(score(13)).isCloseTo(1 / 102.0, within(1e-4));
  }

  @Test
  void anUnknownFieldIsNeutralNamedAndCanLeaveTheDecisionOpen() {
    // followers unknown: its term takes the mean, −1 × 5; margin = −5 + 2 × 1 = −3. Known, it
    // could move the margin from −1 × (10 − 5) = −5 to −1 × (0 − 5) = +5, so to −8 .. +2: either
    // side of 0, undecided. Weights: followers 1 × 2, picture 2 × 0.5: 1/3 of the weight is known.
    double e = sigmoid(-3);
    assertThat(score(9)).isCloseTo(e, within(1e-4));
    assertThat(segment(9)).isEqualTo(Segment.PASSIVE.label());
    assertThat(reasons(9)).startsWith("silent_on=6/6;").endsWith("; unknown=followers_count");
    assertThat(insufficient(9)).isTrue();
    // judged 6/(6+2) × share margin 1 × (0.5 + half the margin of the score below 0.5) × 1/3
    assertThat(OUT.get(9L).<Double>getAs(CONFIDENCE))
        .isCloseTo(0.75 * (0.5 + 0.5 * (0.5 - e) / 0.5) / 3, within(1e-4));
  }

  /**
   * The whole model on populations where fakes are a 10 % minority and a 75 % majority: the same
   * followers get the same segments (no inversion, nothing missed), because clusters are mapped by
   * absolute evidence.
   */
  @Test
  void fakeSharesOfTenAndSeventyFivePercentGiveTheSameAnswers() {
    Map<Long, String> minority = segmentsOfPopulation(10);
    Map<Long, String> majority = segmentsOfPopulation(75);
    long bots10 = minority.values().stream().filter(Segment.BOT_LIKE.label()::equals).count();
    long bots75 = majority.values().stream().filter(Segment.BOT_LIKE.label()::equals).count();
    assertThat(bots10).isEqualTo(40);
    assertThat(bots75).isEqualTo(300);
    // every follower id < 400 * share / 100 is a fake, the rest are humans
    minority.forEach(
        (id, s) ->
            assertThat(s.equals(Segment.BOT_LIKE.label())).as("id " + id).isEqualTo(id < 40));
    majority.forEach(
        (id, s) ->
            assertThat(s.equals(Segment.BOT_LIKE.label())).as("id " + id).isEqualTo(id < 300));
  }

  /**
   * 400 followers, the first {@code fakePercent} % fakes (0-4 followers, no picture, no posts,
   * silent), the rest humans of three kinds: active, passive, and active with an odd profile (no
   * picture, no posts, 20-50 followers). Deterministic values.
   */
  static Map<Long, String> segmentsOfPopulation(int fakePercent) {
    SparkSession spark = SharedSpark.get();
    long fakes = 400L * fakePercent / 100;
    Dataset<Row> features =
        spark
            .range(400)
            .selectExpr(
                "id AS " + FOLLOWER_ID,
                "id < " + fakes + " AS fake",
                "id % 3 AS kind",
                "CAST((id * 37) % 100 AS DOUBLE) / 100.0 AS u")
            .selectExpr(
                FOLLOWER_ID,
                "CASE WHEN fake THEN 20 + 30 * u WHEN kind = 2 THEN 25 + 10 * u ELSE 0.5 + 2 * u"
                    + " END AS "
                    + FOLLOWING_TO_FOLLOWERS,
                "CASE WHEN fake OR kind = 2 THEN CAST(u * 2 AS BIGINT) ELSE CAST(20 + 100 * u AS"
                    + " BIGINT) END AS "
                    + MEDIA_COUNT,
                "NOT (fake OR kind = 2) AS " + HAS_PROFILE_PIC,
                "CASE WHEN fake THEN CAST(5 + 50 * u AS INT) ELSE CAST(400 + 2000 * u AS INT) END"
                    + " AS "
                    + ACCOUNT_AGE_DAYS,
                "CASE WHEN fake THEN 0.4 + 0.2 * u ELSE 0.1 * u END AS " + USERNAME_DIGIT_SHARE,
                "CAST(u * 3 AS BIGINT) AS " + LOCKSTEP_MAX,
                "0.0D AS " + BURST_FOLLOW_SHARE,
                "0L AS " + COMMENTS_WITH_TEXT,
                "CAST(NULL AS DOUBLE) AS " + COMMENT_DUPLICATE_SHARE,
                "CAST(NULL AS DOUBLE) AS " + CLOCK_REGULARITY,
                "CAST(NULL AS DOUBLE) AS " + FAST_REACTION_SHARE,
                "CAST(NULL AS BIGINT) AS " + COHORT_LOCKSTEP_MAX,
                "0L AS " + MUTUAL_PARTNERS,
                "CAST(NULL AS DOUBLE) AS " + MUTUAL_PARTNER_LINKS,
                "CAST(NULL AS DOUBLE) AS " + MUTUAL_GROUP_CLOSURE,
                "CASE WHEN fake OR kind = 1 THEN 0L ELSE 4L END AS " + ENGAGED_RELATIONSHIPS,
                "6L AS " + SILENT_RELATIONSHIPS,
                "CAST(150 + 300 * u AS BIGINT) AS " + FOLLOWING_COUNT,
                "CASE WHEN fake THEN CAST(u * 5 AS BIGINT) WHEN kind = 2 THEN CAST(20 + 30 * u AS"
                    + " BIGINT) ELSE CAST(50 + 450 * u AS BIGINT) END AS "
                    + FOLLOWERS_COUNT,
                "CAST(30 * u AS INT) AS " + BIOGRAPHY_LENGTH,
                "'Bali' AS " + PROVINCE)
            .withColumn(
                ENGAGED_SHARE,
                col(ENGAGED_RELATIONSHIPS)
                    .divide(col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS))))
            .withColumn(INTERACTION_RATE, col(ENGAGED_SHARE))
            .withColumn(INTERACTIONS_ON_FOLLOWED, col(ENGAGED_RELATIONSHIPS));
    PasifConfig config = ConfigLoader.load(List.of(), Map.of(), SharedSpark.TEST_SETTINGS);
    Map<Long, String> out = new HashMap<>();
    for (Row r : ClusterMapping.segment(null, config, MODEL, features).collectAsList()) {
      out.put(r.getAs(FOLLOWER_ID), r.getAs(SEGMENT));
    }
    return out;
  }
}
