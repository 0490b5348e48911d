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
 * bot score is its own evidence; expected values are worked out from the documented formulas.
 */
@Tag("quick")
class ClusterMappingTest {
  /** Columns of the hand-made followers, in VALUES order. */
  static final String COLUMNS =
      String.join(
          ", ",
          FOLLOWER_ID,
          FOLLOWING_TO_FOLLOWERS,
          MEDIA_COUNT,
          HAS_PROFILE_PIC,
          ACCOUNT_AGE_DAYS,
          USERNAME_DIGIT_SHARE,
          LOCKSTEP_MAX,
          BURST_FOLLOW_SHARE,
          COMMENTS_WITH_TEXT,
          COMMENT_DUPLICATE_SHARE,
          CLOCK_REGULARITY,
          FAST_REACTION_SHARE,
          ENGAGED_RELATIONSHIPS,
          SILENT_RELATIONSHIPS);

  static final Map<Long, Row> OUT = new HashMap<>();

  @BeforeAll
  static void assign() {
    SparkSession spark = SharedSpark.get();
    Dataset<Row> features =
        spark
            .sql(
                "SELECT * FROM VALUES"
                    // 1 bought: ratio 50, no posts, no picture, 20 days old, half digits; silent
                    + " (1L, 50.0D, 0L, false, 20, 0.5D, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 6L),"
                    // 2 odd profile (ratio 40, no posts, no picture, old) but engages on 5 of 6
                    + " (2L, 40.0D, 0L, false, 2000, 0.0D, 0L, 0.0D, 0L, NULL, NULL, NULL, 5L, 1L),"
                    // 3 new sign-up: 2 days old, no posts, follows in lockstep bursts, engages
                    + " (3L, 1.0D, 0L, true, 2, 0.1D, 15L, 1.0D, 1L, 0.0D, 0.1D, 0.0D, 6L, 2L),"
                    // 4 the same new sign-up, silent: passive, not bot-like
                    + " (4L, 1.0D, 0L, true, 2, 0.1D, 15L, 1.0D, 0L, NULL, NULL, NULL, 0L, 6L),"
                    // 5 automated: normal profile, engages, acts on a fixed clock
                    + " (5L, 2.0D, 40L, true, 300, 0.0D, 0L, 0.0D, 0L, NULL, 0.95D, 0.0D, 10L,"
                    + " 0L),"
                    // 6 an ordinary silent human
                    + " (6L, 1.2D, 80L, true, 1500, 0.0D, 1L, 0.0D, 0L, NULL, NULL, NULL, 0L, 9L),"
                    // 7 too little evidence: one silent relationship
                    + " (7L, 1.2D, 80L, true, 1500, 0.0D, 0L, 0.0D, 0L, NULL, NULL, NULL, 0L, 1L),"
                    // 8 bought in lockstep, suspicious profile (0.685), silent
                    + " (8L, 8.0D, 3L, false, 30, 0.2D, 12L, 0.0D, 0L, NULL, NULL, NULL, 0L, 4L)"
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
    Dataset<Row> clustered = ClusterMapping.withBotEvidence(features);
    Dataset<Row> clusters = ClusterMapping.clusterTable(clustered);
    for (Row r : ClusterMapping.assign(clustered, clusters).collectAsList()) {
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

  @Test
  void aBoughtProfileIsBotLikeWithTheSignalsThatFiredAsReasons() {
    // five profile signals all 1 -> evidence 1.0, score 1.0, confidence 0.5 + 0.5 * 1
    assertThat(segment(1)).isEqualTo(ClusterMapping.BOT_LIKE);
    assertThat(score(1)).isEqualTo(1.0);
    assertThat(OUT.get(1L).<Double>getAs(CONFIDENCE)).isEqualTo(1.0);
    assertThat(reasons(1))
        .isEqualTo(
            "bot_score=1.00 (own 1.00, cluster 1.00); following_to_followers=50.0;"
                + " media_count=0; has_profile_pic=false; account_age_days=20;"
                + " username_digit_share=0.50");
  }

  @Test
  void aHumanWithAnOddProfileWhoEngagesIsActive() {
    // profile (1 + 1 + 1 + 0 + 0) / 5 = 0.6, halved for engaging without machine interaction
    assertThat(score(2)).isCloseTo(0.3, within(1e-9));
    assertThat(segment(2)).isEqualTo(ClusterMapping.ACTIVE);
    assertThat(reasons(2)).startsWith("engaged_on=5/6;");
  }

  @Test
  void aNewSignUpFollowingInBurstsIsHumanWhetherItEngagesOrNot() {
    // profile (0 + 1 + 0 + 1 + 0.25) / 5 = 0.45 < 0.6: lockstep and bursts do not count
    assertThat(segment(3)).isEqualTo(ClusterMapping.ACTIVE);
    assertThat(score(3)).isCloseTo(0.225, within(1e-9));
    assertThat(segment(4)).isEqualTo(ClusterMapping.PASSIVE);
    assertThat(score(4)).isCloseTo(0.45, within(1e-9));
    assertThat(reasons(4)).startsWith("silent_on=6/6;");
  }

  @Test
  void scriptedTimingMakesAnEngagingFollowerBotLike() {
    assertThat(segment(5)).isEqualTo(ClusterMapping.BOT_LIKE);
    assertThat(score(5)).isEqualTo(1.0);
    assertThat(reasons(5))
        .isEqualTo("bot_score=1.00 (own 1.00, cluster 1.00); clock_regularity=0.95");
  }

  @Test
  void anOrdinarySilentHumanIsPassiveAndThinEvidenceIsFlagged() {
    assertThat(segment(6)).isEqualTo(ClusterMapping.PASSIVE);
    assertThat(score(6)).isEqualTo(0.0);
    assertThat(OUT.get(6L).<Boolean>getAs(IS_INSUFFICIENT_EVIDENCE)).isFalse();
    assertThat(segment(7)).isEqualTo(ClusterMapping.PASSIVE);
    assertThat(OUT.get(7L).<Boolean>getAs(IS_INSUFFICIENT_EVIDENCE)).isTrue();
  }

  @Test
  void lockstepCountsWithASuspiciousProfile() {
    // profile (log10(8/3) + 0.5 + 1 + 1 + 0.5) / 5 = 0.685; lockstep 12/8 -> 1; the ratio signal
    // (0.43) did not fire, so it is not a reason
    assertThat(segment(8)).isEqualTo(ClusterMapping.BOT_LIKE);
    assertThat(score(8)).isEqualTo(1.0);
    assertThat(reasons(8))
        .contains("has_profile_pic=false", "account_age_days=30", "lockstep_max=12")
        .doesNotContain("following_to_followers");
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
    long bots10 = minority.values().stream().filter(ClusterMapping.BOT_LIKE::equals).count();
    long bots75 = majority.values().stream().filter(ClusterMapping.BOT_LIKE::equals).count();
    assertThat(bots10).isEqualTo(40);
    assertThat(bots75).isEqualTo(300);
    // every follower id < 400 * share / 100 is a fake, the rest are humans
    minority.forEach(
        (id, s) -> assertThat(s.equals(ClusterMapping.BOT_LIKE)).as("id " + id).isEqualTo(id < 40));
    majority.forEach(
        (id, s) ->
            assertThat(s.equals(ClusterMapping.BOT_LIKE)).as("id " + id).isEqualTo(id < 300));
  }

  /**
   * 400 followers, the first {@code fakePercent} % fakes (young, no picture, no posts, high
   * following ratio, digit usernames, silent), the rest humans of three kinds: active, passive, and
   * active with an odd profile (no picture, no posts, high ratio). Deterministic values.
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
                "CASE WHEN fake OR kind = 1 THEN 0L ELSE 4L END AS " + ENGAGED_RELATIONSHIPS,
                "6L AS " + SILENT_RELATIONSHIPS,
                "CAST(150 + 300 * u AS BIGINT) AS " + FOLLOWING_COUNT,
                "CAST(30 * u AS INT) AS " + BIOGRAPHY_LENGTH,
                "'Bali' AS " + PROVINCE)
            .withColumn(
                ENGAGED_SHARE,
                col(ENGAGED_RELATIONSHIPS)
                    .divide(col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS))))
            .withColumn(INTERACTION_RATE, col(ENGAGED_SHARE))
            .withColumn(INTERACTIONS_ON_FOLLOWED, col(ENGAGED_RELATIONSHIPS));
    PasifConfig config = ConfigLoader.load(List.of(), Map.of(), SharedSpark.TEST_SETTINGS);
    Dataset<Row> clustered =
        ClusterMapping.withBotEvidence(
            SegmentModel.withCluster(SegmentModel.fit(config, features), features));
    Dataset<Row> clusters = ClusterMapping.clusterTable(clustered);
    Map<Long, String> out = new HashMap<>();
    for (Row r : ClusterMapping.assign(clustered, clusters).collectAsList()) {
      out.put(r.getAs(FOLLOWER_ID), r.getAs(SEGMENT));
    }
    return out;
  }
}
