package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event delivered again by another day's dump is kept once, at ingest (issue 15): the copy
 * ingested second is quarantined as {@code already_delivered}, so bronze holds each event id once
 * and activity counts it once without de-duplicating the window.
 */
class RedeliveryTest {
  private static final String MONDAY = "2026-11-23";
  private static final String TUESDAY = TinyDump.DATE; // 2026-11-24

  @TempDir Path tmp;

  private static String like(String id, String ts) {
    return "{\"event_id\":\""
        + id
        + "\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\""
        + ts
        + "\"}";
  }

  /** Monday delivers e1 and e2; Tuesday delivers e2 again and e3. */
  private Path dumps() {
    Path root = tmp.resolve("dump");
    new TinyDump(root, MONDAY)
        .set("interactions", like("e1", "2026-11-20T01:00:00Z"), like("e2", "2026-11-22T01:00:00Z"))
        .writeJsonl();
    new TinyDump(root, TUESDAY)
        .set("interactions", like("e2", "2026-11-22T01:00:00Z"), like("e3", "2026-11-23T01:00:00Z"))
        .writeJsonl();
    return root;
  }

  private static Cli.Outcome ingest(Path dump, Path wh, String date) {
    Cli.Outcome o =
        Cli.run("ingest", "--date", date, "--input", dump.toString(), "--warehouse", wh.toString());
    assertThat(o.exitCode()).as(o.err()).isZero();
    return o;
  }

  private static List<String> ids(Warehouse w, String date) {
    return w
        .readDate(Tables.INTERACTIONS, LocalDate.parse(date))
        .select(EVENT_ID)
        .orderBy(EVENT_ID)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private static List<String> alreadyDelivered(Warehouse w, String date) {
    return w
        .readDate(Tables.QUARANTINE, LocalDate.parse(date))
        .where(col(REASON).equalTo(Validation.ALREADY_DELIVERED))
        .select(RAW)
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  @Test
  void aRedeliveredEventIsQuarantinedOnceAndCountedOnce() {
    Path dump = dumps();
    Path wh = tmp.resolve("wh");
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    ingest(dump, wh, MONDAY);
    Cli.Outcome tuesday = ingest(dump, wh, TUESDAY);

    assertThat(tuesday.out())
        .contains("interactions")
        .contains("read 2  accepted 1  quarantined 1 {already_delivered=1}");
    assertThat(ids(w, MONDAY)).containsExactly("e1", "e2");
    assertThat(ids(w, TUESDAY)).containsExactly("e3");
    assertThat(alreadyDelivered(w, TUESDAY)).singleElement().asString().contains("\"e2\"");

    // A re-run of Tuesday replaces Tuesday: its own earlier copy is not a delivery of another day.
    ingest(dump, wh, TUESDAY);
    assertThat(ids(w, TUESDAY)).containsExactly("e3");
    assertThat(alreadyDelivered(w, TUESDAY)).hasSize(1);

    // Activity of Tuesday reads both deliveries: three likes by follower 10 on account 1, not four.
    Cli.Outcome activity = Cli.run("activity", "--date", TUESDAY, "--warehouse", wh.toString());
    assertThat(activity.exitCode()).as(activity.err()).isZero();
    Row pair =
        w.readDate(Tables.RELATIONSHIPS, LocalDate.parse(TUESDAY))
            .where(col(FOLLOWER_ID).equalTo(10L).and(col(ACCOUNT_ID).equalTo(1L)))
            .select(LIKES)
            .first();
    assertThat(pair.getLong(0)).isEqualTo(3L);
  }

  @Test
  void aBackfilledDayLeavesToTheLaterDeliveryWhatItAlreadyHolds() {
    Path dump = dumps();
    Path wh = tmp.resolve("wh");
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    ingest(dump, wh, TUESDAY);
    Cli.Outcome monday = ingest(dump, wh, MONDAY);

    assertThat(monday.out()).contains("read 2  accepted 1  quarantined 1 {already_delivered=1}");
    assertThat(ids(w, TUESDAY)).containsExactly("e2", "e3");
    assertThat(ids(w, MONDAY)).containsExactly("e1");
  }

  private static String like(String id, long actor, String ts, String type) {
    return like(id, ts).replace("\"actor_id\":10", "\"actor_id\":" + actor).replace("like", type);
  }

  /** Ingests Monday, then Tuesday with at most {@code broadcastRepeats} keys broadcast. */
  private IngestJob.DatasetCounts tuesdayInteractions(Path dump, Path wh, int broadcastRepeats) {
    PasifConfig config =
        ConfigLoader.load(
            List.of(),
            Map.of(),
            Map.of(
                "pasif.warehouse",
                wh.toString(),
                "pasif.input",
                dump.toString(),
                PasifConfig.MAX_REJECT_RATIO,
                "1"));
    new IngestJob(SharedSpark.get(), config, LocalDate.parse(MONDAY), "monday", broadcastRepeats)
        .run();
    return new IngestJob(
            SharedSpark.get(), config, LocalDate.parse(TUESDAY), "tuesday", broadcastRepeats)
        .run().stream()
            .filter(c -> c.dataset().equals(id.pasif.dump.DumpDataset.INTERACTIONS.tableName()))
            .findFirst()
            .orElseThrow();
  }

  /**
   * The repeated keys are usually few and broadcast (the path of the tests above and of
   * BadInputTest); past the limit (a dump that is mostly a redelivery) they stay distributed, and
   * must quarantine the same rows for the same reasons. Limit 0 takes that path here.
   */
  @Test
  void pastTheBroadcastLimitRepeatedKeysQuarantineTheSameRows() {
    Path root = tmp.resolve("dump");
    new TinyDump(root, MONDAY)
        .set("interactions", like("e1", "2026-11-20T01:00:00Z"), like("e2", "2026-11-22T01:00:00Z"))
        .writeJsonl();
    // e2 delivered again, twice; e3 twice with different actors; e4 twice alike; e5 once with an
    // unknown type (which takes no part in the ranking) and once valid
    new TinyDump(root, TUESDAY)
        .set(
            "interactions",
            like("e2", "2026-11-22T01:00:00Z"),
            like("e2", "2026-11-22T01:00:00Z"),
            like("e3", 11, "2026-11-23T01:00:00Z", "like"),
            like("e3", 10, "2026-11-23T01:00:00Z", "like"),
            like("e4", "2026-11-23T02:00:00Z"),
            like("e4", "2026-11-23T02:00:00Z"),
            like("e5", 10, "2026-11-23T03:00:00Z", "poke"),
            like("e5", 10, "2026-11-23T03:00:00Z", "save"))
        .writeJsonl();
    Map<String, Long> expected =
        Map.of("already_delivered", 1L, "duplicate_key", 3L, "unknown_interaction_type", 1L);
    Path wh = tmp.resolve("wh");
    IngestJob.DatasetCounts c = tuesdayInteractions(root, wh, 0);
    assertThat(c.read()).isEqualTo(8);
    assertThat(c.accepted()).isEqualTo(3);
    assertThat(c.quarantined()).isEqualTo(5);
    assertThat(c.byReason()).containsExactlyInAnyOrderEntriesOf(expected);
    // the redelivery is not the dump's fault: 4 of 8 rows break a rule
    assertThat(c.brokenRatio()).isEqualTo(0.5);
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    assertThat(ids(w, TUESDAY)).containsExactly("e3", "e4", "e5");
    // of the two e3, the first by content ({"event_id":"e3","actor_id":10,...}) is kept
    assertThat(
            w.readDate(Tables.INTERACTIONS, LocalDate.parse(TUESDAY))
                .where(col(EVENT_ID).equalTo("e3"))
                .select(ACTOR_ID)
                .first()
                .getLong(0))
        .isEqualTo(10L);
    assertThat(w.readDate(Tables.QUARANTINE, LocalDate.parse(TUESDAY)).count()).isEqualTo(5);
  }
}
