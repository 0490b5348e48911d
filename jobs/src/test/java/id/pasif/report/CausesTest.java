package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cause rules on hand-made relationships; each expected cause follows the documented order. */
@Tag("quick")
class CausesTest {

  @Test
  void eachSilentRelationshipGetsTheFirstCauseThatHolds() {
    SparkSession spark = SharedSpark.get();
    // follower, account, followed_at (UTC), state, is_reciprocal
    Dataset<Row> relationships =
        spark.sql(
            "SELECT follower_id, account_id, CAST(t AS TIMESTAMP) AS followed_at, state,"
                + " is_reciprocal FROM VALUES"
                // 1 bot-like follower, silent
                + " (1L, 100L, '2026-11-01 03:00:00', 'silent', false),"
                // 2 heavy follower, 1 of 4 follows returned (25 %): silent on a non-returning one
                + " (2L, 100L, '2026-10-01 03:00:00', 'silent', false),"
                + " (2L, 101L, '2026-10-01 03:00:00', 'silent', true),"
                + " (2L, 102L, '2026-10-01 03:00:00', 'not_judged', false),"
                + " (2L, 103L, '2026-10-01 03:00:00', 'not_judged', false),"
                // 3 heavy follower nobody follows back: not follow_back -> dormant
                + " (3L, 100L, '2026-10-01 03:00:00', 'silent', false),"
                + " (3L, 101L, '2026-10-01 03:00:00', 'silent', false),"
                // 4 light follower, followed back: not follow_back -> dormant
                + " (4L, 101L, '2026-10-01 03:00:00', 'silent', true),"
                // 5 followed 100 on its spike day (WIB 2026-11-10, 23:30 UTC the day before)
                + " (5L, 100L, '2026-11-09 23:30:00', 'silent', false),"
                // 6 silent on everything it follows, but likes accounts it does not follow
                + " (6L, 100L, '2026-10-01 03:00:00', 'silent', false),"
                // 7 engaged with 101, silent on 100; the engaged relationship has no cause
                + " (7L, 100L, '2026-10-01 03:00:00', 'silent', false),"
                + " (7L, 101L, '2026-10-01 03:00:00', 'engaged', false)"
                + " AS r(follower_id, account_id, t, state, is_reciprocal)");
    Dataset<Row> segments =
        spark.sql(
            "SELECT * FROM VALUES (1L, 'bot_like'), (2L, 'passive'), (3L, 'passive'),"
                + " (4L, 'passive'), (5L, 'passive'), (6L, 'passive'), (7L, 'active')"
                + " AS s(follower_id, segment)");
    Dataset<Row> features =
        spark.sql(
            "SELECT * FROM VALUES (1L, 3000L, 0L, 0L), (2L, 2500L, 0L, 0L), (3L, 1800L, 0L, 0L),"
                + " (4L, 300L, 0L, 0L), (5L, 200L, 0L, 0L), (6L, 150L, 0L, 3L), (7L, 400L, 1L, 0L)"
                + " AS f(follower_id, following_count, engaged_relationships,"
                + " interactions_not_followed)");
    Dataset<Row> spikes = spark.sql("SELECT 100L AS account_id, DATE '2026-11-10' AS day");

    Map<String, String> cause = new HashMap<>();
    for (Row r :
        Causes.silentCauses(relationships, segments, features, spikes, ZoneId.of("Asia/Jakarta"))
            .collectAsList()) {
      cause.put(r.getAs(FOLLOWER_ID) + "->" + r.getAs(ACCOUNT_ID), r.getAs(CAUSE));
    }
    // silent relationships only, each once
    assertThat(cause)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "1->100", Cause.BOT_LIKE.label(),
                "2->100", Cause.FOLLOW_BACK.label(),
                "2->101", Cause.FOLLOW_BACK.label(),
                "3->100", Cause.DORMANT.label(),
                "3->101", Cause.DORMANT.label(),
                "4->101", Cause.DORMANT.label(),
                "5->100", Cause.HERD.label(),
                "6->100", Cause.CONTENT_MISMATCH.label(),
                "7->100", Cause.CONTENT_MISMATCH.label()));
  }

  /**
   * The growth-spike rule over a 28-day window: a day is a spike when its new follows are at least
   * 10 and at least 5 x the account's mean daily new follows (days without a row count as 0).
   */
  @Test
  void aSpikeDayHasAtLeastTenNewFollowsAndFiveTimesTheDailyMean() {
    SparkSession spark = SharedSpark.get();
    StringBuilder rows = new StringBuilder();
    // 1: 10 follows on one day, none on the others: mean 10/28, so a spike
    rows.append("(1L, DATE '2026-11-20', 10L)");
    // 2: 9 follows on one day: 5 x the mean, but fewer than 10
    rows.append(", (2L, DATE '2026-11-20', 9L)");
    // 3: 10 follows every day of the window: mean 10, and 10 < 50
    for (int d = 1; d <= 28; d++) {
      rows.append(String.format(", (3L, DATE '2026-11-01' + %d, 10L)", d - 1));
    }
    // 4: 10 and 46: mean 56/28 = 2, 5 x 2 = 10, so both days (10 exactly at the bound)
    rows.append(", (4L, DATE '2026-11-10', 10L), (4L, DATE '2026-11-20', 46L)");
    // 5: 10 and 47: mean 57/28, 5 x 57/28 = 10.18 > 10, so only the day of 47
    rows.append(", (5L, DATE '2026-11-10', 10L), (5L, DATE '2026-11-20', 47L)");
    Dataset<Row> accountDay =
        spark.sql("SELECT * FROM VALUES " + rows + " AS a(account_id, day, new_follows)");

    Map<String, Double> spikes = new HashMap<>();
    for (Row r : Causes.growthSpikes(accountDay, 28).collectAsList()) {
      spikes.put(r.getAs(ACCOUNT_ID) + "@" + r.getAs(DAY), r.getAs(Causes.DAILY_MEAN));
    }
    assertThat(spikes)
        .containsOnlyKeys("1@2026-11-20", "4@2026-11-10", "4@2026-11-20", "5@2026-11-20")
        .containsEntry("1@2026-11-20", 10 / 28.0)
        .containsEntry("4@2026-11-10", 2.0)
        .containsEntry("5@2026-11-20", 57 / 28.0);
  }
}
