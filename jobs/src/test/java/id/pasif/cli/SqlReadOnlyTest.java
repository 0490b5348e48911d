package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.spark.ReadOnly;
import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pasif sql} only reads (issue 18, defect 6: DELETE removed 37 rows, UPDATE turned bots into
 * actives, INSERT wrote into runs, text.`/etc/passwd` and reflect() worked). Every refused
 * statement exits 2 with one line, and the table is unchanged afterwards.
 */
class SqlReadOnlyTest {
  @TempDir Path tmp;
  String warehouseDir;
  Warehouse warehouse;
  static final LocalDate D = LocalDate.parse("2026-11-24");

  @BeforeEach
  void threeProvinces() {
    SparkSession spark = SharedSpark.get();
    warehouseDir = tmp.resolve("warehouse").toString();
    warehouse = new Warehouse(spark, warehouseDir);
    warehouse.replaceDate(
        Tables.PROVINCE_SUMMARY,
        D,
        spark.createDataFrame(
            List.of(
                RowFactory.create(D, "Aceh", 40L, 10L, 20L, 10L, 0.5, 0.25, 0.2, false),
                RowFactory.create(D, "Bali", 50L, 20L, 20L, 10L, 0.4, 0.2, 0.3, false),
                RowFactory.create(D, "Papua", null, null, null, null, null, null, null, true)),
            Tables.PROVINCE_SUMMARY.schema()));
  }

  @AfterEach
  void ruleIsOffAgain() {
    assertThat(ReadOnly.enabled()).as("pasif sql switches the rule off when it ends").isFalse();
  }

  private Cli.Outcome sql(String query) {
    return Cli.run("sql", "--warehouse", warehouseDir, "--format", "csv", query);
  }

  private void refused(String query, String what) {
    Cli.Outcome o = sql(query);
    assertThat(o.exitCode()).as(query + "\n" + o.err()).isEqualTo(2);
    assertThat(o.err().strip().lines()).as(o.err()).hasSize(1);
    assertThat(o.err())
        .as(query)
        .startsWith("pasif sql: error: read-only: " + what)
        .contains("the tables can only be read (changes: pasif maintain)")
        .doesNotContain("\tat ");
    assertThat(o.out()).isEmpty();
  }

  private long rows() {
    return warehouse.readDate(Tables.PROVINCE_SUMMARY, D).count();
  }

  @Test
  void dmlAndDdlOnTheTablesAreRefusedAndChangeNothing() {
    Path extra = tmp.resolve("extra");
    refused("DELETE FROM pasif.province_summary", "");
    refused("UPDATE pasif.province_summary SET users = 0", "");
    refused("INSERT INTO pasif.province_summary SELECT * FROM pasif.province_summary", "");
    refused(
        "MERGE INTO pasif.province_summary t USING pasif.province_summary s"
            + " ON t.province = s.province WHEN MATCHED THEN DELETE",
        "");
    refused("DROP TABLE pasif.province_summary", "");
    refused("ALTER TABLE pasif.province_summary ADD COLUMNS (x INT)", "");
    refused("TRUNCATE TABLE pasif.province_summary", "");
    refused("CREATE TABLE pasif.t2 USING parquet LOCATION '" + extra + "' AS SELECT 1 AS a", "");
    refused("CREATE VIEW pasif.v2 AS SELECT 1 AS a", "");
    refused("INSERT OVERWRITE DIRECTORY '" + extra + "' USING parquet SELECT 1 AS a", "");
    refused("ADD JAR '" + extra + "/x.jar'", "");
    refused("SET spark.sql.variable.substitute=true", "SET to change a setting");
    assertThat(rows()).isEqualTo(3);
    assertThat(extra).doesNotExist();
    assertThat(Path.of(warehouseDir, "province_summary", "_delta_log")).isDirectory();
    // Three rows, as written: nothing was deleted or updated.
    Cli.Outcome o = sql("SELECT province, users FROM pasif.province_summary ORDER BY province");
    assertThat(o.out()).isEqualTo("province,users\nAceh,40\nBali,50\nPapua,\n");
  }

  @Test
  void filesByPathAndReflectionAreRefused() throws Exception {
    Path secret = tmp.resolve("secret.txt");
    Files.writeString(secret, "s3cr3t-line\n", StandardCharsets.UTF_8);
    refused("SELECT * FROM text.`/etc/passwd`", "reading files by path");
    refused("SELECT * FROM text.`" + secret + "`", "reading files by path");
    refused("SELECT * FROM csv.`" + secret + "`", "reading files by path");
    // Even the warehouse's own files: by path they bypass the table (and its deleted rows).
    refused(
        "SELECT * FROM parquet.`" + warehouseDir + "/province_summary`", "reading files by path");
    refused("SELECT * FROM delta.`" + warehouseDir + "/province_summary`", "reading files by path");
    refused("SELECT reflect('java.lang.System', 'getenv', 'HOME')", "reflect/java_method");
    refused("SELECT java_method('java.lang.System', 'getenv', 'HOME')", "reflect/java_method");
    refused(
        "SELECT province FROM pasif.province_summary"
            + " WHERE province IN (SELECT reflect('java.lang.System', 'getenv', 'HOME'))",
        "reflect/java_method");
  }

  @Test
  void readingTablesViewsAndDescriptionsStillWorks() {
    assertThat(sql("SELECT count(*) AS n, sum(users) AS u FROM pasif.province_summary").out())
        .isEqualTo("n,u\n3,90\n");
    assertThat(sql("SELECT province FROM pasif.province_summary_latest ORDER BY 1").out())
        .isEqualTo("province\nAceh\nBali\nPapua\n");
    assertThat(sql("SHOW TABLES IN pasif").out()).contains("province_summary");
    assertThat(sql("DESCRIBE TABLE pasif.province_summary").out()).contains("passive_share,");
    assertThat(sql("DESCRIBE HISTORY pasif.province_summary").exitCode()).isZero();
    assertThat(sql("EXPLAIN SELECT * FROM pasif.province_summary").exitCode()).isZero();
    // ${env:...} is not substituted: the text stays as written, HOME is not read.
    String home = System.getenv("HOME");
    Cli.Outcome env = sql("SELECT '${env:HOME}' AS h");
    assertThat(env.out()).isEqualTo("h\n${env:HOME}\n");
    if (home != null) {
      assertThat(env.out()).doesNotContain(home + "\n");
    }
    assertThat(sql("SET spark.sql.shuffle.partitions").exitCode()).isZero();
    // The table format takes a limit over the command's result: a new plan, checked again.
    for (String q :
        List.of(
            "DESCRIBE TABLE pasif.province_summary",
            "SHOW TABLES IN pasif",
            "SHOW VIEWS IN pasif")) {
      Cli.Outcome table = Cli.run("sql", "--warehouse", warehouseDir, q);
      assertThat(table.exitCode()).as(q + "\n" + table.err()).isZero();
      assertThat(table.out())
          .as(q)
          .startsWith("+--")
          .contains(q.startsWith("DESCRIBE") ? "passive_share" : "province_summary");
    }
  }

  @Test
  void theCatalogFolderIsNotCreatedWhereTheCommandRuns() throws Exception {
    assertThat(sql("SELECT 1 AS one").out()).isEqualTo("one\n1\n");
    // Issue 17 found spark-warehouse/ left beside the notebooks; the pasif database's folder is
    // under the temp folder (SparkSessions.DEFAULTS), not the working folder.
    String location =
        SharedSpark.get().catalog().getDatabase(id.pasif.warehouse.Catalog.DATABASE).locationUri();
    assertThat(location)
        .startsWith("file:" + Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())
        .doesNotContain(Path.of("").toAbsolutePath().toString() + "/");
  }
}
