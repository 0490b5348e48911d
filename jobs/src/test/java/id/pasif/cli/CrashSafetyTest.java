package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.SharedWarehouse;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the nightly job's JVM (a separate process, SIGKILL) at several points while it writes, then
 * checks that every table is readable at a consistent version and that a re-run converges to the
 * content of an uninterrupted run, and that the run taking over each killed run's lock recorded it
 * in {@code runs} as failed, once (issue 18, defect 12). The dump and the uninterrupted run are the
 * shared warehouse's ({@link SharedWarehouse}, read only): any dump reaches the kill points, which
 * are the stages the run's lock names.
 */
@ExtendWith(SharedWarehouse.ReadOnly.class)
class CrashSafetyTest {
  static final String DATE = SharedWarehouse.DATE;
  @TempDir Path tmp;

  /** The flags the test JVM itself runs with (Surefire's argLine): Java 17 add-opens. */
  static List<String> jvmFlags() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+Ignore") || a.startsWith("-D"))
        .filter(a -> !a.startsWith("-Dsurefire") && !a.startsWith("-Dbasedir"))
        .toList();
  }

  /**
   * A killed run: its exit code, its process id, and the text of the date's lock file just before
   * the kill.
   */
  record Killed(int exitCode, long pid, String lock) {}

  /**
   * Starts {@code pasif nightly} in a new JVM and kills it once the date's lock names {@code stage}
   * (the run rewrites its lock at each stage start, {@link id.pasif.warehouse.DateLock}). The lock,
   * not the output, marks the kill point: nightly prints its stage lines only after the summary, at
   * the end of the run.
   */
  static Killed runAndKill(String dump, String warehouse, String stage) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    // A run killed within a minute of its start never profits from C2: the client compiler
    // alone starts Spark sooner (docs/testing.md: 73.6 s -> 56.2 s for the three runs).
    cmd.add("-XX:TieredStopAtLevel=1");
    // C1 alone reserves only 48 MB of code cache; the run to segment filled it on CI (stop 21:
    // "CodeCache is full. Compiler has been disabled", then InternalError in a Spark task).
    cmd.add("-XX:ReservedCodeCacheSize=256m");
    cmd.addAll(jvmFlags());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PasifCommand.class.getName());
    cmd.addAll(List.of("nightly", "--date", DATE, "--input", dump, "--warehouse", warehouse));
    cmd.addAll(List.of(SharedSpark.cliSettings()));
    Path output = Files.createTempFile(Path.of(warehouse).getParent(), "killed-run", ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    Path lockFile = Path.of(warehouse, "_locks", "dt=" + DATE + ".lock");
    String lock = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (p.isAlive() && System.nanoTime() < deadline) {
      String text = readIfPresent(lockFile);
      if (text.contains(", stage " + stage + " since ")) {
        lock = text;
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        break;
      }
      Thread.sleep(20);
    }
    if (lock == null) {
      p.destroyForcibly();
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(lock)
        .as("the run reached stage %s; its output:%n%s", stage, Files.readString(output))
        .isNotNull();
    return new Killed(p.exitValue(), p.pid(), lock);
  }

  /** The file's text, or "" while it does not exist (before the run takes its lock). */
  static String readIfPresent(Path file) throws java.io.IOException {
    try {
      return Files.readString(file);
    } catch (java.nio.file.NoSuchFileException e) {
      return "";
    }
  }

  static Map<String, String> hashes(String warehouse) {
    Warehouse w = new Warehouse(SharedSpark.get(), warehouse);
    Map<String, String> m = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      if (t != Tables.RUNS) {
        m.put(t.name(), w.contentHash(t, LocalDate.parse(DATE), "run_id"));
      }
    }
    return m;
  }

  /** Every table that exists can be read at its latest version, through Delta. */
  static void assertReadable(String warehouse) {
    Warehouse w = new Warehouse(SharedSpark.get(), warehouse);
    for (TableSpec t : w.existingTables()) {
      DeltaTable table = DeltaTable.forPath(SharedSpark.get(), w.location(t));
      long version = table.history(1).select("version").first().getLong(0);
      assertThat(version).isGreaterThanOrEqualTo(0);
      assertThat(table.toDF().count()).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void killedRunsLeaveReadableTablesAndARerunConvergesToTheUninterruptedResult() throws Exception {
    SharedWarehouse shared = SharedWarehouse.get();
    String dump = shared.dump();
    // the uninterrupted run of the same dump
    Map<String, String> expected = hashes(shared.warehouse());

    String crashed = tmp.resolve("crashed").toString();
    // 1: while ingest writes (right after the run starts); 2: in activity, once ingest committed;
    // 3: in segment, once activity committed.
    List<String> killPoints = List.of("ingest", "activity", "segment");
    // run id -> the one line its taker must record: the lock named the killed process itself
    Map<String, String> killedRuns = new LinkedHashMap<>();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    for (String point : killPoints) {
      long start = System.nanoTime();
      Killed k = runAndKill(dump, crashed, point);
      System.out.printf(
          "CrashSafetyTest: killed after %.1f s%n", (System.nanoTime() - start) / 1e9);
      assertThat(k.exitCode()).isNotZero();
      assertReadable(crashed);
      // the lock named the killed process itself
      assertThat(k.lock()).contains(" on " + host + " pid " + k.pid() + " since ");
      killedRuns.put(k.lock().split(" ")[1], "killed: lock holder pid " + k.pid() + " on host ");
    }
    // The dead runs' lock is taken over (its process is gone), and the re-run converges.
    Cli.Outcome rerun = Cli.run("nightly", "--date", DATE, "--input", dump, "--warehouse", crashed);
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(hashes(crashed)).isEqualTo(expected);
    // Each killed run is in runs as failed, once: recorded by the run that took its lock over.
    for (Map.Entry<String, String> k : killedRuns.entrySet()) {
      List<org.apache.spark.sql.Row> rows =
          SharedSpark.get()
              .read()
              .format("delta")
              .load(crashed + "/runs")
              .where(org.apache.spark.sql.functions.col("run_id").equalTo(k.getKey()))
              .where("error LIKE 'killed:%'")
              .collectAsList();
      assertThat(rows).as(k.getKey()).hasSize(1);
      assertThat(rows.get(0).<String>getAs("status")).isEqualTo("failed");
      assertThat(rows.get(0).<String>getAs("error")).startsWith(k.getValue() + host + " gone");
    }
    assertThat(killedRuns).hasSize(killPoints.size());
  }
}
