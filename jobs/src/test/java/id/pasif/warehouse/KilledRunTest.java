package id.pasif.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, defect 12: a run killed with kill -9 while holding its date's lock is recorded in
 * {@code runs} as failed, once, by the next run, which takes the lock over at once because the
 * holder's process is gone. The killed run is a real process ({@link LockHolderMain}) holding and
 * refreshing a real lock; the next run is {@code pasif ingest} of the smallest dump.
 */
class KilledRunTest {
  static final String DATE = TinyDump.DATE;
  @TempDir Path tmp;

  @Test
  void theNextRunTakesOverAKilledRunsLockAndRecordsItAsFailedOnce() throws Exception {
    Path warehouse = tmp.resolve("warehouse");
    Path lockFile = warehouse.resolve("_locks").resolve("dt=" + DATE + ".lock");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderMain.class.getName(),
                lockFile.toUri().toString(),
                "killed-run",
                DATE,
                "100")
            .redirectErrorStream(true)
            .start();
    String held = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (held == null && (line = r.readLine()) != null) {
        if (line.startsWith("holding ")) {
          held = line.substring("holding ".length());
        }
      }
      assertThat(held).as("the child took the lock").isNotNull();
      String host = InetAddress.getLocalHost().getHostName();
      DateLock.Holder first = DateLock.Holder.parse(held).orElseThrow();
      assertThat(first.pid()).isEqualTo(p.pid());
      assertThat(first.host()).isEqualTo(host);
      assertThat(first.stage()).isEqualTo("ingest");

      // the child refreshes its heartbeat on its own
      Instant deadline = Instant.now().plusSeconds(20);
      DateLock.Holder now = first;
      while (!now.heartbeat().isAfter(first.heartbeat()) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
        now = DateLock.Holder.parse(Files.readString(lockFile)).orElse(now);
      }
      assertThat(now.heartbeat()).isAfter(first.heartbeat());

      p.destroyForcibly(); // SIGKILL: no shutdown hook, the lock file stays
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      DateLock.Holder last = DateLock.Holder.parse(Files.readString(lockFile)).orElseThrow();

      TinyDump dump = new TinyDump(tmp.resolve("dump")).writeJsonl();
      String[] ingest = {
        "ingest",
        "--date",
        DATE,
        "--input",
        dump.root().toString(),
        "--warehouse",
        warehouse.toString()
      };
      Cli.Outcome next = Cli.run(ingest);
      assertThat(next.exitCode()).as(next.err()).isZero();
      assertThat(lockFile).doesNotExist();

      List<Row> killed = killedRows(warehouse);
      assertThat(killed).hasSize(1);
      Row k = killed.get(0);
      assertThat(k.<String>getAs("status")).isEqualTo("failed");
      assertThat(k.<String>getAs("stage")).isEqualTo("ingest");
      assertThat(k.<String>getAs("error"))
          .isEqualTo(
              "killed: lock holder pid "
                  + p.pid()
                  + " on host "
                  + host
                  + " gone (last heartbeat "
                  + last.heartbeat()
                  + ")");
      assertThat(k.<java.sql.Timestamp>getAs("started_at").toInstant())
          .isEqualTo(last.stageSince());
      assertThat(k.<java.sql.Timestamp>getAs("ended_at").toInstant()).isEqualTo(last.heartbeat());
      assertThat(k.<java.sql.Date>getAs("dt").toString()).isEqualTo(DATE);

      // a further run finds no lock left and records the killed run no second time
      assertThat(Cli.run(ingest).exitCode()).isZero();
      assertThat(killedRows(warehouse)).hasSize(1);
    } finally {
      p.destroyForcibly();
    }
  }

  static List<Row> killedRows(Path warehouse) {
    return SharedSpark.get()
        .read()
        .format("delta")
        .load(warehouse.resolve("runs").toString())
        .where("run_id = 'killed-run'")
        .collectAsList();
  }
}
