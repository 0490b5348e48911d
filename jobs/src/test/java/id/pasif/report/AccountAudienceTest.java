package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.activity.LatestPosts;
import id.pasif.activity.Window;
import id.pasif.testing.SharedSpark;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The parts of account_audience on three hand-made accounts; every expected value is worked out in
 * the comments from the rows below.
 *
 * <ul>
 *   <li>Account 100: followers 1 (active, engaged), 2 (passive, silent), 3 (bot-like, silent), 4
 *       (passive, not judged); 13 posts; spike days 2026-11-10 and 2026-11-20 (WIB).
 *   <li>Account 200: followers 1 (active, silent) and 5 (active, engaged); one post; no spike.
 *   <li>Account 300: follower 5 (active, not judged); no post, no silent cause.
 * </ul>
 */
@Tag("quick")
class AccountAudienceTest {
  static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
  static SparkSession spark;
  static Dataset<Row> relationships;
  static Dataset<Row> segments;
  static Dataset<Row> causes;
  static Dataset<Row> posts;
  static Dataset<Row> events;
  static Dataset<Row> spikes;
  static Dataset<Row> accountDays;

  @BeforeAll
  static void tables() {
    spark = SharedSpark.get();
    relationships =
        spark.sql(
            "SELECT follower_id, account_id, CAST(t AS TIMESTAMP) AS followed_at, state FROM VALUES"
                // WIB 2026-11-11 00:30: the day after the spike day in UTC terms
                + " (1L, 100L, '2026-11-10 17:30:00', 'engaged'),"
                // WIB 2026-11-20 17:00: a spike day
                + " (2L, 100L, '2026-11-20 10:00:00', 'silent'),"
                // WIB 2026-11-10 01:00: a spike day, though 2026-11-09 in UTC
                + " (3L, 100L, '2026-11-09 18:00:00', 'silent'),"
                + " (4L, 100L, '2026-11-01 00:00:00', 'not_judged'),"
                + " (1L, 200L, '2026-11-01 00:00:00', 'silent'),"
                + " (5L, 200L, '2026-11-01 00:00:00', 'engaged'),"
                + " (5L, 300L, '2026-11-01 00:00:00', 'not_judged')"
                + " AS r(follower_id, account_id, t, state)");
    segments =
        spark.sql(
            "SELECT * FROM VALUES (1L, 'active'), (2L, 'passive'), (3L, 'bot_like'),"
                + " (4L, 'passive'), (5L, 'active') AS s(follower_id, segment)");
    causes =
        spark.sql(
            "SELECT * FROM VALUES (3L, 100L, 'bot_like'), (2L, 100L, 'herd'),"
                + " (6L, 100L, 'dormant'), (7L, 100L, 'dormant'), (1L, 200L, 'content_mismatch')"
                + " AS c(follower_id, account_id, cause)");
    // Account 100: posts 1 and 2 at the same, earliest time (the later id ranks first, so post 1
    // is the 13th and left out), then posts 3..13 a day apart; post 13 listed twice. Account 200:
    // post 20.
    StringBuilder p = new StringBuilder("(1L, 100L, '2026-11-01 00:00:00')");
    p.append(", (2L, 100L, '2026-11-01 00:00:00')");
    for (int i = 3; i <= 13; i++) {
      p.append(String.format(", (%dL, 100L, '2026-11-%02d 00:00:00')", i, i));
    }
    p.append(", (13L, 100L, '2026-11-13 00:00:00'), (20L, 200L, '2026-11-05 00:00:00')");
    posts =
        spark.sql(
            "SELECT post_id, account_id, CAST(t AS TIMESTAMP) AS posted_at FROM VALUES "
                + p
                + " AS p(post_id, account_id, t)");
    events =
        spark.sql(
            "SELECT * FROM VALUES"
                + " (1L, 13L, 'like'),"
                + " (3L, 12L, 'comment')," // by a bot-like follower: counts, but not as real
                + " (2L, 13L, 'share')," // neither a like nor a comment
                + " (9L, 2L, 'like')," // by someone without a segment: counts, not as real
                + " (1L, 1L, 'like')," // on the 13th latest post: left out
                + " (5L, 20L, 'like'),"
                + " (5L, 20L, 'save')"
                + " AS e(actor_id, post_id, type)");
    spikes =
        spark.sql(
            "SELECT * FROM VALUES (100L, DATE '2026-11-10'), (100L, DATE '2026-11-20')"
                + " AS s(account_id, day)");
    // What the activity stage writes of the events for the report: likes + comments on the
    // latest posts per relationship (relationships.latest_post_reactions) and per account day
    // (account_day.latest_posts, latest_post_reactions). The window holds every post above.
    Window window = Window.of(java.time.LocalDate.parse("2026-11-24"), 28, WIB);
    Dataset<Row> latest = LatestPosts.latest(posts, window);
    Dataset<Row> reactions = LatestPosts.reactions(events, latest);
    relationships = LatestPosts.onRelationships(relationships, LatestPosts.byFollower(reactions));
    accountDays = LatestPosts.byDay(latest, reactions, window);
  }

  /** Each row of {@code df} as column -> value (dates as text), by its {@code account_id}. */
  static Map<Long, Map<String, Object>> byAccount(Dataset<Row> df) {
    Map<Long, Map<String, Object>> m = new HashMap<>();
    for (Row r : df.collectAsList()) { // bounded: three accounts
      Map<String, Object> values = new LinkedHashMap<>();
      for (String c : r.schema().fieldNames()) {
        Object v = r.getAs(c);
        values.put(c, v instanceof java.util.Date || v instanceof java.time.LocalDate ? "" + v : v);
      }
      m.put(r.<Long>getAs(ACCOUNT_ID), values);
    }
    return m;
  }

  /** column, value, column, value, ... (values may be null). */
  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void audienceCountsCountFollowersBySegmentAndEveryRelationshipNotEngagedAsSilent() {
    Map<Long, Map<String, Object>> out =
        byAccount(AccountAudience.audienceCounts(relationships, segments));
    assertThat(out)
        .containsOnlyKeys(100L, 200L, 300L)
        // 100: 1 active, 2 and 4 passive, 3 bot-like; 2, 3 and 4 are not engaged
        .containsEntry(
            100L,
            row(
                ACCOUNT_ID,
                100L,
                FOLLOWERS,
                4L,
                ACTIVE_FOLLOWERS,
                1L,
                PASSIVE_FOLLOWERS,
                2L,
                BOT_LIKE_FOLLOWERS,
                1L,
                SILENT_FOLLOWERS,
                3L,
                // on the latest posts: the like by 1 (active) counts; the comment by 3
                // (bot-like) does not; 9 does not follow 100
                "real_likes_comments",
                1L))
        .containsEntry(
            200L,
            row(
                ACCOUNT_ID,
                200L,
                FOLLOWERS,
                2L,
                ACTIVE_FOLLOWERS,
                2L,
                PASSIVE_FOLLOWERS,
                0L,
                BOT_LIKE_FOLLOWERS,
                0L,
                SILENT_FOLLOWERS,
                1L,
                // the like by 5 (active) on post 20
                "real_likes_comments",
                1L))
        .containsEntry(
            300L,
            row(
                ACCOUNT_ID,
                300L,
                FOLLOWERS,
                1L,
                ACTIVE_FOLLOWERS,
                1L,
                PASSIVE_FOLLOWERS,
                0L,
                BOT_LIKE_FOLLOWERS,
                0L,
                SILENT_FOLLOWERS,
                1L,
                "real_likes_comments",
                0L));
  }

  @Test
  void causeCountsCountTheSilentRelationshipsOfEachCause() {
    Map<Long, Map<String, Object>> out = byAccount(AccountAudience.causeCounts(causes));
    assertThat(out)
        .containsOnlyKeys(100L, 200L)
        .containsEntry(
            100L,
            row(
                ACCOUNT_ID,
                100L,
                "silent_judged",
                4L,
                "c_bot",
                1L,
                "c_fb",
                0L,
                "c_herd",
                1L,
                "c_cm",
                0L,
                "c_dormant",
                2L))
        .containsEntry(
            200L,
            row(
                ACCOUNT_ID,
                200L,
                "silent_judged",
                1L,
                "c_bot",
                0L,
                "c_fb",
                0L,
                "c_herd",
                0L,
                "c_cm",
                1L,
                "c_dormant",
                0L));
  }

  @Test
  void latestPostEngagementCountsLikesAndCommentsOnTheTwelveLatestPosts() {
    // From the events and posts through the activity stage's columns (LatestPosts) to the report.
    Map<Long, Map<String, Object>> out =
        byAccount(
            AccountAudience.latestPostEngagement(accountDays)
                .join(
                    AccountAudience.audienceCounts(relationships, segments)
                        .select(ACCOUNT_ID, "real_likes_comments"),
                    ACCOUNT_ID));
    assertThat(out)
        .containsOnlyKeys(100L, 200L)
        // 100: posts 2..13 (post 13 once); like by 1 on 13, comment by 3 on 12, like by 9 on 2;
        // real (by the account's active or passive followers): the like by 1 only
        .containsEntry(
            100L,
            row(
                ACCOUNT_ID,
                100L,
                LATEST_POSTS,
                12L,
                "likes_comments",
                3L,
                "real_likes_comments",
                1L))
        // 200: post 20, liked by 5 (active); the save is not counted
        .containsEntry(
            200L,
            row(
                ACCOUNT_ID,
                200L,
                LATEST_POSTS,
                1L,
                "likes_comments",
                1L,
                "real_likes_comments",
                1L));
  }

  @Test
  void theActivityStageKeepsTheLatestPostsReactionsPerRelationshipAndPerDay() {
    // per relationship: 1 liked post 13 of 100, 3 commented on post 12 of 100, 5 liked post 20
    // of 200; the share by 2 and the save by 5 are no reaction; 9 follows nobody here
    Map<String, Long> perPair = new java.util.TreeMap<>();
    for (Row r : relationships.collectAsList()) { // bounded: seven relationships
      perPair.put(
          r.<Long>getAs(FOLLOWER_ID) + "->" + r.<Long>getAs(ACCOUNT_ID),
          r.<Long>getAs(LATEST_POST_REACTIONS));
    }
    assertThat(perPair)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "1->100", 1L, "2->100", 0L, "3->100", 1L, "4->100", 0L, "1->200", 0L, "5->200", 1L,
                "5->300", 0L))
        .hasSize(7);
    // per WIB day (posts at 00:00 UTC are 07:00 WIB the same day): of 100's latest posts, post 2
    // on 1 November (post 1, same time, is the 13th latest and left out) and post d on d November
    // for d = 3..13 (post 13 once); one reaction each on posts 2 (by 9), 12 and 13; 200: post 20
    Map<String, String> perDay = new java.util.TreeMap<>();
    for (Row r : accountDays.collectAsList()) { // bounded: 13 rows
      perDay.put(
          r.<Long>getAs(ACCOUNT_ID) + " " + r.getAs(DAY),
          r.<Long>getAs(LATEST_POSTS) + "/" + r.<Long>getAs(LATEST_POST_REACTIONS));
    }
    Map<String, String> expected = new java.util.TreeMap<>();
    expected.put("100 2026-11-01", "1/1");
    for (int d = 3; d <= 13; d++) {
      expected.put(String.format("100 2026-11-%02d", d), "1/" + (d >= 12 ? 1 : 0));
    }
    expected.put("200 2026-11-05", "1/1");
    assertThat(perDay).isEqualTo(expected);
  }

  @Test
  void spikeStatsCountTheFollowersWhoArrivedOnASpikeDayInTheDayZone() {
    Map<Long, Map<String, Object>> out =
        byAccount(AccountAudience.spikeStats(relationships, segments, spikes, WIB));
    // 100: two spike days; followers 2 (11-20) and 3 (11-10 in WIB) arrived on them, 3 is
    // bot-like; follower 1 arrived on 11-11 in WIB (11-10 in UTC), not a spike day
    assertThat(out)
        .containsOnlyKeys(100L)
        .containsEntry(
            100L,
            row(
                ACCOUNT_ID,
                100L,
                SPIKE_DAYS,
                2L,
                LAST_SPIKE_DAY,
                "2026-11-20",
                SPIKE_FOLLOWERS,
                2L,
                "spike_bots",
                1L));
  }

  @Test
  void accountAudienceTurnsThePartsIntoSharesRatesAndQuality() {
    Map<Long, Map<String, Object>> out =
        byAccount(
            AccountAudience.accountAudience(
                AccountAudience.audienceCounts(relationships, segments),
                AccountAudience.causeCounts(causes),
                AccountAudience.latestPostEngagement(accountDays),
                AccountAudience.spikeStats(relationships, segments, spikes, WIB)));
    assertThat(out).containsOnlyKeys(100L, 200L, 300L);
    assertThat(out.get(100L))
        .containsExactlyEntriesOf(
            row(
                ACCOUNT_ID,
                100L,
                FOLLOWERS,
                4L,
                ACTIVE_FOLLOWERS,
                1L,
                PASSIVE_FOLLOWERS,
                2L,
                BOT_LIKE_FOLLOWERS,
                1L,
                SILENT_FOLLOWERS,
                3L,
                // 1/4, 2/4, 1/4, 3/4
                ACTIVE_SHARE,
                0.25,
                PASSIVE_SHARE,
                0.5,
                BOT_LIKE_SHARE,
                0.25,
                SILENT_FOLLOWER_SHARE,
                0.75,
                // of 4 silent relationships with a cause: 1 bot-like, 1 herd, 2 dormant
                CAUSE_BOT_LIKE_SHARE,
                0.25,
                CAUSE_FOLLOW_BACK_SHARE,
                0.0,
                CAUSE_HERD_SHARE,
                0.25,
                CAUSE_CONTENT_MISMATCH_SHARE,
                0.0,
                CAUSE_DORMANT_SHARE,
                0.5,
                // 3 likes and comments / 4 followers; 1 real one / 3 real followers (1 + 2)
                LATEST_POSTS,
                12L,
                ENGAGEMENT_RATE,
                0.75,
                REAL_FOLLOWERS,
                3L,
                ENGAGEMENT_RATE_REAL,
                0.333333,
                // 100 x (1 + 0.5 x 2) / 4
                AUDIENCE_QUALITY,
                50.0,
                SPIKE_DAYS,
                2L,
                LAST_SPIKE_DAY,
                "2026-11-20",
                SPIKE_FOLLOWERS,
                2L,
                SPIKE_BOT_LIKE_SHARE,
                0.5));
    assertThat(out.get(200L))
        .containsExactlyEntriesOf(
            row(
                ACCOUNT_ID,
                200L,
                FOLLOWERS,
                2L,
                ACTIVE_FOLLOWERS,
                2L,
                PASSIVE_FOLLOWERS,
                0L,
                BOT_LIKE_FOLLOWERS,
                0L,
                SILENT_FOLLOWERS,
                1L,
                ACTIVE_SHARE,
                1.0,
                PASSIVE_SHARE,
                0.0,
                BOT_LIKE_SHARE,
                0.0,
                SILENT_FOLLOWER_SHARE,
                0.5,
                CAUSE_BOT_LIKE_SHARE,
                0.0,
                CAUSE_FOLLOW_BACK_SHARE,
                0.0,
                CAUSE_HERD_SHARE,
                0.0,
                CAUSE_CONTENT_MISMATCH_SHARE,
                1.0,
                CAUSE_DORMANT_SHARE,
                0.0,
                // 1 like / 2 followers, both real
                LATEST_POSTS,
                1L,
                ENGAGEMENT_RATE,
                0.5,
                REAL_FOLLOWERS,
                2L,
                ENGAGEMENT_RATE_REAL,
                0.5,
                AUDIENCE_QUALITY,
                100.0,
                // no spike: zero days and followers, no day, no share of nobody
                SPIKE_DAYS,
                0L,
                LAST_SPIKE_DAY,
                null,
                SPIKE_FOLLOWERS,
                0L,
                SPIKE_BOT_LIKE_SHARE,
                null));
    assertThat(out.get(300L))
        .containsExactlyEntriesOf(
            row(
                ACCOUNT_ID,
                300L,
                FOLLOWERS,
                1L,
                ACTIVE_FOLLOWERS,
                1L,
                PASSIVE_FOLLOWERS,
                0L,
                BOT_LIKE_FOLLOWERS,
                0L,
                SILENT_FOLLOWERS,
                1L,
                ACTIVE_SHARE,
                1.0,
                PASSIVE_SHARE,
                0.0,
                BOT_LIKE_SHARE,
                0.0,
                SILENT_FOLLOWER_SHARE,
                1.0,
                // no silent relationship with a cause: no shares of nothing
                CAUSE_BOT_LIKE_SHARE,
                null,
                CAUSE_FOLLOW_BACK_SHARE,
                null,
                CAUSE_HERD_SHARE,
                null,
                CAUSE_CONTENT_MISMATCH_SHARE,
                null,
                CAUSE_DORMANT_SHARE,
                null,
                // no post in the window: no engagement rate at all (not 0)
                LATEST_POSTS,
                0L,
                ENGAGEMENT_RATE,
                null,
                REAL_FOLLOWERS,
                1L,
                ENGAGEMENT_RATE_REAL,
                null,
                AUDIENCE_QUALITY,
                100.0,
                SPIKE_DAYS,
                0L,
                LAST_SPIKE_DAY,
                null,
                SPIKE_FOLLOWERS,
                0L,
                SPIKE_BOT_LIKE_SHARE,
                null));
  }
}
