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

  // ---- issue 18: defects found by probing ----

  private static String interaction(String id, String ts) {
    return "{\"event_id\":\""
        + id
        + "\",\"actor_id\":10,\"account_id\":1,\"post_id\":101,\"type\":\"like\",\"ts\":\""
        + ts
        + "\"}";
  }

  private static Map<String, Long> quarantineReasons(Path wh, String dataset) {
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    Map<String, Long> byReason = new TreeMap<>();
    for (Row r :
        w.readDate(Tables.QUARANTINE, LocalDate.parse(TinyDump.DATE))
            .where(col(DATASET).equalTo(dataset))
            .groupBy(REASON)
            .count()
            .collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    return byReason;
  }

  @Test
  void csvHeaderOfEveryFileIsCheckedNotOnlyTheFirst() {
    // 33: a second CSV file with two columns swapped would otherwise be loaded by position.
    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    Path follows = dump.folder("follows");
    new java.io.File(follows.resolve("part-00000.jsonl").toString()).delete();
    TinyDump.write(
        follows.resolve("part-00000.csv"),
        "follower_id,account_id,followed_at,unfollowed_at\n10,1,2026-11-01T00:00:00Z,\n");
    TinyDump.write(
        follows.resolve("part-00001.csv"),
        "account_id,follower_id,followed_at,unfollowed_at\n1,11,2026-11-02T00:00:00Z,\n");
    Path wh = tmp.resolve("wh");
    assertOneLineError(
        ingest(dump.root(), wh),
        1,
        "CSV header of",
        "part-00001.csv",
        "must be exactly follower_id,account_id,followed_at,unfollowed_at",
        "(found account_id,follower_id,followed_at,unfollowed_at)");
    assertThat(new Warehouse(SharedSpark.get(), wh.toString()).exists(Tables.FOLLOWS)).isFalse();
  }

  @Test
  void dataFilesInSubfoldersAreReadAndHiddenOnesSkipped() {
    // 34: dt=D/batch2/ holds half of a delivery.
    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    TinyDump.write(
        dump.folder("interactions").resolve("batch2").resolve("part-00000.jsonl"),
        interaction("e2", "2026-11-21T00:00:00Z") + "\n");
    TinyDump.write(
        dump.folder("interactions").resolve("batch2").resolve("deeper").resolve("p.jsonl"),
        interaction("e3", "2026-11-21T00:00:00Z") + "\n");
    TinyDump.write(
        dump.folder("interactions").resolve("_temporary").resolve("part-00000.jsonl"),
        interaction("e4", "2026-11-21T00:00:00Z") + "\n");
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh);
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out()).contains("interactions jsonl    read 3  accepted 3  quarantined 0");
    List<String> ids =
        new Warehouse(SharedSpark.get(), wh.toString())
                .readDate(Tables.INTERACTIONS, LocalDate.parse(TinyDump.DATE))
                .orderBy(EVENT_ID)
                .collectAsList()
                .stream()
                .map(r -> r.<String>getAs(EVENT_ID))
                .toList();
    assertThat(ids).containsExactly("e1", "e2", "e3");
  }

  @Test
  void everyJsonLineIsAcceptedOrQuarantinedEvenWhenItIsNotOneObject() {
    // 35: [] , an array of an object, two objects on a line, an object followed by text, a number.
    TinyDump dump = new TinyDump(tmp.resolve("dump"));
    dump.add("posts", "[]")
        .add("posts", "[{\"post_id\":104,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}]")
        .add(
            "posts",
            "{\"post_id\":105,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}"
                + "{\"post_id\":106,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}")
        .add(
            "posts",
            "{\"post_id\":107,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"} trailing")
        .add("posts", "123")
        // a valid line whose text holds }{ inside a string is one object: accepted
        .add(
            "posts",
            "{\"post_id\":108,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\","
                + "\"media_type\":\"}{\"}")
        .writeJsonl();
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh, "--set", "pasif.ingest.max.reject.ratio=1");
    assertThat(o.exitCode()).as(o.err()).isZero();
    // 3 clean posts + 6 lines: 4 accepted, 5 quarantined
    assertThat(o.out()).contains("posts        jsonl    read 9  accepted 4  quarantined 5");
    assertThat(quarantineReasons(wh, "posts"))
        .containsExactlyEntriesOf(Map.of("malformed_record", 5L));
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    LocalDate d = LocalDate.parse(TinyDump.DATE);
    assertThat(
            w
                .readDate(Tables.QUARANTINE, d)
                .where(col(DATASET).equalTo("posts"))
                .orderBy(RAW)
                .collectAsList()
                .stream()
                .map(r -> r.<String>getAs(RAW))
                .toList())
        .as("the raw line of each is kept whole")
        .containsExactly(
            "123",
            "[]",
            "[{\"post_id\":104,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}]",
            "{\"post_id\":105,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}"
                + "{\"post_id\":106,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}",
            "{\"post_id\":107,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"} trailing");
    assertThat(w.readDate(Tables.POSTS, d).where(col(POST_ID).equalTo(108)).count()).isEqualTo(1);
  }

  @Test
  void csvQuotingFollowsRfc4180() {
    // 36: a quoted line break inside comment_text; 37: "" inside a quoted field.
    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    Path folder = dump.folder("interactions");
    new java.io.File(folder.resolve("part-00000.jsonl").toString()).delete();
    TinyDump.write(
        folder.resolve("part-00000.csv"),
        "event_id,actor_id,account_id,post_id,type,ts,comment_text\r\n"
            + "e1,10,1,101,comment,2026-11-20T01:00:00Z,\"baris satu\nbaris dua\"\r\n"
            + "e2,11,1,101,comment,2026-11-20T02:00:00Z,\"dia bilang \"\"mantap\"\", ya\"\r\n"
            + "e3,11,1,101,like,2026-11-20T03:00:00Z,\r\n");
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh);
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out()).contains("interactions csv      read 3  accepted 3  quarantined 0");
    Map<String, String> comments = new TreeMap<>();
    for (Row r :
        new Warehouse(SharedSpark.get(), wh.toString())
            .readDate(Tables.INTERACTIONS, LocalDate.parse(TinyDump.DATE))
            .collectAsList()) {
      comments.put(r.getAs(EVENT_ID), r.getAs(COMMENT_TEXT));
    }
    Map<String, String> expected = new TreeMap<>();
    expected.put("e1", "baris satu\nbaris dua");
    expected.put("e2", "dia bilang \"mantap\", ya");
    expected.put("e3", null);
    assertThat(comments).isEqualTo(expected);
  }

  @Test
  void timestampsNeedAnOffsetAndMayHoldMicroseconds() {
    // 38: no offset is not read as UTC; 39: six fraction digits are valid.
    TinyDump dump = new TinyDump(tmp.resolve("dump"));
    dump.add("interactions", interaction("e2", "2026-11-20T06:05:00"))
        .add("interactions", interaction("e3", "2026-11-20T06:05:00.123456Z"))
        .add("interactions", interaction("e4", "2026-11-20T13:05:00.5+07:00"))
        .add("interactions", interaction("e5", "2026-11-20 06:05"))
        .writeJsonl();
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh, "--set", "pasif.ingest.max.reject.ratio=1");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(quarantineReasons(wh, "interactions"))
        .containsExactlyEntriesOf(Map.of("timestamp_without_zone", 2L));
    Map<String, java.time.Instant> ts = new TreeMap<>();
    for (Row r :
        new Warehouse(SharedSpark.get(), wh.toString())
            .readDate(Tables.INTERACTIONS, LocalDate.parse(TinyDump.DATE))
            .collectAsList()) {
      ts.put(r.getAs(EVENT_ID), r.<java.sql.Timestamp>getAs(TS).toInstant());
    }
    assertThat(ts)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "e1", java.time.Instant.parse("2026-11-20T01:00:00Z"),
                    "e3", java.time.Instant.parse("2026-11-20T06:05:00.123456Z"),
                    "e4", java.time.Instant.parse("2026-11-20T06:05:00.5Z"))));
  }

  @Test
  void earliestInstantIsASettingAndAnOptionalTimestampOutOfRangeKeepsItsRow() {
    TinyDump dump = new TinyDump(tmp.resolve("dump"));
    dump.add("profiles", TinyDump.profile(12, "lama", 10, 10).replace("2020-01-01", "2006-03-21"))
        .add("interactions", interaction("e2", "2008-05-01T00:00:00Z"))
        .writeJsonl();
    LocalDate d = LocalDate.parse(TinyDump.DATE);
    // default earliest 2010-10-06: the event is quarantined (ts is required); the profile is
    // kept with created_at null (created_at is optional), and the nulled value is counted.
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh, "--set", "pasif.ingest.max.reject.ratio=1");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out())
        .contains(
            "profiles     jsonl    read 4  accepted 4  quarantined 0"
                + "  out-of-range optional timestamps set to null 1");
    assertThat(quarantineReasons(wh, "interactions"))
        .containsExactlyEntriesOf(Map.of("timestamp_out_of_range", 1L));
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    assertThat(
            w.readDate(Tables.PROFILES, d)
                .where(col(USER_ID).equalTo(12))
                .first()
                .isNullAt(w.readDate(Tables.PROFILES, d).schema().fieldIndex(CREATED_AT)))
        .isTrue();
    assertThat(
            w.read(Tables.RUNS).where(col(STAGE).equalTo("ingest")).first().<String>getAs(DETAILS))
        .contains(
            "\"profiles\":{\"format\":\"jsonl\",\"read\":4,\"accepted\":4,"
                + "\"quarantined\":0,\"nulled_timestamps\":1");
    // an older platform: earliest 2004-02-04 accepts both, values unchanged
    Path older = tmp.resolve("older");
    Cli.Outcome o2 =
        ingest(dump.root(), older, "--set", "pasif.ingest.earliest.timestamp=2004-02-04T00:00:00Z");
    assertThat(o2.exitCode()).as(o2.err()).isZero();
    Warehouse w2 = new Warehouse(SharedSpark.get(), older.toString());
    assertThat(
            w2.readDate(Tables.PROFILES, d)
                .where(col(USER_ID).equalTo(12))
                .first()
                .<java.sql.Timestamp>getAs(CREATED_AT)
                .toInstant())
        .isEqualTo(java.time.Instant.parse("2006-03-21T00:00:00Z"));
    assertThat(w2.readDate(Tables.INTERACTIONS, d).where(col(EVENT_ID).equalTo("e2")).count())
        .isEqualTo(1);
    // a value that is not an instant is refused with one line
    assertOneLineError(
        ingest(dump.root(), older, "--set", "pasif.ingest.earliest.timestamp=2004"),
        1,
        "pasif.ingest.earliest.timestamp=2004 is not an instant");
  }

  @Test
  void pathsWithSpacesWork() {
    // 40: a dump and a warehouse whose paths hold spaces.
    TinyDump dump = new TinyDump(tmp.resolve("my dump")).writeJsonl();
    Path wh = tmp.resolve("my warehouse");
    Cli.Outcome o = ingest(dump.root(), wh);
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(
            new Warehouse(SharedSpark.get(), wh.toString())
                .readDate(Tables.FOLLOWS, LocalDate.parse(TinyDump.DATE))
                .count())
        .isEqualTo(3);
  }

  @Test
  void everyPhysicalLineOfAMixedDumpIsAcceptedOrQuarantined() {
    // Two files of interactions, one in a subfolder, mixing every kind of bad line; the ids say
    // which file a line came from, so accepted rows are counted per file too.
    List<String> a =
        List.of(
            interaction("a1", "2026-11-20T01:00:00Z"),
            interaction("a2", "2026-11-20T01:00:00.123456Z"),
            "{\"event_id\":\"a3\",\"actor_id\":10", // cut short
            interaction("a4", "2026-11-20T01:00:00Z")
                .replace("\"actor_id\":10", "\"actor_id\":\"x\""),
            interaction("a5", "2026-11-20T01:00:00Z")
                .replace("\"event_id\":\"a5\"", "\"event_id\":null"),
            "[]",
            interaction("a7", "2026-11-20T01:00:00Z") + interaction("a8", "2026-11-20T01:00:00Z"),
            interaction("a9", "2026-11-20T01:00:00Z") + " tail",
            interaction("a10", "2026-11-20T01:00:00"), // no offset
            interaction("a11", "2001-01-01T00:00:00Z"), // too old
            interaction("a12", "2026-11-20T01:00:00Z").replace("like", "poke"),
            interaction("a1", "2026-11-20T01:00:00Z"), // duplicate
            "123");
    List<String> b =
        List.of(
            interaction("b1", "2026-11-21T01:00:00Z"),
            "",
            interaction("b2", "2099-01-01T00:00:00Z"), // future
            "[" + interaction("b3", "2026-11-21T01:00:00Z") + "]");
    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    Path folder = dump.folder("interactions");
    new java.io.File(folder.resolve("part-00000.jsonl").toString()).delete();
    TinyDump.write(folder.resolve("part-a.jsonl"), String.join("\n", a) + "\n");
    TinyDump.write(folder.resolve("later").resolve("part-b.jsonl"), String.join("\r\n", b));
    Path wh = tmp.resolve("wh");
    Cli.Outcome o = ingest(dump.root(), wh, "--set", "pasif.ingest.max.reject.ratio=1");
    assertThat(o.exitCode()).as(o.err()).isZero();
    Warehouse w = new Warehouse(SharedSpark.get(), wh.toString());
    LocalDate d = LocalDate.parse(TinyDump.DATE);
    for (String[] file : new String[][] {{"part-a.jsonl", "a"}, {"part-b.jsonl", "b"}}) {
      List<String> lines = file[1].equals("a") ? a : b;
      long physical = lines.stream().filter(l -> !l.isBlank()).count();
      long accepted =
          w.readDate(Tables.INTERACTIONS, d).where(col(EVENT_ID).startsWith(file[1])).count();
      long quarantined =
          w.readDate(Tables.QUARANTINE, d)
              .where(col(DATASET).equalTo("interactions"))
              .where(col(SOURCE_FILE).endsWith(file[0]))
              .count();
      assertThat(accepted + quarantined).as(file[0]).isEqualTo(physical);
    }
    // a1, a2, b1 accepted; everything else quarantined
    assertThat(w.readDate(Tables.INTERACTIONS, d).count()).isEqualTo(3);
  }

  static void deleteTree(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
