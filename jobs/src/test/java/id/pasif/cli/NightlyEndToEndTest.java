package id.pasif.cli;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpLayout;
import id.pasif.segment.Segment;
import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.SharedWarehouse;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate -> nightly -> evaluate -> sql through the command line: the first run is the shared
 * warehouse of the test JVM ({@link SharedWarehouse}, read only); the re-run and the backfill run
 * on a copy of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedWarehouse.ReadOnly.class)
class NightlyEndToEndTest {
  static final String DATE = SharedWarehouse.DATE;
  @TempDir static Path tmp;
  static String dump;
  static String warehouseDir;
  static SparkSession spark;
  static Cli.Outcome firstRun;

  /** A writable copy of the shared warehouse: re-run and backfilled here. */
  static String copyDir;

  @BeforeAll
  static void generateAndRun() {
    spark = SharedSpark.get();
    SharedWarehouse shared = SharedWarehouse.get();
    dump = shared.dump();
    warehouseDir = shared.warehouse();
    firstRun = shared.nightly();
    copyDir = shared.copy(tmp.resolve("copy"));
  }

  static Dataset<Row> table(TableSpec t) {
    return table(warehouseDir, t);
  }

  static Dataset<Row> table(String warehouse, TableSpec t) {
    return new Warehouse(spark, warehouse).readDate(t, LocalDate.parse(DATE));
  }

  /** Standing follows counted straight from the dump files, independently of the product. */
  static Dataset<Row> standingFromDump() {
    return spark
        .read()
        .json(
            DumpLayout.datasetFolder(
                Warehouse.normalise(dump), DumpDataset.FOLLOWS, LocalDate.parse(DATE)))
        .where(col(UNFOLLOWED_AT).isNull());
  }

  @Test
  @Order(1)
  void nightlyPrintsTheSummaryAndWritesEveryTable() {
    assertThat(firstRun.exitCode()).as(firstRun.err()).isZero();
    assertThat(firstRun.out())
        .contains("ingest   follows")
        .contains("quarantined 0")
        .contains("segment ")
        .contains("time     ingest");
    long profiles = spark.read().json(dump + "/profiles/dt=" + DATE).count();
    assertThat(profiles).isEqualTo(SharedWarehouse.USERS);
    assertThat(table(Tables.PROFILES).count()).isEqualTo(SharedWarehouse.USERS);
    Dataset<Row> standing = standingFromDump();
    assertThat(table(Tables.RELATIONSHIPS).count()).isEqualTo(standing.count());
    long followers = standing.select(FOLLOWER_ID).distinct().count();
    assertThat(table(Tables.FOLLOWER_FEATURES).count()).isEqualTo(followers);
    assertThat(table(Tables.FOLLOWER_SEGMENTS).count()).isEqualTo(followers);
    assertThat(table(Tables.ACCOUNT_AUDIENCE).count())
        .isEqualTo(standing.select(ACCOUNT_ID).distinct().count());
    assertThat(table(Tables.QUARANTINE).count()).isZero();
  }

  @Test
  @Order(2)
  void segmentsMatchTheGeneratorsTruth() {
    Cli.Outcome ev =
        Cli.run(
            "evaluate",
            "--date",
            DATE,
            "--warehouse",
            warehouseDir,
            "--labels",
            dump + "/truth/labels.csv",
            "--json");
    assertThat(ev.exitCode()).as(ev.err()).isZero();
    assertThat(ev.out()).contains("\"labelled\":" + SharedWarehouse.USERS);
    for (String segment : Segment.labels()) {
      double f1 = f1(ev.out(), segment);
      assertThat(f1).as(segment + " F1 in " + ev.out()).isGreaterThanOrEqualTo(0.9);
    }
  }

  static double f1(String json, String segment) {
    int at = json.indexOf("\"" + segment + "\":{\"support\"");
    int f = json.indexOf("\"f1\":", at) + 5;
    int end = json.indexOf('}', f);
    return Double.parseDouble(json.substring(f, end));
  }

  /**
   * The re-run goes to the copy (same dump, same date) and must leave it with the content of the
   * first run, the shared warehouse.
   */
  @Test
  @Order(3)
  void rerunningTheDateGivesIdenticalTableContent() {
    Map<String, Long> before = counts(warehouseDir);
    Map<String, String> hashes = hashes(warehouseDir, DATE);
    Cli.Outcome again = Cli.run("nightly", "--date", DATE, "--input", dump, "--warehouse", copyDir);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(counts(copyDir)).isEqualTo(before);
    assertThat(hashes(copyDir, DATE)).isEqualTo(hashes);
    Dataset<Row> segments = table(copyDir, Tables.FOLLOWER_SEGMENTS).drop(DT);
    assertThat(segments.select(FOLLOWER_ID).distinct().count()).isEqualTo(segments.count());
  }

  /** Content fingerprints of every table for a date (run ids and the run log left out). */
  static Map<String, String> hashes(String warehouse, String date) {
    Warehouse w = new Warehouse(spark, warehouse);
    Map<String, String> m = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (t != Tables.RUNS) {
        m.put(t.name(), w.contentHash(t, LocalDate.parse(date), RUN_ID));
      }
    }
    return m;
  }

  /**
   * The backfill goes to the copy, from a dump of its own (a second generate into the shared dump
   * would replace its truth files).
   */
  @Test
  @Order(5)
  void backfillingTheDayBeforeLeavesTheRunDateUntouched() {
    Map<String, String> before = hashes(copyDir, DATE);
    String dayBefore = LocalDate.parse(DATE).minusDays(1).toString();
    Cli.generateAndRunNightly(tmp.resolve("dump-before").toString(), copyDir, dayBefore, 300, 8);
    assertThat(hashes(copyDir, DATE)).isEqualTo(before);
    assertThat(table(copyDir, Tables.PROFILES).count()).isEqualTo(SharedWarehouse.USERS);
    assertThat(
            new Warehouse(spark, copyDir)
                .readDate(Tables.PROFILES, LocalDate.parse(dayBefore))
                .count())
        .isEqualTo(300);
    // the run log holds both dates' runs, every stage succeeded
    Dataset<Row> runs = new Warehouse(spark, copyDir).read(Tables.RUNS);
    assertThat(runs.where(col(STATUS).notEqual("succeeded")).count()).isZero();
    assertThat(runs.select(DT).distinct().count()).isEqualTo(2);
  }

  /** Row counts of every table for the run date; the run log grows by design and is left out. */
  static Map<String, Long> counts(String warehouse) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (t != Tables.RUNS) {
        m.put(t.name(), table(warehouse, t).count());
      }
    }
    return m;
  }

  @Test
  @Order(4)
  void sqlAddressesTablesByName() {
    Cli.Outcome sql =
        Cli.run(
            "sql",
            "--warehouse",
            warehouseDir,
            "--format",
            "csv",
            "SELECT segment, count(*) AS n FROM pasif.follower_segments GROUP BY segment ORDER BY segment");
    assertThat(sql.exitCode()).as(sql.err()).isZero();
    long bots =
        table(Tables.FOLLOWER_SEGMENTS)
            .where(col(SEGMENT).equalTo(Segment.BOT_LIKE.label()))
            .count();
    assertThat(sql.out()).startsWith("segment,n\n").contains("bot_like," + bots + "\n");

    Cli.Outcome bad =
        Cli.run("sql", "--warehouse", warehouseDir, "SELECT nope FROM pasif.follower_segments");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip().lines().count()).isEqualTo(1);
    assertThat(bad.err()).contains("bad query");
  }
}
