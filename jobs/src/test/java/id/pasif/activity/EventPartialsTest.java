package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import id.pasif.dump.DumpDataset;
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
 * The partials of two deliveries, summed over the window, give what the events of both give at
 * once: run date 2026-11-24, 7 WIB days (window [2026-11-17T17:00Z, 2026-11-24T17:00Z), local days
 * 11-18 .. 11-24). Delivery A (dt 11-23) and delivery B (dt 11-24); B brings a late like of local
 * day 11-22, and follower 10 writes "mantap" on three days over both deliveries. Expected values
 * are worked out in the comments and also compared with the event-based definitions in {@link
 * Activity}.
 */
@Tag("quick")
class EventPartialsTest {
  static final Window W = Window.of(LocalDate.parse("2026-11-24"), 7, ZoneId.of("Asia/Jakarta"));

  static SparkSession spark;
  static Dataset<Row> deliveryA;
  static Dataset<Row> deliveryB;
  static Dataset<Row> posts;
  static Dataset<Row> partials;

  static Timestamp t(String iso) {
    return Timestamp.from(Instant.parse(iso));
  }

  static Dataset<Row> df(DumpDataset d, Object[]... rows) {
    List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
    return spark.createDataFrame(list, Schemas.allNullable(d.schema()));
  }

  @BeforeAll
  static void reduce() {
    spark = SharedSpark.get();
    posts =
        df(
            DumpDataset.POSTS,
            new Object[] {100L, 1L, t("2026-11-10T00:00:00Z"), "photo"},
            new Object[] {101L, 1L, t("2026-11-22T03:00:00Z"), "photo"},
            new Object[] {102L, 1L, t("2026-11-21T00:00:00Z"), "photo"},
            new Object[] {103L, 1L, t("2026-11-24T00:00:00Z"), "reel"},
            new Object[] {201L, 2L, t("2026-11-23T01:00:00Z"), "photo"},
            new Object[] {202L, 2L, t("2026-11-24T01:00:00Z"), "video"});
    deliveryA =
        df(
            DumpDataset.INTERACTIONS,
            // local 11-17 17:00: before the window's first day (11-18), in no sum
            new Object[] {"a0", 10L, 1L, 100L, "like", t("2026-11-17T10:00:00Z"), null},
            // local 11-22, 5 s after post 101: fast
            new Object[] {"a1", 10L, 1L, 101L, "like", t("2026-11-22T03:00:05Z"), null},
            // local 11-22, a day after post 102
            new Object[] {"a2", 10L, 1L, 102L, "comment", t("2026-11-22T04:00:05Z"), "mantap"},
            // local 11-23, 10 s after post 201: fast
            new Object[] {"a3", 10L, 2L, 201L, "comment", t("2026-11-23T01:00:10Z"), "mantap"},
            new Object[] {"a4", 11L, 1L, 101L, "share", t("2026-11-23T02:00:00Z"), null});
    deliveryB =
        df(
            DumpDataset.INTERACTIONS,
            // late: local day 11-22, delivered on 11-24; 2 h after post 101
            new Object[] {"b1", 10L, 1L, 101L, "like", t("2026-11-22T05:00:05Z"), null},
            // local 11-24, 20 s after post 202: fast; "mantap" a third time
            new Object[] {"b2", 10L, 2L, 202L, "comment", t("2026-11-24T01:00:20Z"), "mantap"},
            new Object[] {"b3", 10L, 1L, 103L, "save", t("2026-11-24T02:00:05Z"), null},
            new Object[] {"b4", 11L, 2L, 202L, "comment", t("2026-11-24T03:00:00Z"), "halo"});
    Dataset<Row> published = EventPartials.published(posts);
    partials =
        EventPartials.of(deliveryA, published, W.zone())
            .unionByName(EventPartials.of(deliveryB, published, W.zone()));
  }

  static Dataset<Row> allEvents() {
    return Activity.windowEvents(deliveryA.unionByName(deliveryB), W);
  }

  static <K> Map<K, Row> byKey(Dataset<Row> df, Function<Row, K> key) {
    return df.collectAsList().stream().collect(Collectors.toMap(key, Function.identity()));
  }

  @Test
  void aLateEventAddsARowForItsOwnDayInTheLaterDelivery() {
    List<Row> day22 =
        partials
            .where(col(GRAIN).equalTo(EventPartials.FOLLOWER))
            .where(col(FOLLOWER_ID).equalTo(10L).and(col(DAY).equalTo(LocalDate.of(2026, 11, 22))))
            .select(EVENTS, LIKES, COMMENTS)
            .orderBy(EVENTS)
            .collectAsList();
    // A's row holds a1 and a2 (2 events); B's holds the late b1 (1 like)
    assertThat(day22).extracting(r -> r.getLong(0)).containsExactly(1L, 2L);
    assertThat(day22.get(0).getLong(1)).isEqualTo(1L);
    assertThat(day22.get(1).getLong(2)).isEqualTo(1L);
  }

  @Test
  void pairSumsAreThoseOfTheEventsAtOnce() {
    Map<String, Row> fromPartials =
        byKey(
            EventPartials.pairActivity(EventPartials.inWindow(partials, W)),
            r -> r.getAs(FOLLOWER_ID) + "->" + r.getAs(ACCOUNT_ID));
    Map<String, Row> atOnce =
        byKey(
            Activity.pairActivity(allEvents()),
            r -> r.getAs(FOLLOWER_ID) + "->" + r.getAs(ACCOUNT_ID));
    assertThat(fromPartials).isEqualTo(atOnce);
    // 10 -> 1: likes a1 + b1 (a0 is before the window), comment a2, save b3, last b3
    Row r = fromPartials.get("10->1");
    assertThat((long) r.getAs(LIKES)).isEqualTo(2L);
    assertThat((long) r.getAs(COMMENTS)).isEqualTo(1L);
    assertThat((long) r.getAs(SHARES)).isZero();
    assertThat((long) r.getAs(SAVES)).isEqualTo(1L);
    assertThat((Timestamp) r.getAs(LAST_INTERACTION_AT)).isEqualTo(t("2026-11-24T02:00:05Z"));
    assertThat((long) fromPartials.get("10->2").getAs(COMMENTS)).isEqualTo(2L);
    assertThat(fromPartials).containsOnlyKeys("10->1", "10->2", "11->1", "11->2");
  }

  @Test
  void followerColumnsAreThoseOfTheEventsAtOnce() {
    Map<Long, Row> f =
        byKey(
            EventPartials.followerEvents(EventPartials.inWindow(partials, W)),
            r -> (Long) r.getAs(FOLLOWER_ID));
    Row ten = f.get(10L);
    // a1 a2 a3 b1 b2 b3: 6 events, likes a1 b1, comments a2 a3 b2, save b3
    assertThat((long) ten.getAs(EventPartials.TOTAL)).isEqualTo(6L);
    assertThat((long) ten.getAs(LIKES)).isEqualTo(2L);
    assertThat((long) ten.getAs(COMMENTS)).isEqualTo(3L);
    assertThat((long) ten.getAs(SAVES)).isEqualTo(1L);
    // local days 11-22 (in both deliveries, counted once), 11-23, 11-24
    assertThat((long) ten.getAs(ACTIVE_DAYS)).isEqualTo(3L);
    assertThat((Timestamp) ten.getAs(EventPartials.LAST_TS)).isEqualTo(t("2026-11-24T02:00:05Z"));
    // "mantap" three times, on 11-22 (A), 11-23 (A) and 11-24 (B): all three duplicated
    assertThat((long) ten.getAs(COMMENTS_WITH_TEXT)).isEqualTo(3L);
    assertThat((double) ten.getAs(COMMENT_DUPLICATE_SHARE)).isEqualTo(1.0);
    // seconds 5, 5, 10, 5, 20, 5: 3 distinct of 6 events -> 1 - (3 - 1) / (6 - 1) = 0.6
    assertThat((double) ten.getAs(CLOCK_REGULARITY)).isCloseTo(0.6, within(1e-12));
    // all 6 on posts of known time; fast: a1 (5 s), a3 (10 s), b2 (20 s) -> 3 / 6
    assertThat((double) ten.getAs(FAST_REACTION_SHARE)).isCloseTo(0.5, within(1e-12));

    Row eleven = f.get(11L);
    assertThat((long) eleven.getAs(EventPartials.TOTAL)).isEqualTo(2L);
    assertThat((long) eleven.getAs(ACTIVE_DAYS)).isEqualTo(2L);
    assertThat((long) eleven.getAs(COMMENTS_WITH_TEXT)).isEqualTo(1L);
    assertThat((double) eleven.getAs(COMMENT_DUPLICATE_SHARE)).isZero();
    assertThat((Object) eleven.getAs(CLOCK_REGULARITY)).isNull(); // 2 < 5 events
    assertThat((Object) eleven.getAs(FAST_REACTION_SHARE)).isNull();

    // and the same as the event-based definitions over both deliveries at once
    Map<Long, Row> dup =
        byKey(Activity.commentDuplication(allEvents()), r -> (Long) r.getAs(FOLLOWER_ID));
    Map<Long, Row> timing =
        byKey(Activity.reactionTiming(allEvents(), posts), r -> (Long) r.getAs(FOLLOWER_ID));
    for (long id : List.of(10L, 11L)) {
      Row p = f.get(id);
      assertThat((Object) p.getAs(COMMENTS_WITH_TEXT))
          .isEqualTo(dup.get(id).getAs(COMMENTS_WITH_TEXT));
      assertThat((Object) p.getAs(COMMENT_DUPLICATE_SHARE))
          .isEqualTo(dup.get(id).getAs(COMMENT_DUPLICATE_SHARE));
      assertThat((Object) p.getAs(CLOCK_REGULARITY))
          .isEqualTo(timing.get(id).getAs(CLOCK_REGULARITY));
      assertThat((Object) p.getAs(FAST_REACTION_SHARE))
          .isEqualTo(timing.get(id).getAs(FAST_REACTION_SHARE));
    }
  }

  @Test
  void theDeliveryRowMarksADeliveryWithoutEvents() {
    Row none = EventPartials.delivery(deliveryA.limit(0), LocalDate.of(2026, 11, 20)).first();
    assertThat((String) none.getAs(GRAIN)).isEqualTo(EventPartials.DELIVERY);
    assertThat((long) none.getAs(EVENTS)).isZero();
    assertThat((Object) none.getAs(DAY)).isEqualTo(java.sql.Date.valueOf("2026-11-20"));
    assertThat((long) EventPartials.delivery(deliveryB, W.runDate()).first().getAs(EVENTS))
        .isEqualTo(4L);
  }
}
