package id.pasif.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warehouses written by an earlier release keep working (schema evolution), incompatible ones are
 * refused with one line, and runs creating the same table at once do not fail.
 */
class WarehouseUpgradeTest {
  @TempDir Path tmp;

  /** Creates {@code table} at its location in {@code wh} with {@code schema} (an older one). */
  private static void createOld(Path wh, TableSpec table, StructType schema) {
    SparkSession spark = SharedSpark.get();
    Warehouse w = new Warehouse(spark, wh.toString());
    DeltaTableBuilder b =
        DeltaTable.create(spark)
            .location(w.location(table))
            .partitionedBy(table.partitionBy().toArray(new String[0]));
    for (StructField f : schema.fields()) {
      b = b.addColumn(f);
    }
    b.execute();
  }

  private Cli.Outcome ingest(TinyDump dump, Path wh) {
    return Cli.run(
        "ingest",
        "--date",
        TinyDump.DATE,
        "--input",
        dump.root().toString(),
        "--warehouse",
        wh.toString());
  }

  @Test
  void aWarehouseOfThePreviousTableVersionGetsTheNewNullableColumns() {
    // The previous version of runs: without details and error (both nullable today), and with
    // another comment on stage.
    StructType previous =
        DataTypes.createStructType(
            Arrays.stream(Tables.RUNS.schema().fields())
                .filter(f -> !f.name().equals(Columns.DETAILS) && !f.name().equals(Columns.ERROR))
                .map(f -> f.name().equals(Columns.STAGE) ? f.withComment("an older wording") : f)
                .toArray(StructField[]::new));
    Path wh = tmp.resolve("wh");
    createOld(wh, Tables.RUNS, previous);
    SparkSession spark = SharedSpark.get();
    Warehouse w = new Warehouse(spark, wh.toString());
    List<Row> oldRow =
        List.of(
            org.apache.spark.sql.RowFactory.create(
                java.sql.Date.valueOf("2026-11-23"),
                "old-run",
                "ingest",
                java.sql.Timestamp.valueOf("2026-11-23 19:00:00"),
                java.sql.Timestamp.valueOf("2026-11-23 19:01:00"),
                "succeeded",
                1L,
                1L,
                0L,
                0.0,
                "0.1",
                "abc"));
    spark
        .createDataFrame(oldRow, previous)
        .write()
        .format("delta")
        .mode("append")
        .save(w.location(Tables.RUNS));

    TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
    Cli.Outcome o = ingest(dump, wh);
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(Arrays.asList(w.read(Tables.RUNS).columns()))
        .containsExactlyInAnyOrder(Tables.RUNS.schema().fieldNames());
    Row old = w.read(Tables.RUNS).where(col(Columns.RUN_ID).equalTo("old-run")).first();
    assertThat(old.<String>getAs(Columns.DETAILS)).isNull();
    assertThat(w.read(Tables.RUNS).where(col(Columns.DETAILS).isNotNull()).count()).isEqualTo(1);
    assertThat(w.read(Tables.RUNS).schema().apply(Columns.STAGE).getComment().get())
        .isEqualTo(Tables.RUNS.schema().apply(Columns.STAGE).getComment().get())
        .isNotEqualTo("an older wording");
  }

  @Test
  void anIncompatibleTableIsRefusedWithOneLineNamingTableAndColumn() {
    StructType wrongType =
        DataTypes.createStructType(
            Arrays.stream(Tables.FOLLOWS.schema().fields())
                .map(
                    f ->
                        f.name().equals(Columns.FOLLOWER_ID)
                            ? new StructField(f.name(), DataTypes.StringType, false, f.metadata())
                            : f)
                .toArray(StructField[]::new));
    Path wh = tmp.resolve("wh");
    createOld(wh, Tables.FOLLOWS, wrongType);
    Cli.Outcome o = ingest(new TinyDump(tmp.resolve("dump")).writeJsonl(), wh);
    assertThat(o.exitCode()).as(o.err()).isEqualTo(1);
    assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
    assertThat(o.err())
        .contains(
            "table follows at",
            "column follower_id is string in the warehouse, this release declares bigint",
            "migrate it");
  }

  @Test
  void tablesCreatedByTwoRunsAtOnceOnANewWarehouseDoNotFail() throws Exception {
    Path wh = tmp.resolve("wh");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (TableSpec table : List.of(Tables.RUNS, Tables.FOLLOWS, Tables.QUARANTINE)) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          both.add(
              pool.submit(
                  () -> {
                    start.await();
                    new Warehouse(SharedSpark.get(), wh.toString()).ensure(table);
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : both) {
          f.get(); // throws if either failed
        }
        assertThat(new Warehouse(SharedSpark.get(), wh.toString()).exists(table)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
