package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.testing.Bronze;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Schemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A window small enough to work out by hand: run date 2026-11-24, 7 days, WIB. The window is
 * [2026-11-17T17:00Z, 2026-11-24T17:00Z). Expected values are derived in the comments.
 */
@Tag("quick")
class ActivityTest {
  static final Window W = Window.of(LocalDate.parse("2026-11-24"), 7, ZoneId.of("Asia/Jakarta"));
  static final int MIN_EXPOSURE = 2;

  static SparkSession spark;
  static Map<String, Row> rel;
  static Map<Long, Row> features;
  static Dataset<Row> followsDF;
  static Dataset<Row> postsDF;
  static Dataset<Row> eventsDF;
  static Dataset<Row> reducedDF;

  static Timestamp t(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  static Dataset<Row> df(DumpDataset d, Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
    return spark.createDataFrame(list, Schemas.allNullable(d.schema()));
  }

  @BeforeAll
  static void compute() {
    spark = SharedSpark.get();
    Dataset<Row> follows =
        df(
            DumpDataset.FOLLOWS,
            new Object[] {10L, 1L, t("2026-11-01T00:00:00Z"), null},
            new Object[] {11L, 1L, t("2026-11-22T00:00:00Z"), null}, // follows after p101, p102
            new Object[] {12L, 1L, t("2026-11-01T00:00:00Z"), t("2026-11-20T00:00:00Z")}, // gone
            new Object[] {14L, 1L, t("2026-11-01T00:00:00Z"), null}, // silent
            new Object[] {10L, 2L, t("2026-11-01T00:00:00Z"), null},
            new Object[] {2L, 10L, t("2026-11-02T00:00:00Z"), null}, // makes 10 <-> 2 reciprocal
            new Object[] {13L, 2L, t("2026-11-24T16:59:00Z"), null}); // after every post of 2
    Dataset<Row> posts =
        df(
            DumpDataset.POSTS,
            new Object[] {100L, 1L, t("2026-11-10T00:00:00Z"), "photo"}, // before the window
            new Object[] {101L, 1L, t("2026-11-19T00:00:00Z"), "photo"},
            new Object[] {102L, 1L, t("2026-11-21T00:00:00Z"), "video"},
            new Object[] {103L, 1L, t("2026-11-23T00:00:00Z"), "reel"},
            new Object[] {201L, 2L, t("2026-11-20T00:00:00Z"), "photo"},
            new Object[] {202L, 2L, t("2026-11-24T10:00:00Z"), "photo"});
    Dataset<Row> interactions =
        df(
            DumpDataset.INTERACTIONS,
            new Object[] {"e1", 10L, 1L, 101L, "like", t("2026-11-19T05:00:00Z"), null},
            new Object[] {"e1", 10L, 1L, 101L, "like", t("2026-11-19T05:00:00Z"), null}, // dup
            new Object[] {"e2", 10L, 1L, 102L, "comment", t("2026-11-21T05:00:00Z"), "bagus"},
            new Object[] {"e3", 11L, 2L, 201L, "like", t("2026-11-20T06:00:00Z"), null}, // 11 ∌ 2
            new Object[] {"e4", 1L, 1L, 101L, "like", t("2026-11-19T06:00:00Z"), null}, // self
            new Object[] {"e5", 10L, 1L, 100L, "like", t("2026-11-17T16:59:59Z"), null}, // early
            new Object[] {
              "e6", 10L, 2L, 202L, "share", t("2026-11-24T16:59:59Z"), null
            }, // 23:59 WIB
            new Object[] {
              "e7", 11L, 1L, 103L, "like", t("2026-11-24T17:00:00Z"), null
            }); // 00:00 WIB
    Dataset<Row> profiles =
        df(
            DumpDataset.PROFILES,
            new Object[] {
              10L,
              "budi2024",
              t("2026-11-14T17:00:00Z"),
              100L,
              250L,
              12L,
              true,
              false,
              30,
              "Bali",
              false
            },
            new Object[] {
              14L, "x", t("2020-01-01T00:00:00Z"), 0L, 10L, 0L, false, true, 0, null, false
            });

    Dataset<Row> events =
        Activity.windowEvents(Bronze.ingested(interactions, DumpDataset.INTERACTIONS), W);
    Dataset<Row> relationships =
        Activity.relationships(
            Activity.standingFollows(follows, W),
            Activity.pairActivity(events),
            Activity.postTimes(posts, W),
            MIN_EXPOSURE);
    followsDF = follows;
    postsDF = posts;
    eventsDF = events;
    reducedDF = relationships;
    rel =
        relationships.collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs(FOLLOWER_ID) + "->" + r.getAs(ACCOUNT_ID), Function.identity()));
    features =
        Activity.followerFeatures(
                relationships, events, Activity.windowFollows(follows, W), profiles, W)
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> (Long) r.getAs(FOLLOWER_ID), Function.identity()));
  }

  /**
   * The job passes relationships its inputs unreduced (a row per standing follow row, a pair
   * partial per day with events) and relationships folds them, with the reverse follows, in one
   * aggregation. That must give the rows checked by hand below, which come from reduced inputs. A
   * second, later standing row of 10 -> 1 (the earliest still counts) and 10 -> 1's partials of two
   * days (likes on 11-19, a comment on 11-21) are what the aggregation has to fold.
   */
  @Test
  void theJobsUnreducedInputsGiveTheSameRelationships() {
    Dataset<Row> twice =
        followsDF.unionByName(
            df(DumpDataset.FOLLOWS, new Object[] {10L, 1L, t("2026-11-05T00:00:00Z"), null}));
    Dataset<Row> partials = EventPartials.inWindow(EventPartials.of(eventsDF, null, W.zone()), W);
    assertThat(
            EventPartials.pairRows(partials).where("follower_id = 10 AND account_id = 1").count())
        .isEqualTo(2);
    Dataset<Row> unreduced =
        Activity.relationships(
            Activity.standingRows(twice, W),
            EventPartials.pairRows(partials),
            Activity.postTimes(postsDF, W),
            MIN_EXPOSURE);
    assertThat(unreduced.count()).isEqualTo(rel.size());
    assertThat(unreduced.exceptAll(reducedDF).count()).isZero();
    assertThat(reducedDF.exceptAll(unreduced).count()).isZero();
  }

  @Test
  void windowIsTheSevenWibDaysEndingWithTheRunDate() {
    assertThat(W.start()).isEqualTo(Instant.parse("2026-11-17T17:00:00Z"));
    assertThat(W.end()).isEqualTo(Instant.parse("2026-11-24T17:00:00Z"));
    assertThat(W.firstDate()).isEqualTo(LocalDate.parse("2026-11-18"));
  }

  @Test
  void onlyStandingFollowsBecomeRelationships() {
    assertThat(rel.keySet())
        .containsExactlyInAnyOrder("10->1", "11->1", "14->1", "10->2", "2->10", "13->2");
  }

  @Test
  void engagedRelationshipCountsEachEventOnceAndOnlyInsideTheWindow() {
    Row r = rel.get("10->1");
    // p101, p102, p103 are in the window and after the follow; p100 is before the window
    assertThat((Long) r.getAs(EXPOSED_POSTS)).isEqualTo(3L);
    // e1 twice in the delivery counts once (ingest keeps the first); e5 is one second before the
    // window
    assertThat((Long) r.getAs(LIKES)).isEqualTo(1L);
    assertThat((Long) r.getAs(COMMENTS)).isEqualTo(1L);
    assertThat((Long) r.getAs(INTERACTIONS)).isEqualTo(2L);
    assertThat((Timestamp) r.getAs(LAST_INTERACTION_AT)).isEqualTo(t("2026-11-21T05:00:00Z"));
    assertThat((Boolean) r.getAs(IS_RECIPROCAL)).isFalse();
    assertThat((String) r.getAs(STATE)).isEqualTo("engaged");
  }

  @Test
  void postsBeforeTheFollowAreNotExposureAndTheWindowEndIsExclusive() {
    Row r = rel.get("11->1");
    assertThat((Long) r.getAs(EXPOSED_POSTS)).isEqualTo(1L); // only p103
    assertThat((Long) r.getAs(INTERACTIONS)).isZero(); // e7 is at 00:00 WIB of the next day
    assertThat((String) r.getAs(STATE)).isEqualTo("not_judged"); // 1 < min exposure 2
    assertThat((Long) rel.get("13->2").getAs(EXPOSED_POSTS)).isZero();
  }

  @Test
  void silenceNeedsExposureAndReciprocityIsSeenBothWays() {
    assertThat((String) rel.get("14->1").getAs(STATE)).isEqualTo("silent");
    Row tenTwo = rel.get("10->2");
    assertThat((Long) tenTwo.getAs(EXPOSED_POSTS)).isEqualTo(2L);
    assertThat((Long) tenTwo.getAs(SHARES)).isEqualTo(1L); // e6 at 23:59:59 WIB is inside
    assertThat((Boolean) tenTwo.getAs(IS_RECIPROCAL)).isTrue();
    assertThat((Boolean) rel.get("2->10").getAs(IS_RECIPROCAL)).isTrue();
  }

  @Test
  void followerFeaturesAddUpRelationshipsEventsAndProfile() {
    Row ten = features.get(10L);
    assertThat((Long) ten.getAs(ACCOUNTS_FOLLOWED)).isEqualTo(2L);
    assertThat((Long) ten.getAs(ENGAGED_RELATIONSHIPS)).isEqualTo(2L);
    assertThat((Double) ten.getAs(ENGAGED_SHARE)).isEqualTo(1.0);
    assertThat((Long) ten.getAs(EXPOSED_POSTS)).isEqualTo(5L);
    assertThat((Long) ten.getAs(INTERACTIONS_ON_FOLLOWED)).isEqualTo(3L);
    assertThat((Long) ten.getAs(INTERACTIONS_NOT_FOLLOWED)).isZero();
    assertThat((Double) ten.getAs(INTERACTION_RATE)).isEqualTo(3 / 5.0);
    // local (WIB) days 11-19, 11-21, 11-24
    assertThat((Long) ten.getAs(ACTIVE_DAYS)).isEqualTo(3L);
    assertThat((Integer) ten.getAs(DAYS_SINCE_LAST_INTERACTION)).isZero();
    assertThat((Double) ten.getAs(FOLLOWING_TO_FOLLOWERS)).isEqualTo(2.5);
    assertThat((Double) ten.getAs(USERNAME_DIGIT_SHARE)).isEqualTo(0.5);
    // created 2026-11-15 00:00 WIB, 9 days before the run date
    assertThat((Integer) ten.getAs(ACCOUNT_AGE_DAYS)).isEqualTo(9);

    Row eleven = features.get(11L);
    assertThat((Object) eleven.getAs(ENGAGED_SHARE)).as("nothing judged").isNull();
    assertThat((Long) eleven.getAs(INTERACTIONS_NOT_FOLLOWED)).isEqualTo(1L); // e3 on account 2
    assertThat((Integer) eleven.getAs(DAYS_SINCE_LAST_INTERACTION)).isEqualTo(4);
    assertThat((Boolean) eleven.getAs(HAS_PROFILE)).isFalse();

    Row fourteen = features.get(14L);
    assertThat((Double) fourteen.getAs(SILENT_SHARE)).isEqualTo(1.0);
    assertThat((Double) fourteen.getAs(FOLLOWING_TO_FOLLOWERS))
        .as("followers 0 -> 1")
        .isEqualTo(10.0);
    assertThat(features).doesNotContainKey(12L);
  }
}
