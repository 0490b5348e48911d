package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds of bad input docs/bad-input.md lists, each with its behaviour: rows quarantined with a
 * reason, or the run stopped with one line naming the problem before anything is written.
 */
class BadInputTest {
  @TempDir Path tmp;

  private Cli.Outcome ingest(Path dump, Path warehouse, String... extra) {
    String[] base = {
      "ingest",
      "--date",
      TinyDump.DATE,
      "--input",
      dump.toString(),
      "--warehouse",
      warehouse.toString()
    };
    String[] all =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
            .toArray(String[]::new);
    return Cli.run(all);
  }

  private static void assertOneLineError(Cli.Outcome o, int code, String... fragments) {
    assertThat(o.exitCode()).as(o.err()).isEqualTo(code);
    assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
    for (String f : fragments) {
      assertThat(o.err()).contains(f);
    }
  }

  @Test
  void badRowsAreQuarantinedWithTheirReasonAndEveryRowIsAccountedFor() {
    TinyDump dump = new TinyDump(tmp.resolve("dump"));
    dump.add(
            "interactions",
            "{\"event_id\":\"e2\",\"actor_id\":10,\"account_id\":1") // 1 truncated JSON
        .add(
            "interactions",
            "{\"event_id\":\"e3\",\"actor_id\":\"ten\",\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"2026-11-20T01:00:00Z\"}") // 2 wrong type
        .add(
            "interactions",
            "{\"event_id\":null,\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"2026-11-20T01:00:00Z\"}") // 3 null key
        .add(
            "interactions",
            "{\"event_id\":\"e5\",\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"2026-11-20T01:00:00Z\"}") // 4 key absent
        .add(
            "interactions",
            "{\"event_id\":\"e6\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"poke\",\"ts\":\"2026-11-20T01:00:00Z\"}") // 6 unknown type
        .add(
            "interactions",
            "{\"event_id\":\"e7\",\"actor_id\":11,\"account_id\":1,\"post_id\":101,\"type\":\"COMMENT\",\"ts\":\"2026-11-20T01:00:00Z\",\"comment_text\":\"mantap\"}") // 7 upper case: ok
        .add(
            "interactions",
            "{\"event_id\":\"e8\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"2027-01-01T00:00:00Z\"}") // 8 future
        .add(
            "interactions",
            "{\"event_id\":\"e9\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"2001-01-01T00:00:00Z\"}") // 9 too old
        .add(
            "interactions",
            "{\"event_id\":\"e1\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"2026-11-20T01:00:00Z\"}") // 10 duplicate e1
        .add(
            "interactions",
            "{\"event_id\":\"e11\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\"yesterday\"}") // 16 bad timestamp
        .add(
            "interactions",
            "{\"event_id\":\"e12\",\"actor_id\":11,\"account_id\":1,\"post_id\":102,\"type\":\"save\",\"ts\":\"2026-11-22T01:00:00Z\",\"device\":\"android\"}") // 17 extra field: ok
        .add("profiles", TinyDump.profile(10, "budi_again", 300, 400)) // 11 duplicate user
        .add("profiles", TinyDump.profile(12, "minus", -5, 10)) // 5 negative count
        .add(
            "follows",
            "{\"follower_id\":12,\"account_id\":12,\"followed_at\":\"2026-11-01T00:00:00Z\"}") // 12
        // self-follow
        .add(
            "follows",
            "{\"follower_id\":12,\"account_id\":1,\"followed_at\":\"2026-11-05T00:00:00Z\",\"unfollowed_at\":\"2026-11-04T00:00:00Z\"}") // 13
        .add("posts", "")
        .writeJsonl();
    Path wh = tmp.resolve("wh");

    Cli.Outcome o = ingest(dump.root(), wh, "--set", "pasif.ingest.max.reject.ratio=1");
    assertThat(o.exitCode()).as(o.err()).isZero();

    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    LocalDate d = LocalDate.parse(TinyDump.DATE);
    Map<String, Long> byReason = new TreeMap<>();
    for (Row r :
        w.readDate(Tables.QUARANTINE, d).groupBy(DATASET, REASON).count().collectAsList()) {
      byReason.put(r.getString(0) + ":" + r.getString(1), r.getLong(2));
    }
    assertThat(byReason)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "interactions:malformed_record", 3L, // truncated, wrong type, bad timestamp
                "interactions:null_key", 2L,
                "interactions:unknown_interaction_type", 1L,
                "interactions:timestamp_out_of_range", 2L,
                "interactions:duplicate_key", 1L,
                "profiles:duplicate_key", 1L,
                "profiles:negative_count", 1L,
                "follows:self_follow", 1L,
                "follows:unfollow_before_follow", 1L));
    // accepted: e1, e7 (upper-case type normalised), e12 (extra field ignored)
    List<Row> accepted = w.readDate(Tables.INTERACTIONS, d).orderBy(EVENT_ID).collectAsList();
    assertThat(accepted.stream().map(r -> r.<String>getAs(EVENT_ID)).toList())
        .containsExactly("e1", "e12", "e7");
    assertThat(
            w.readDate(Tables.INTERACTIONS, d)
                .where(col(EVENT_ID).equalTo("e7"))
                .first()
                .<String>getAs(TYPE))
        .isEqualTo("comment");
    // every row accounted for: read = accepted + quarantined, per dataset, in the summary
    assertThat(o.out()).contains("interactions jsonl    read 12  accepted 3  quarantined 9");
    assertThat(o.out()).contains("profiles     jsonl    read 5  accepted 3  quarantined 2");
    assertThat(
            w.readDate(Tables.PROFILES, d)
                .where(col(USER_ID).equalTo(10))
                .first()
                .<String>getAs(USERNAME))
        .as("the first of a repeated key by content is kept")
        .isEqualTo("budi");
    // the raw text of a malformed line is kept
    assertThat(
            w.readDate(Tables.QUARANTINE, d)
                .where(col(RAW).contains("\"actor_id\":\"ten\""))
                .count())
        .isEqualTo(1);
    // the run is logged with its counts
    Row run = w.read(Tables.RUNS).where(col(STAGE).equalTo("ingest")).first();
    // follows 3 + 2, interactions 1 + 11, posts 3, profiles 3 + 2
    assertThat(run.<Long>getAs(ROWS_IN)).isEqualTo(5 + 12 + 3 + 5L);
    assertThat(run.<String>getAs(STATUS)).isEqualTo("succeeded");
  }

  @Test
  void rejectRatioAboveTheThresholdStopsTheRunBeforeAnythingIsWritten() {
    TinyDump dump = new TinyDump(tmp.resolve("dump"));
    dump.add("posts", "not json at all").add("posts", "{\"post_id\":null}").writeJsonl();
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh, "--set", "pasif.ingest.max.reject.ratio=0.2");
    assertOneLineError(
        o, IngestJob.EXIT_QUALITY, "posts: 2 of 5 rows (40.0%)", "nothing was written");
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    assertThat(w.exists(Tables.POSTS)).isFalse();
    assertThat(w.exists(Tables.FOLLOWS)).isFalse();
    assertThat(w.read(Tables.RUNS).where(col(STATUS).equalTo("failed")).count()).isEqualTo(1);
  }

  @Test
  void wholeInputProblemsStopTheRunWithOneLine() throws IOException {
    Path wh = tmp.resolve("wh");
    // 18 a dataset folder is missing
    TinyDump a = new TinyDump(tmp.resolve("a")).writeJsonl();
    deleteTree(a.folder("posts"));
    assertOneLineError(ingest(a.root(), wh), 1, "missing input: no posts for 2026-11-24");
    // 19 a folder with no data files (only a marker)
    TinyDump b = new TinyDump(tmp.resolve("b")).writeJsonl();
    deleteTree(b.folder("posts"));
    TinyDump.write(b.folder("posts").resolve("_SUCCESS"), "");
    assertOneLineError(ingest(b.root(), wh), 1, "empty input", "holds no data files");
    // 20 a snapshot dataset whose only file is empty
    TinyDump c = new TinyDump(tmp.resolve("c")).writeJsonl();
    TinyDump.write(c.folder("profiles").resolve("part-00000.jsonl"), "");
    assertOneLineError(ingest(c.root(), wh), 1, "empty input: profiles");
    // 21 a file with an unknown ending
    TinyDump e = new TinyDump(tmp.resolve("e")).writeJsonl();
    TinyDump.write(e.folder("posts").resolve("part-00001.xml"), "<post/>");
    assertOneLineError(ingest(e.root(), wh), 1, "unknown format of input file", "part-00001.xml");
    // 22 mixed formats in one folder
    TinyDump f = new TinyDump(tmp.resolve("f")).writeJsonl();
    TinyDump.write(
        f.folder("posts").resolve("part-00001.csv"), "post_id,account_id,posted_at,media_type\n");
    assertOneLineError(ingest(f.root(), wh), 1, "mixed formats");
    // 23 a truncated gzip file
    TinyDump g = new TinyDump(tmp.resolve("g")).writeJsonl();
    Files.delete(g.folder("follows").resolve("part-00000.jsonl"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      many.append("{\"follower_id\":")
          .append(100 + i)
          .append(",\"account_id\":1,\"followed_at\":\"2026-11-01T00:00:00Z\"}\n");
    }
    TinyDump.writeGzip(g.folder("follows").resolve("part-00000.jsonl.gz"), many.toString(), true);
    assertOneLineError(ingest(g.root(), wh), 1, "unreadable input file", "part-00000.jsonl.gz");
    // 24 a CSV header without a required column; 25 columns out of order
    TinyDump h = new TinyDump(tmp.resolve("h")).writeJsonl();
    deleteTree(h.folder("posts"));
    TinyDump.write(
        h.folder("posts").resolve("p.csv"), "post_id,account_id,media_type\n1,1,photo\n");
    assertOneLineError(ingest(h.root(), wh), 1, "required column posted_at missing from posts");
    TinyDump.write(
        h.folder("posts").resolve("p.csv"),
        "account_id,post_id,posted_at,media_type\n1,1,2026-11-20T00:00:00Z,photo\n");
    assertOneLineError(
        ingest(h.root(), wh),
        1,
        "CSV header of",
        "must be exactly post_id,account_id,posted_at,media_type");
    // 27 a JSON dataset where a required column is absent from every row
    TinyDump j = new TinyDump(tmp.resolve("j"));
    j.lines("follows").replaceAll(l -> l.replaceAll(",\"followed_at\":\"[^\"]+\"", ""));
    j.writeJsonl();
    assertOneLineError(
        ingest(j.root(), wh, "--set", "pasif.ingest.max.reject.ratio=1"),
        1,
        "required column followed_at missing from follows");
    // 32 a file named .parquet that is not Parquet
    TinyDump k = new TinyDump(tmp.resolve("k")).writeJsonl();
    deleteTree(k.folder("posts"));
    TinyDump.write(k.folder("posts").resolve("part-00000.parquet"), "this is not parquet");
    assertOneLineError(ingest(k.root(), wh), 1, "part-00000.parquet");
    // nothing above wrote a table
    assertThat(new Warehouse(SharedSpark.get(), wh.toString()).exists(Tables.FOLLOWS)).isFalse();
  }

  @Test
  void warehouseThatCannotBeWrittenIsNamed() throws IOException {
    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    Path file = tmp.resolve("not-a-folder");
    Files.writeString(file, "x");
    assertOneLineError(ingest(dump.root(), file.resolve("wh")), 1, "is not writable");
  }

  static void deleteTree(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
