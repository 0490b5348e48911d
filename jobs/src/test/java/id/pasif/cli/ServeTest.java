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

    ServeCommand.environment = k -> k.equals(ServeCommand.TOKEN_ENV) ? TOKEN : System.getenv(k);
    CompletableFuture<Cli.Outcome> serve =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "serve",
                    "--warehouse",
                    warehouseDir,
                    "--port",
                    "0",
                    "--set",
                    "spark.hadoop.fs.s3a.secret.key=" + S3_SECRET));
    try {
      int port = ServeCommand.started.get(120, TimeUnit.SECONDS);
      // Spark Connect clients send a token over plain gRPC only to "localhost" (elsewhere they
      // insist on TLS); the server listens on 127.0.0.1.
      String url = "sc://localhost:" + port + "/;token=" + TOKEN;
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
      safetyProbes(port, warehouseDir);
    } finally {
      ServeCommand.stop.complete(null);
      ServeCommand.environment = System::getenv;
      spark.sparkContext().hadoopConfiguration().unset("fs.s3a.secret.key");
    }
    Cli.Outcome o = serve.get(60, TimeUnit.SECONDS);
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out()).contains("Spark Connect on sc://localhost:").contains("1 tables");
    assertThat(o.out() + o.err()).doesNotContain(TOKEN).doesNotContain(S3_SECRET);
    assertThat(id.pasif.spark.ReadOnly.enabled()).isFalse();
  }

  static final String TOKEN = "test-token-0123456789abcdef";
  static final String S3_SECRET = "S3SECRETVALUE-do-not-show";

  /**
   * Issue 18, defect 4: without a login, a Connect client read the server's AWS secret through
   * reflect, deleted 37 rows and read local files. Every step runs in one client JVM.
   */
  private void safetyProbes(int port, String warehouseDir) throws Exception {
    String base = "sc://localhost:" + port;
    Path stolen = tmp.resolve("stolen");
    List<String> out =
        probe(
            base, // 0: no token
            base + "/;token=wrong-token-0123456789", // 1
            base + "/;token=" + TOKEN, // 2
            "SELECT reflect('java.lang.System', 'getenv', 'PATH')", // 3
            "SELECT java_method('java.lang.System', 'getenv', 'PATH')", // 4
            "DELETE FROM pasif.province_summary", // 5
            "SELECT * FROM text.`/etc/passwd`", // 6
            "read:/etc/passwd", // 7
            "write:" + stolen, // 8
            "SELECT count(*) FROM pasif.province_summary", // 9
            "SET", // 10
            "SET spark.hadoop.fs.s3a.secret.key", // 11
            "confget:spark.hadoop.fs.s3a.secret.key", // 12
            "SELECT '${env:PATH}'", // 13
            "conf:spark.sql.variable.substitute=true", // 14
            "SELECT '${env:PATH}'", // 15
            "CREATE TABLE pasif.x (a INT)"); // 16
    String text = String.join("\n", out);
    assertThat(step(out, 0)).singleElement().asString().startsWith("ERROR").contains("token");
    assertThat(step(out, 1)).singleElement().asString().startsWith("ERROR").contains("token");
    assertThat(step(out, 2)).containsExactly("connected");
    for (int refused : new int[] {3, 4}) {
      assertThat(step(out, refused))
          .singleElement()
          .asString()
          .startsWith("ERROR")
          .contains("read-only: reflect/java_method");
    }
    assertThat(step(out, 5)).singleElement().asString().contains("read-only: ");
    assertThat(step(out, 6)).singleElement().asString().contains("read-only: reading files");
    assertThat(step(out, 7)).singleElement().asString().contains("read-only: reading files");
    assertThat(step(out, 8)).singleElement().asString().contains("read-only: ");
    assertThat(stolen).doesNotExist();
    // Nothing was deleted: still the three rows written above.
    assertThat(step(out, 9)).containsExactly("3");
    assertThat(step(out, 10)).isNotEmpty();
    assertThat(step(out, 11)).singleElement().asString().doesNotContain(S3_SECRET);
    assertThat(step(out, 12)).singleElement().asString().doesNotContain(S3_SECRET);
    assertThat(step(out, 13)).containsExactly("${env:PATH}");
    assertThat(step(out, 14)).containsExactly("set");
    assertThat(step(out, 15))
        .singleElement()
        .asString()
        .contains("read-only: SQL variable substitution");
    assertThat(step(out, 16)).singleElement().asString().contains("read-only: ");
    String path = System.getenv("PATH");
    assertThat(text).doesNotContain(S3_SECRET).doesNotContain(TOKEN.substring(5));
    if (path != null) {
      assertThat(text).doesNotContain(path);
    }
  }

  /** The output lines of step {@code i} of {@link #probe}. */
  private static List<String> step(List<String> out, int i) {
    int from = out.indexOf("== " + i) + 1;
    int to = out.indexOf("== " + (i + 1));
    return out.subList(from, to < 0 ? out.size() : to);
  }

  @Test
  void withoutATokenServeDoesNotStartOnAnyAddress() {
    ServeCommand.environment = k -> null;
    try {
      for (String host : new String[] {"127.0.0.1", "0.0.0.0"}) {
        Cli.Outcome o =
            Cli.run("serve", "--warehouse", tmp.toString(), "--host", host, "--port", "0");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err())
            .isEqualTo(
                "pasif serve: error: no token: set PASIF_SERVE_TOKEN to a secret of at least 16"
                    + " characters (clients send it: sc://HOST:PORT/;token=...)\n");
      }
      ServeCommand.environment = k -> "short";
      Cli.Outcome o = Cli.run("serve", "--warehouse", tmp.toString(), "--port", "0");
      assertThat(o.exitCode()).isEqualTo(2);
      assertThat(o.err()).contains("PASIF_SERVE_TOKEN is shorter than 16 characters");
    } finally {
      ServeCommand.environment = System::getenv;
    }
  }

  @Test
  void aPortOutsideTcpIsAUsageError() {
    ServeCommand.environment = k -> TOKEN;
    Cli.Outcome o;
    try {
      o = Cli.run("serve", "--warehouse", tmp.toString(), "--port", "70000");
    } finally {
      ServeCommand.environment = System::getenv;
    }
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("--port 70000 is not a TCP port");
  }

  /** Runs {@link id.pasif.testing.ConnectQuery} in a child JVM; returns its output lines. */
  static List<String> client(String url, String... queries) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(url);
    args.addAll(List.of(queries));
    return childJvm("id.pasif.testing.ConnectQuery", args);
  }

  /** Runs {@link ConnectProbe} with {@code steps} in a child JVM; returns its output lines. */
  static List<String> probe(String... steps) throws Exception {
    return childJvm(ConnectProbe.class.getName(), List.of(steps));
  }

  private static List<String> childJvm(String mainClass, List<String> args) throws Exception {
    String clientJar = Files.readString(Path.of("target", "classpath-connect-client.txt")).strip();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    cmd.add("-cp");
    // The client jar first: its copies of the spark-sql-api classes win over the test
    // classpath's (which supplies Scala and the test classes).
    cmd.add(clientJar + java.io.File.pathSeparator + System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
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
