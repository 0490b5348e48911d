package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import id.pasif.testing.SharedSpark;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** fast_reaction_share and clock_regularity on hand-made interactions (expected values by hand). */
@Tag("quick")
class ReactionTimingTest {

  @Test
  void timingIsMeasuredOnlyWithEnoughInteractions() {
    SparkSession spark = SharedSpark.get();
    // posts 1..6 published at 10:00:00 UTC; post 9 is not in the window's posts (unknown time)
    Dataset<Row> posts =
        spark.sql(
            "SELECT id AS post_id, TIMESTAMP '2026-11-20 10:00:00' AS posted_at"
                + " FROM VALUES (1L), (2L), (3L), (4L), (5L), (6L) AS p(id)");
    Dataset<Row> events =
        spark.sql(
            "SELECT actor_id, post_id, CAST(t AS TIMESTAMP) AS ts FROM VALUES"
                // actor 1: two timed interactions, one within 120 s -> too few, null
                + " (1L, 1L, '2026-11-20 10:00:30'), (1L, 2L, '2026-11-20 13:00:00'),"
                // actor 2: five timed, three within 120 s (30 s, 119 s, 120 s), two later;
                // seconds of minute 30, 59, 0, 0, 0 -> 3 distinct of 5
                + " (2L, 1L, '2026-11-20 10:00:30'), (2L, 2L, '2026-11-20 10:01:59'),"
                + " (2L, 3L, '2026-11-20 10:02:00'), (2L, 4L, '2026-11-20 10:03:00'),"
                + " (2L, 5L, '2026-11-20 11:00:00'),"
                // actor 3: six interactions, all at second 7; five timed, all after an hour, and
                // one on a post of unknown time
                + " (3L, 1L, '2026-11-20 11:00:07'), (3L, 2L, '2026-11-20 12:00:07'),"
                + " (3L, 3L, '2026-11-20 13:00:07'), (3L, 4L, '2026-11-20 14:00:07'),"
                + " (3L, 5L, '2026-11-20 15:00:07'), (3L, 9L, '2026-11-20 16:00:07')"
                + " AS e(actor_id, post_id, t)");

    Map<Long, Row> out = new HashMap<>();
    for (Row r : Activity.reactionTiming(events, posts).collectAsList()) {
      out.put(r.getAs(FOLLOWER_ID), r);
    }

    assertThat(out).hasSize(3);
    assertThat(out.get(1L).<Object>getAs(FAST_REACTION_SHARE)).isNull();
    assertThat(out.get(1L).<Object>getAs(CLOCK_REGULARITY)).isNull();
    assertThat(out.get(2L).<Double>getAs(FAST_REACTION_SHARE)).isCloseTo(0.6, within(1e-12));
    // 1 - (3 - 1) / (5 - 1)
    assertThat(out.get(2L).<Double>getAs(CLOCK_REGULARITY)).isCloseTo(0.5, within(1e-12));
    assertThat(out.get(3L).<Double>getAs(FAST_REACTION_SHARE)).isEqualTo(0.0);
    // one distinct second over six interactions: 1 - 0 / 5
    assertThat(out.get(3L).<Double>getAs(CLOCK_REGULARITY)).isEqualTo(1.0);
  }
}
