package id.pasif.dump;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link DumpReader#parseJsonLines} treats the characters around a line's object: padding
 * (spaces, tabs, a carriage return, a UTF-8 byte order mark) is not part of the record, a line of
 * padding only holds no record, and a line that is not one object keeps its raw text whatever its
 * padding. Bare objects take a fast path that skips the trim; padded ones must read the same.
 * Expected values: worked out by hand from docs/dump-format.md ("not exactly one JSON object ... is
 * quarantined whole"; "Blank lines are skipped"), line by line.
 */
@Tag("quick")
class JsonLinesTest {
  @TempDir Path tmp;

  static final String POST =
      "{\"post_id\":%d,\"account_id\":1,\"posted_at\":\"2026-11-22T00:00:00Z\"}";

  @Test
  void paddingAroundAnObjectIsIgnoredAndBlankLinesHoldNoRecord() throws Exception {
    List<String> lines =
        List.of(
            POST.formatted(1), // bare: the fast path
            "  " + POST.formatted(2) + "\t", // spaces before, a tab after
            POST.formatted(3) + "\r", // a CRLF file read with \n line ends
            // a byte order mark inside a file: trimmed for the one-object check, but the JSON
            // parser rejects it, so the line is kept raw (Hadoop's line reader drops the one at a
            // file's start)
            "\uFEFF" + POST.formatted(4),
            "   ", // padding only: no record
            "\t\r", // padding only: no record
            "  []  ", // not an object, padded: kept raw
            "  " + POST.formatted(5) + " x"); // an object followed by text: kept raw
    Path file = tmp.resolve("posts.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

    Dataset<Row> parsed =
        DumpReader.parseJsonLines(
            SharedSpark.get().read().text(file.toString()),
            Schemas.allNullable(DumpDataset.POSTS.schema()));
    List<Row> rows = parsed.orderBy("post_id", DumpReader.CORRUPT_RECORD).collectAsList();

    // 8 lines, 2 of them padding only: 6 records
    assertThat(rows).hasSize(6);
    List<String> corrupt =
        rows.stream()
            .map(r -> r.<String>getAs(DumpReader.CORRUPT_RECORD))
            .filter(java.util.Objects::nonNull)
            .sorted()
            .toList();
    assertThat(corrupt)
        .containsExactly("  []  ", "  " + POST.formatted(5) + " x", "\uFEFF" + POST.formatted(4));
    List<Long> parsedIds =
        rows.stream()
            .filter(r -> r.getAs(DumpReader.CORRUPT_RECORD) == null)
            .map(r -> r.<Long>getAs("post_id"))
            .toList();
    assertThat(parsedIds).containsExactly(1L, 2L, 3L);
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.<String>getAs(id.pasif.warehouse.Columns.SOURCE_FILE))
                    .endsWith("posts.jsonl"));
  }
}
