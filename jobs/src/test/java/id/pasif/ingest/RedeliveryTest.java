package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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
}
