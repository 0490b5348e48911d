package id.pasif.ingest;

import static id.pasif.warehouse.Columns.REASON;
import static id.pasif.warehouse.Columns.SOURCE_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpReader;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Schemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("quick")
class ValidationTest {
  static final Timestamp T = Timestamp.from(Instant.parse("2026-11-20T00:00:00Z"));
  static final Instant LATEST = Instant.parse("2026-11-25T17:00:00Z");

  private static List<String> reasons(DumpDataset d, List<Object[]> rows) {
    SparkSession spark = SharedSpark.get();
    List<Row> data = new ArrayList<>();
    for (Object[] r : rows) {
      Object[] withFile = java.util.Arrays.copyOf(r, r.length + 1);
      withFile[r.length] = "part-00000.jsonl";
      data.add(RowFactory.create(withFile));
    }
    Dataset<Row> df =
        spark.createDataFrame(
            data,
            Schemas.allNullable(d.schema())
                .add(DumpReader.CORRUPT_RECORD, DataTypes.StringType)
                .add(SOURCE_FILE, DataTypes.StringType));
    Dataset<Row> indexed = df.withColumn("_i", functions.monotonically_increasing_id());
    return Validation.withDuplicateReason(Validation.withRejectReason(indexed, d, LATEST), d)
        .orderBy("_i")
        .select(REASON)
        .collectAsList()
        .stream()
        .map(r -> r.isNullAt(0) ? "ok" : r.getString(0))
        .toList();
  }

  @Test
  void interactionRulesNameTheFirstBrokenRule() {
    List<String> got =
        reasons(
            DumpDataset.INTERACTIONS,
            List.of(
                new Object[] {"e1", 1L, 2L, 3L, "like", T, null, null},
                new Object[] {"e2", 1L, 2L, 3L, "LIKE", T, null, null},
                new Object[] {"e3", 1L, 2L, 3L, "poke", T, null, null},
                new Object[] {null, 1L, 2L, 3L, "like", T, null, null},
                new Object[] {"e5", 1L, 2L, 3L, "like", null, null, null},
                new Object[] {null, null, null, null, null, null, null, "{not json"},
                new Object[] {"e9", 1L, 2L, 3L, "like", Timestamp.from(LATEST), null, null},
                new Object[] {
                  "e10",
                  1L,
                  2L,
                  3L,
                  "like",
                  Timestamp.from(Instant.parse("2010-10-05T23:59:59Z")),
                  null,
                  null
                },
                new Object[] {"e1", 1L, 2L, 3L, "like", T, null, null}));
    assertThat(got)
        .containsExactly(
            "ok",
            "ok",
            "unknown_interaction_type",
            "null_key",
            "null_key",
            "malformed_record",
            "timestamp_out_of_range",
            "timestamp_out_of_range",
            "duplicate_key");
  }

  @Test
  void followAndProfileRules() {
    assertThat(
            reasons(
                DumpDataset.FOLLOWS,
                List.of(
                    new Object[] {1L, 2L, T, null, null},
                    new Object[] {3L, 3L, T, null, null},
                    new Object[] {
                      1L, 2L, T, Timestamp.from(Instant.parse("2026-11-01T00:00:00Z")), null
                    })))
        .containsExactly("ok", "self_follow", "unfollow_before_follow");
    assertThat(
            reasons(
                DumpDataset.PROFILES,
                List.of(
                    new Object[] {1L, "a", T, 10L, 10L, 1L, true, false, 3, "Bali", false, null},
                    new Object[] {2L, "b", T, -1L, 10L, 1L, true, false, 3, "Bali", false, null},
                    new Object[] {null, "c", T, 1L, 10L, 1L, true, false, 3, "Bali", false, null})))
        .containsExactly("ok", "negative_count", "null_key");
  }
}
