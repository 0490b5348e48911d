package id.pasif.cli;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpLayout;
import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
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
import org.junit.jupiter.api.io.TempDir;

/** generate -> nightly -> evaluate -> sql on a tiny dump, through the command line. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyEndToEndTest {
  static final String DATE = "2026-11-24";
  @TempDir static Path tmp;
  static String dump;
  static String warehouseDir;
  static SparkSession spark;
  static Cli.Outcome firstRun;

  @BeforeAll
  static void generateAndRun() {
    spark = SharedSpark.get();
    dump = tmp.resolve("dump").toString();
    warehouseDir = tmp.resolve("warehouse").toString();
    Cli.Outcome gen =
        Cli.run("generate", "--out", dump, "--date", DATE, "--users", "400", "--seed", "7");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    firstRun = nightly();
  }

  static Cli.Outcome nightly() {
    return Cli.run("nightly", "--date", DATE, "--input", dump, "--warehouse", warehouseDir);
  }

  static Dataset<Row> table(TableSpec t) {
    return new Warehouse(spark, warehouseDir).readDate(t, LocalDate.parse(DATE));
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
    assertThat(profiles).isEqualTo(400);
    assertThat(table(Tables.PROFILES).count()).isEqualTo(400);
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
    assertThat(ev.out()).contains("\"labelled\":400");
    for (String segment : new String[] {"active", "passive", "bot_like"}) {
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

  @Test
  @Order(3)
  void rerunningTheDateGivesIdenticalTableContent() {
    Map<String, Long> before = counts();
    Map<String, String> hashes = hashes(DATE);
    Cli.Outcome again = nightly();
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(counts()).isEqualTo(before);
    assertThat(hashes(DATE)).isEqualTo(hashes);
    Dataset<Row> segments = table(Tables.FOLLOWER_SEGMENTS).drop(DT);
    assertThat(segments.select(FOLLOWER_ID).distinct().count()).isEqualTo(segments.count());
  }

  /** Content fingerprints of every table for a date (run ids and the run log left out). */
  static Map<String, String> hashes(String date) {
    Warehouse w = new Warehouse(spark, warehouseDir);
    Map<String, String> m = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (t != Tables.RUNS) {
        m.put(t.name(), w.contentHash(t, LocalDate.parse(date), RUN_ID));
      }
    }
    return m;
  }

  @Test
  @Order(5)
  void backfillingTheDayBeforeLeavesTheRunDateUntouched() {
    Map<String, String> before = hashes(DATE);
    String dayBefore = LocalDate.parse(DATE).minusDays(1).toString();
    Cli.generateAndRunNightly(dump, warehouseDir, dayBefore, 300, 8);
    assertThat(hashes(DATE)).isEqualTo(before);
    assertThat(table(Tables.PROFILES).count()).isEqualTo(400);
    assertThat(
            new Warehouse(spark, warehouseDir)
                .readDate(Tables.PROFILES, LocalDate.parse(dayBefore))
                .count())
        .isEqualTo(300);
    // the run log holds both dates' runs, every stage succeeded
    Dataset<Row> runs = new Warehouse(spark, warehouseDir).read(Tables.RUNS);
    assertThat(runs.where(col(STATUS).notEqual("succeeded")).count()).isZero();
    assertThat(runs.select(DT).distinct().count()).isEqualTo(2);
  }

  /** Row counts of every table for the run date; the run log grows by design and is left out. */
  static Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (t != Tables.RUNS) {
        m.put(t.name(), table(t).count());
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
    long bots = table(Tables.FOLLOWER_SEGMENTS).where(col(SEGMENT).equalTo("bot_like")).count();
    assertThat(sql.out()).startsWith("segment,n\n").contains("bot_like," + bots + "\n");

    Cli.Outcome bad =
        Cli.run("sql", "--warehouse", warehouseDir, "SELECT nope FROM pasif.follower_segments");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip().lines().count()).isEqualTo(1);
    assertThat(bad.err()).contains("bad query");
  }
}
