package id.pasif.cli;

import static id.pasif.warehouse.Columns.FOLLOWER_ID;
import static id.pasif.warehouse.Columns.REASONS;
import static id.pasif.warehouse.Columns.RUN_ID;
import static id.pasif.warehouse.Columns.SEGMENT;
import static id.pasif.warehouse.Columns.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import id.pasif.segment.Segment;
import id.pasif.testing.Cli;
import id.pasif.testing.DumpFiles;
import id.pasif.testing.Repo;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.StandaloneClusterExtension;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly submitted to a real Spark standalone cluster ({@link StandaloneClusterExtension}: a
 * master and two workers on 127.0.0.1, free ports) with scripts/submit-nightly writes exactly the
 * tables a local-mode run of the same dump writes (doubles to within 1e-9); {@code pasif generate}
 * submitted the same way writes the same files, byte for byte, as a local run.
 *
 * <p>An integration test (failsafe, {@code mvn verify}): it needs the thin jar and the classpath
 * files of the {@code package} phase.
 */
class StandaloneClusterIT {
  static final String DATE = "2026-11-24";
  static final int USERS = 200;
  static final int SEED = 7;
  static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);

  /** Spark settings that make the cluster run partition its data as the local test run does. */
  static final List<String> SAME_PARTITIONING =
      List.of(
          "spark.sql.shuffle.partitions="
              + SharedSpark.TEST_SETTINGS.get("spark.sql.shuffle.partitions"),
          "spark.default.parallelism=" + SharedSpark.TEST_SETTINGS.get("spark.default.parallelism"),
          "spark.databricks.delta.snapshotPartitions="
              + SharedSpark.TEST_SETTINGS.get("spark.databricks.delta.snapshotPartitions"),
          "spark.ui.enabled=false");

  @TempDir static Path tmp;

  /** Every worker registered before {@link #runLocally}; stopped after the class. */
  @RegisterExtension
  static final StandaloneClusterExtension cluster = new StandaloneClusterExtension(2);

  static Path repo;
  static String dump;
  static String localWarehouse;
  static String clusterWarehouse;
  static SparkSession spark;

  record Result(int exitCode, String output) {}

  @BeforeAll
  static void runLocally() throws Exception {
    repo = Repo.root();
    spark = SharedSpark.get();
    dump = tmp.resolve("dump").toString();
    localWarehouse = tmp.resolve("warehouse-local").toString();
    clusterWarehouse = tmp.resolve("warehouse-cluster").toString();
    Cli.generateAndRunNightly(dump, localWarehouse, DATE, USERS, SEED);
  }

  @Test
  void nightlyOnTheClusterWritesTheTablesOfALocalRun() throws Exception {
    JsonNode master = cluster.masterState();
    assertThat(master.path("url").asText()).isEqualTo("spark://127.0.0.1:" + cluster.masterPort());
    assertThat(master.path("status").asText()).isEqualTo("ALIVE");
    assertThat(master.path("aliveworkers").asInt()).as(master.toString()).isEqualTo(2);

    List<String> submit = new ArrayList<>(List.of("--master", cluster.masterUrl()));
    SAME_PARTITIONING.forEach(s -> submit.addAll(List.of("--spark-conf", s)));
    submit.addAll(List.of("--date", DATE, "--input", dump, "--warehouse", clusterWarehouse));
    Result run = script("submit-nightly", submit.toArray(new String[0]));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .as(run.output())
        .contains("pasif nightly " + DATE)
        .contains("quarantined 0")
        .contains("time     ingest");

    // It really ran on the cluster: each worker launched an executor for the application, and
    // each executor ran tasks (its log, under the worker's work dir, says so).
    for (int worker = 1; worker <= 2; worker++) {
      List<Path> executorLogs = executorLogs(cluster.workDir(worker));
      assertThat(executorLogs).as("executor logs of worker " + worker).isNotEmpty();
      String log = Files.readString(executorLogs.get(0), StandardCharsets.UTF_8);
      assertThat(log).as(executorLogs.get(0).toString()).contains("Finished task");
    }

    // Every table holds the same rows as the local run's (run ids differ by design). Integers,
    // strings, dates and timestamps must be equal; doubles within 1e-9, because Spark does not
    // promise the same order of floating-point additions when two executor JVMs fetch shuffle
    // blocks as when one local JVM does. The largest difference is printed (measured: 0).
    for (TableSpec t : Tables.ALL) {
      if (t == Tables.RUNS) {
        continue;
      }
      List<Row> expected = sortedRows(localWarehouse, t);
      List<Row> actual = sortedRows(clusterWarehouse, t);
      assertThat(actual).as(t.name() + " rows").hasSameSizeAs(expected);
      double largest = 0;
      for (int i = 0; i < expected.size(); i++) {
        largest = Math.max(largest, assertSameRow(t.name(), i, expected.get(i), actual.get(i)));
      }
      System.out.printf(
          "StandaloneClusterIT: %s %d rows equal, largest double difference %.3g%n",
          t.name(), expected.size(), largest);
    }
    assertThat(sortedRows(localWarehouse, Tables.FOLLOWER_SEGMENTS)).hasSizeGreaterThan(100);
    // The profile model shipped in the jar (a resource the executors load) scored every follower
    // the same on the cluster: the bot scores are equal above, and the reasons of the bot-like
    // followers, which name the model's inputs with their log-odds ("followers_count=12 (+2.1)"),
    // are the same text; at least one follower was decided by the model's inputs.
    List<String> localModelReasons = modelReasons(localWarehouse);
    assertThat(localModelReasons).anyMatch(r -> r.matches(".*[a-z_]+=[^;]+ \\(\\+[0-9.]+\\).*"));
    assertThat(modelReasons(clusterWarehouse)).isEqualTo(localModelReasons);
    Warehouse cluster = new Warehouse(spark, clusterWarehouse);
    assertThat(cluster.readDate(Tables.RUNS, LocalDate.parse(DATE)).count()).isEqualTo(4);
    assertThat(
            cluster
                .readDate(Tables.RUNS, LocalDate.parse(DATE))
                .where(col(STATUS).notEqual("succeeded"))
                .count())
        .isZero();
  }

  @Test
  void generateOnTheClusterWritesTheFilesOfALocalRun() throws Exception {
    int logsBefore = allExecutorLogs().size();
    Path clusterDump = tmp.resolve("dump-cluster");
    Result run =
        script(
            "submit-nightly",
            "--master",
            cluster.masterUrl(),
            "--command",
            "generate",
            "--out",
            clusterDump.toString(),
            "--date",
            DATE,
            "--users",
            String.valueOf(USERS),
            "--seed",
            String.valueOf(SEED));
    assertThat(run.exitCode()).as(run.output()).isZero();
    // the generation ran in executors of the cluster: a new application's executors logged
    assertThat(allExecutorLogs().size()).isGreaterThan(logsBefore);
    // and wrote, byte for byte, the files the local run of the same arguments wrote
    Map<String, byte[]> local = DumpFiles.contents(Path.of(dump));
    Map<String, byte[]> cluster = DumpFiles.contents(clusterDump);
    assertThat(cluster.keySet()).isEqualTo(local.keySet()).contains("truth/causes.csv");
    for (String file : local.keySet()) {
      assertThat(cluster.get(file)).as(file).isEqualTo(local.get(file));
    }
  }

  /** Reasons of the bot-like followers, by follower id. */
  static List<String> modelReasons(String warehouseDir) {
    return new Warehouse(spark, warehouseDir)
        .readDate(Tables.FOLLOWER_SEGMENTS, LocalDate.parse(DATE))
        .where(col(SEGMENT).equalTo(Segment.BOT_LIKE.label()))
        .orderBy(FOLLOWER_ID)
        .select(REASONS)
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  static List<Path> allExecutorLogs() throws IOException {
    List<Path> logs = new ArrayList<>();
    for (int worker = 1; worker <= 2; worker++) {
      logs.addAll(executorLogs(cluster.workDir(worker)));
    }
    return logs;
  }

  static final double TOLERANCE = 1e-9;

  /** The table's rows for the run date without the run id, sorted by every column. */
  static List<Row> sortedRows(String warehouseDir, TableSpec table) {
    Dataset<Row> rows =
        new Warehouse(spark, warehouseDir).readDate(table, LocalDate.parse(DATE)).drop(RUN_ID);
    return rows.orderBy(Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new))
        .collectAsList();
  }

  /**
   * Asserts two rows are equal, doubles within {@link #TOLERANCE}; returns the largest difference
   * between their doubles.
   */
  static double assertSameRow(String table, int index, Row expected, Row actual) {
    double largest = 0;
    for (int c = 0; c < expected.length(); c++) {
      String where = table + " row " + index + " column " + expected.schema().fields()[c].name();
      Object e = expected.get(c);
      Object a = actual.get(c);
      if (e instanceof Double de && a instanceof Double da) {
        assertThat(da).as(where).isCloseTo(de, within(TOLERANCE));
        largest = Math.max(largest, Math.abs(da - de));
      } else {
        assertThat(a).as(where).isEqualTo(e);
      }
    }
    return largest;
  }

  static List<Path> executorLogs(Path workerDir) throws IOException {
    if (!Files.isDirectory(workerDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(workerDir)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
    }
  }

  /**
   * Runs {@code scripts/NAME ARGS} with the jar as the package phase built it; returns its exit
   * code and output.
   */
  static Result script(String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(repo.resolve("scripts").resolve(name).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.directory(repo.toFile());
    pb.environment().remove("PASIF_CONF");
    // The jar was just built by this Maven run; the script must not build it again.
    pb.environment().put("PASIF_NO_BUILD", "1");
    Path log = Files.createTempFile(tmp, name, ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(
          "scripts/"
              + name
              + " did not finish in "
              + SCRIPT_TIMEOUT
              + ":\n"
              + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The repository's root (kept for {@link QuietCommandsIT}). */
  static Path findRepo() {
    return Repo.root();
  }
}
