package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.ProductionCodegen;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's check of incremental nights: on a 2,000-user generated world with {@code --deliveries
 * 3} (a share of posts and interactions delivered late), three nights on one warehouse, each
 * reducing only its own delivery's events, give exactly the relationships, follower_features and
 * account_day of {@code pasif nightly --full} for the last date (row for row, doubles within 1e-9).
 */
@ExtendWith(ProductionCodegen.class)
class IncrementalNightsTest {
  static final LocalDate LAST = LocalDate.of(2026, 11, 24);

  /** The tables compared and their keys. */
  static final Map<TableSpec, List<String>> KEYS =
      Map.of(
          Tables.RELATIONSHIPS, List.of(FOLLOWER_ID, ACCOUNT_ID),
          Tables.FOLLOWER_FEATURES, List.of(FOLLOWER_ID),
          Tables.ACCOUNT_DAY, List.of(ACCOUNT_ID, DAY));

  @TempDir Path tmp;

  @Test
  void threeIncrementalNightsGiveTheTablesOfAFullRecompute() {
    SparkSession spark = SharedSpark.get();
    String dump = tmp.resolve("dump").toString();
    String wh = tmp.resolve("wh").toString();
    Cli.runOk(
        "generate",
        "--out",
        dump,
        "--date",
        LAST.toString(),
        "--users",
        "2000",
        "--seed",
        "15",
        "--format",
        "parquet",
        "--deliveries",
        "3",
        "--late-share",
        "0.2");
    // A night's activity tables are written by its ingest and activity stages only (segment and
    // report read them), so each night runs those two: the same code as pasif nightly's.
    for (int night = 0; night < 3; night++) {
      LocalDate d = LAST.minusDays(2 - night);
      Cli.runOk("ingest", "--date", d.toString(), "--input", dump, "--warehouse", wh);
      Cli.Outcome o = Cli.runOk("activity", "--date", d.toString(), "--warehouse", wh);
      // each night reduces its own delivery only: the earlier ones' partials are kept
      assertThat(o.out()).contains("event partials reduced from bronze: " + d + "\n");
    }
    Warehouse w = new Warehouse(spark, wh);
    for (TableSpec t : KEYS.keySet()) {
      w.readDate(t, LAST).write().parquet(tmp.resolve("incremental").resolve(t.name()).toString());
    }

    // pasif nightly --full runs this activity stage with --full after ingest
    assertThat(Cli.runOk("nightly", "--help").out()).contains("--full");
    Cli.Outcome full =
        Cli.runOk("activity", "--date", LAST.toString(), "--warehouse", wh, "--full");
    assertThat(full.out())
        .contains(
            "event partials reduced from bronze: 3 dates (2026-11-22 .. 2026-11-24) (--full)");

    for (Map.Entry<TableSpec, List<String>> e : KEYS.entrySet()) {
      TableSpec t = e.getKey();
      Dataset<Row> incremental =
          spark.read().parquet(tmp.resolve("incremental").resolve(t.name()).toString());
      Dataset<Row> recomputed = w.readDate(t, LAST);
      long rows = recomputed.count();
      assertThat(rows).as(t.name() + " rows").isGreaterThan(100);
      assertThat(incremental.count()).as(t.name() + " rows").isEqualTo(rows);
      List<Row> differing = differences(incremental, recomputed, t, e.getValue());
      assertThat(differing).as(t.name() + ": rows that differ (first 5)").isEmpty();
    }
  }

  /**
   * Rows of either side without an equal row on the other: matched by key, every other column equal
   * (null-safe), doubles within 1e-9. At most 5, with both sides' values.
   */
  static List<Row> differences(Dataset<Row> a, Dataset<Row> b, TableSpec table, List<String> key) {
    Column joinOn = lit(true);
    for (String k : key) {
      joinOn = joinOn.and(a.col(k).eqNullSafe(b.col(k)));
    }
    Column differs = a.col(key.get(0)).isNull().or(b.col(key.get(0)).isNull());
    List<Column> shown = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      String c = f.name();
      shown.add(a.col(c).as("inc_" + c));
      shown.add(b.col(c).as("full_" + c));
      if (key.contains(c)) {
        continue;
      }
      Column same =
          f.dataType() instanceof DoubleType
              ? a.col(c).isNull().and(b.col(c).isNull()).or(abs(a.col(c).minus(b.col(c))).leq(1e-9))
              : a.col(c).eqNullSafe(b.col(c));
      differs = differs.or(not(coalesce(same, lit(false))));
    }
    return a.join(b, joinOn, "full_outer")
        .where(differs)
        .select(shown.toArray(new Column[0]))
        .limit(5)
        .collectAsList();
  }
}
