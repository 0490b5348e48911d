package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import id.pasif.dump.DumpDataset;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Schemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The group signals of issue 14 on inputs small enough to count by hand: cohort lockstep (accounts
 * registered together following together) and closed groups of mutual follows (engagement pods).
 * Window: run date 2026-11-24, 7 days, WIB, i.e. [2026-11-17T17:00Z, 2026-11-24T17:00Z).
 */
@Tag("quick")
class GroupSignalsTest {
  static final Window W = Window.of(LocalDate.parse("2026-11-24"), 7, ZoneId.of("Asia/Jakarta"));

  static SparkSession spark;
  static Map<Long, Long> cohort = new HashMap<>();
  static Map<Long, Row> groups = new HashMap<>();
  static Map<Long, Row> groupsCapped = new HashMap<>();
  static Map<Long, Row> features = new HashMap<>();

  static Timestamp t(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  static Dataset<Row> df(DumpDataset d, List<Object[]> rows) {
    List<Row> list = rows.stream().map(RowFactory::create).toList();
    return spark.createDataFrame(list, Schemas.allNullable(d.schema()));
  }

  static Object[] follow(long follower, long account, String at) {
    return new Object[] {follower, account, t(at), null};
  }

  static Object[] profile(long user, String created) {
    return new Object[] {
      user,
      "u" + user,
      created == null ? null : t(created),
      100L,
      100L,
      10L,
      true,
      false,
      0,
      null,
      false
    };
  }

  @BeforeAll
  static void compute() {
    spark = SharedSpark.get();
    List<Object[]> follows = new ArrayList<>();
    List<Object[]> profiles = new ArrayList<>();
    // Cohort: followers 20-24 registered on 2026-10-01 (UTC), one hour apart, follow account 1
    // between 10:00 and 10:08 on 2026-11-20, all in 10-minute bucket 10:00-10:09.
    String[] minutes = {"00", "01", "02", "05", "08"};
    for (int i = 0; i < 5; i++) {
      follows.add(follow(20 + i, 1, "2026-11-20T10:" + minutes[i] + ":00Z"));
      profiles.add(profile(20 + i, "2026-10-01T0" + (i + 1) + ":00:00Z"));
    }
    // 25: in the same minutes, registered in 2015: a crowd member, not of the cohort
    follows.add(follow(25, 1, "2026-11-20T10:03:00Z"));
    profiles.add(profile(25, "2015-03-03T00:00:00Z"));
    // 26: registered at 09:30 that day, follows at 10:04: a sign-up session, not aged a day
    follows.add(follow(26, 1, "2026-11-20T10:04:00Z"));
    profiles.add(profile(26, "2026-11-20T09:30:00Z"));
    // 27: of the cohort's day, but follows a day later
    follows.add(follow(27, 1, "2026-11-21T10:00:00Z"));
    profiles.add(profile(27, "2026-10-01T03:00:00Z"));
    // 28: no profile, so no known creation
    follows.add(follow(28, 1, "2026-11-20T10:01:00Z"));
    // 29: registered the next UTC day (a neighbouring day bucket), follows at 10:06
    follows.add(follow(29, 1, "2026-11-20T10:06:00Z"));
    profiles.add(profile(29, "2026-10-02T02:00:00Z"));
    // 30: registered two days after the cohort, neighbour of 29 only, follows at 10:07
    follows.add(follow(30, 1, "2026-11-20T10:07:00Z"));
    profiles.add(profile(30, "2026-10-03T02:00:00Z"));

    // Mutual follows, made before the window: a closed group 40-45 who all follow each other,
    // 45 also mutual with 50, 50 mutual with 51; 52 follows 40 one way.
    for (long a = 40; a <= 45; a++) {
      for (long b = 40; b <= 45; b++) {
        if (a != b) {
          follows.add(follow(a, b, "2026-10-10T00:00:00Z"));
        }
      }
    }
    follows.add(follow(45, 50, "2026-10-10T00:00:00Z"));
    follows.add(follow(50, 45, "2026-10-10T00:00:00Z"));
    follows.add(follow(50, 51, "2026-10-10T00:00:00Z"));
    follows.add(follow(51, 50, "2026-10-10T00:00:00Z"));
    follows.add(follow(52, 40, "2026-10-10T00:00:00Z"));

    Dataset<Row> followsDF = df(DumpDataset.FOLLOWS, follows);
    Dataset<Row> profilesDF = df(DumpDataset.PROFILES, profiles);
    Dataset<Row> windowFollows = Activity.windowFollows(followsDF, W);
    for (Row r :
        Activity.cohortLockstep(windowFollows, profilesDF, Activity.LOCKSTEP_MINUTES)
            .collectAsList()) {
      cohort.put(r.getAs(FOLLOWER_ID), r.getAs(COHORT_LOCKSTEP_MAX));
    }
    Dataset<Row> events = Activity.windowEvents(df(DumpDataset.INTERACTIONS, List.of()), W);
    Dataset<Row> posts = df(DumpDataset.POSTS, List.of());
    Dataset<Row> relationships =
        Activity.relationships(
            Activity.standingFollows(followsDF, W),
            Activity.pairActivity(events),
            Activity.postTimes(posts, W),
            2);
    for (Row r : Activity.mutualGroups(relationships, 50).collectAsList()) {
      groups.put(r.getAs(FOLLOWER_ID), r);
    }
    for (Row r : Activity.mutualGroups(relationships, 5).collectAsList()) {
      groupsCapped.put(r.getAs(FOLLOWER_ID), r);
    }
    for (Row r :
        Activity.followerFeatures(relationships, events, windowFollows, profilesDF, posts, W)
            .collectAsList()) {
      features.put(r.getAs(FOLLOWER_ID), r);
    }
  }

  @Test
  void cohortLockstepCountsOnlyFollowersRegisteredTogetherAndAgedADay() {
    // 20-24: the four others of the cohort, plus 29 (next day bucket); not 25 (2015), not 26
    // (not aged a day), not 30 (two day buckets away)
    for (long f = 20; f <= 24; f++) {
      assertThat(cohort.get(f)).as("follower " + f).isEqualTo(5L);
    }
    // 29: 20-24 (day before) and 30 (day after)
    assertThat(cohort.get(29L)).isEqualTo(6L);
    // 30: only 29 is in a neighbouring day bucket
    assertThat(cohort.get(30L)).isEqualTo(1L);
    // alone in their cell
    assertThat(cohort.get(25L)).isZero();
    assertThat(cohort.get(27L)).isZero();
    // not measurable: followed within a day of registering; no profile
    assertThat(cohort).doesNotContainKeys(26L, 28L);
  }

  @Test
  void aClosedGroupHasAllPairsLinkedAndKeepsItsMutualFollowsInside() {
    // 40: partners 41-45, all 10 pairs linked; their other mutual follows: 4 × 4 (inside) + 45's
    // 5 (4 inside, 50 outside) = 21, of which 2 × 10 = 20 among the partners
    Row forty = groups.get(40L);
    assertThat((Long) forty.getAs(MUTUAL_PARTNERS)).isEqualTo(5L);
    assertThat((Double) forty.getAs(MUTUAL_PARTNER_LINKS)).isEqualTo(1.0);
    assertThat((Double) forty.getAs(MUTUAL_GROUP_CLOSURE)).isCloseTo(20 / 21.0, within(1e-12));
    // 45: partners 40-44 and 50; 10 of 15 pairs linked; others' mutual follows 5 × 4 + 1 = 21
    Row fortyFive = groups.get(45L);
    assertThat((Long) fortyFive.getAs(MUTUAL_PARTNERS)).isEqualTo(6L);
    assertThat((Double) fortyFive.getAs(MUTUAL_PARTNER_LINKS)).isCloseTo(10 / 15.0, within(1e-12));
    assertThat((Double) fortyFive.getAs(MUTUAL_GROUP_CLOSURE)).isCloseTo(20 / 21.0, within(1e-12));
    // 50: partners 45 and 51, not linked; 45 has 5 other mutual follows, 51 none
    Row fifty = groups.get(50L);
    assertThat((Double) fifty.getAs(MUTUAL_PARTNER_LINKS)).isZero();
    assertThat((Double) fifty.getAs(MUTUAL_GROUP_CLOSURE)).isZero();
    // 51: one partner, nothing to link
    Row fiftyOne = groups.get(51L);
    assertThat((Long) fiftyOne.getAs(MUTUAL_PARTNERS)).isEqualTo(1L);
    assertThat((Object) fiftyOne.getAs(MUTUAL_PARTNER_LINKS)).isNull();
    assertThat((Object) fiftyOne.getAs(MUTUAL_GROUP_CLOSURE)).isNull();
    // 52 follows one way only
    assertThat(groups).doesNotContainKey(52L);
  }

  @Test
  void aGroupLargerThanTheCapIsNotMeasured() {
    assertThat((Long) groupsCapped.get(45L).getAs(MUTUAL_PARTNERS)).isEqualTo(6L);
    assertThat((Object) groupsCapped.get(45L).getAs(MUTUAL_PARTNER_LINKS)).isNull();
    assertThat((Double) groupsCapped.get(40L).getAs(MUTUAL_PARTNER_LINKS)).isEqualTo(1.0);
  }

  @Test
  void followerFeaturesCarryTheGroupSignals() {
    assertThat((Long) features.get(29L).getAs(COHORT_LOCKSTEP_MAX)).isEqualTo(6L);
    assertThat((Object) features.get(26L).getAs(COHORT_LOCKSTEP_MAX)).isNull();
    assertThat((Long) features.get(40L).getAs(MUTUAL_PARTNERS)).isEqualTo(5L);
    assertThat((Double) features.get(40L).getAs(MUTUAL_PARTNER_LINKS)).isEqualTo(1.0);
    // one-way follower: no mutual partner, nothing measured
    assertThat((Long) features.get(52L).getAs(MUTUAL_PARTNERS)).isZero();
    assertThat((Object) features.get(52L).getAs(MUTUAL_GROUP_CLOSURE)).isNull();
  }
}
