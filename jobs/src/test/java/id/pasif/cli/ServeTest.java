package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pasif serve} answers a real Spark Connect client: the JVM client, in a child JVM, queries
 * a table and a view of a tiny warehouse written here, through the names the server registered.
 */
class ServeTest {
  @TempDir Path tmp;

  @Test
  void sparkConnectClientQueriesTheWarehouseTablesByName() throws Exception {
    SparkSession spark = SharedSpark.get();
    String warehouseDir = tmp.resolve("warehouse").toString();
    Warehouse warehouse = new Warehouse(spark, warehouseDir);
    LocalDate older = LocalDate.parse("2026-11-23");
    LocalDate latest = LocalDate.parse("2026-11-24");
    // province_summary: dt, province, users, active, passive, bot_like, passive_share,
    // bot_like_share, median_engaged_share, is_suppressed
    warehouse.replaceDate(
        Tables.PROVINCE_SUMMARY,
        older,
        spark.createDataFrame(
            List.of(RowFactory.create(older, "Bali", 50L, 20L, 20L, 10L, 0.4, 0.2, 0.3, false)),
            Tables.PROVINCE_SUMMARY.schema()));
    warehouse.replaceDate(
        Tables.PROVINCE_SUMMARY,
        latest,
        spark.createDataFrame(
            List.of(
                RowFactory.create(latest, "Aceh", 40L, 10L, 20L, 10L, 0.5, 0.25, 0.2, false),
                RowFactory.create(latest, "Papua", null, null, null, null, null, null, null, true)),
            Tables.PROVINCE_SUMMARY.schema()));

    CompletableFuture<Cli.Outcome> serve =
        CompletableFuture.supplyAsync(
            () -> Cli.run("serve", "--warehouse", warehouseDir, "--port", "0"));
    try {
      int port = ServeCommand.started.get(120, TimeUnit.SECONDS);
      String url = "sc://127.0.0.1:" + port;
      // One client JVM for both queries (a JVM start is the slow part on a busy machine).
      List<String> out =
          client(
              url,
              "SELECT count(*), sum(users) FROM pasif.province_summary",
              "SELECT province, users, is_suppressed FROM pasif.province_summary_latest"
                  + " ORDER BY province");
      // Worked out from the rows above: 3 rows, 50 + 40 users (Papua suppressed, null); the
      // view keeps the latest date only.
      assertThat(out).containsExactly("== 1", "3,90", "== 2", "Aceh,40,false", "Papua,NULL,true");
    } finally {
      ServeCommand.stop.complete(null);
    }
    Cli.Outcome o = serve.get(60, TimeUnit.SECONDS);
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out()).contains("Spark Connect on sc://127.0.0.1:").contains("1 tables");
  }

  @Test
  void aPortOutsideTcpIsAUsageError() {
    Cli.Outcome o = Cli.run("serve", "--warehouse", tmp.toString(), "--port", "70000");
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("--port 70000 is not a TCP port");
  }

  /** Runs {@link id.pasif.testing.ConnectQuery} in a child JVM; returns its output lines. */
  static List<String> client(String url, String... queries) throws Exception {
    String clientJar = Files.readString(Path.of("target", "classpath-connect-client.txt")).strip();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    cmd.add("-cp");
    // The client jar first: its copies of the spark-sql-api classes win over the test
    // classpath's (which supplies Scala and the test classes).
    cmd.add(clientJar + java.io.File.pathSeparator + System.getProperty("java.class.path"));
    cmd.add("id.pasif.testing.ConnectQuery");
    cmd.add(url);
    cmd.addAll(List.of(queries));
    Path out = Files.createTempFile("connect-client", ".out");
    Path err = Files.createTempFile("connect-client", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("client finished").isTrue();
    String errText = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(errText).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }
}
