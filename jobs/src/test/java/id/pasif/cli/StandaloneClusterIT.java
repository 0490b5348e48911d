package id.pasif.cli;

import static id.pasif.warehouse.Columns.RUN_ID;
import static id.pasif.warehouse.Columns.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly submitted to a real Spark standalone cluster (scripts/cluster: a master and two
 * workers on 127.0.0.1, free ports) with scripts/submit-nightly writes exactly the tables a
 * local-mode run of the same dump writes.
 *
 * <p>An integration test (failsafe, {@code mvn verify}): it needs the thin jar and the classpath
 * files of the {@code package} phase.
 */
class StandaloneClusterIT {
  static final String DATE = "2026-11-24";
  static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(8);

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
  static Path repo;
  static Path clusterDir;
  static Map<String, String> clusterEnv;
  static int masterPort;
  static String dump;
  static String localWarehouse;
  static String clusterWarehouse;
  static SparkSession spark;
  static Result started;

  record Result(int exitCode, String output) {}

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    repo = findRepo();
    masterPort = freePort();
    int uiPort = freePort();
    clusterDir = repo.resolve("jobs/target/cluster-it/" + masterPort);
    clusterEnv =
        Map.of(
            "PASIF_CLUSTER_DIR", clusterDir.toString(),
            "PASIF_CLUSTER_PORT", Integer.toString(masterPort),
            "PASIF_CLUSTER_UI_PORT", Integer.toString(uiPort),
            "PASIF_NO_BUILD", "1");
    started = script("cluster", "start");
    assertThat(started.exitCode()).as(started.output()).isZero();

    spark = SharedSpark.get();
    dump = tmp.resolve("dump").toString();
    localWarehouse = tmp.resolve("warehouse-local").toString();
    clusterWarehouse = tmp.resolve("warehouse-cluster").toString();
    Cli.Outcome gen =
        Cli.run("generate", "--out", dump, "--date", DATE, "--users", "300", "--seed", "7");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    Cli.Outcome local =
        Cli.run("nightly", "--date", DATE, "--input", dump, "--warehouse", localWarehouse);
    assertThat(local.exitCode()).as(local.err()).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (repo != null) {
      Result stopped = script("cluster", "stop");
      assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    }
  }

  @Test
  void nightlyOnTheClusterWritesTheTablesOfALocalRun() throws Exception {
    assertThat(started.output()).contains("running at spark://127.0.0.1:" + masterPort);
    Result status = script("cluster", "status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("2 of 2 workers alive");

    List<String> submit = new ArrayList<>(List.of("--master", masterUrl()));
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
    for (String worker : List.of("worker-1", "worker-2")) {
      List<Path> executorLogs = executorLogs(clusterDir.resolve("work").resolve(worker));
      assertThat(executorLogs).as("executor logs of " + worker).isNotEmpty();
      String log = Files.readString(executorLogs.get(0), StandardCharsets.UTF_8);
      assertThat(log).as(executorLogs.get(0).toString()).contains("Finished task");
    }

    // Every table holds the same rows as the local run's (run ids differ by design).
    Map<String, String> local = hashes(localWarehouse);
    assertThat(local).hasSize(Tables.ALL.size() - 1);
    assertThat(local.get(Tables.FOLLOWER_SEGMENTS.name())).doesNotStartWith("0:");
    assertThat(hashes(clusterWarehouse)).isEqualTo(local);
    Warehouse cluster = new Warehouse(spark, clusterWarehouse);
    assertThat(cluster.readDate(Tables.RUNS, LocalDate.parse(DATE)).count()).isEqualTo(4);
    assertThat(
            cluster
                .readDate(Tables.RUNS, LocalDate.parse(DATE))
                .where(col(STATUS).notEqual("succeeded"))
                .count())
        .isZero();
  }

  /** Row count and content fingerprint of every table but the run log, for the run date. */
  static Map<String, String> hashes(String warehouseDir) {
    Warehouse w = new Warehouse(spark, warehouseDir);
    Map<String, String> m = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (t != Tables.RUNS) {
        m.put(t.name(), w.contentHash(t, LocalDate.parse(DATE), RUN_ID));
      }
    }
    return m;
  }

  static List<Path> executorLogs(Path workerDir) throws IOException {
    if (!Files.isDirectory(workerDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(workerDir)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * Runs {@code scripts/NAME ARGS} with the cluster's settings; returns its exit code and output.
   */
  static Result script(String name, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(repo.resolve("scripts").resolve(name).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.directory(repo.toFile());
    pb.environment().remove("PASIF_CONF");
    pb.environment().putAll(clusterEnv);
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

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Path findRepo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("scripts/cluster"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("scripts/cluster not found above the working folder");
    }
    return dir;
  }
}
