package id.pasif.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.pasif.testing.LocalS3Extension;
import id.pasif.testing.Repo;
import id.pasif.warehouse.DateLock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run lock on s3a, against a real S3 server (S3Proxy, started by {@link LocalS3Extension}):
 * exclusive, its heartbeat and stage rewritten in place while it is held, released on close, and
 * taken over only once its heartbeat is stale (issue 18, defect 12). No Spark: the lock needs only
 * the s3a file system.
 */
class S3LockTest {
  static final String BUCKET = "pasif-lock";
  static final LocalDate D = LocalDate.parse("2026-11-24");
  static final Path LOCK = new Path("s3a://" + BUCKET + "/warehouse/_locks/dt=2026-11-24.lock");

  /** Up, with the bucket, before {@link #connect}; stopped after the class. */
  @RegisterExtension static final LocalS3Extension server = new LocalS3Extension(BUCKET);

  static FileSystem fs;

  @BeforeAll
  static void connect() throws Exception {
    Configuration hadoop = new Configuration();
    // the committed local conf's s3a settings, as a pasif run gets them
    java.util.Properties conf = new java.util.Properties();
    try (var in =
        java.nio.file.Files.newBufferedReader(Repo.root().resolve("conf/s3-local.conf"))) {
      conf.load(in);
    }
    for (Map.Entry<Object, Object> e : conf.entrySet()) {
      String key = e.getKey().toString();
      if (key.startsWith("spark.hadoop.")) {
        hadoop.set(key.substring("spark.hadoop.".length()), e.getValue().toString().trim());
      }
    }
    server.configure(hadoop);
    fs = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), hadoop);
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (fs != null) {
      fs.close();
    }
  }

  static DateLock acquire(String runId, Duration stale) {
    return DateLock.acquire(fs, LOCK, "date " + D, D, runId, Duration.ofMillis(200), stale);
  }

  static String text() throws Exception {
    try (InputStream in = fs.open(LOCK)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void onS3aTheLockIsExclusiveBeatsInPlaceAndIsTakenOverOnlyWhenItsHeartbeatIsStale()
      throws Exception {
    Duration stale = Duration.ofSeconds(180);
    try (DateLock held = acquire("s3-run", stale)) {
      assertThatThrownBy(() -> acquire("second", stale))
          .hasMessageContaining("another run holds date 2026-11-24 (run s3-run of 2026-11-24 on ");
      DateLock.Holder first = DateLock.Holder.parse(text()).orElseThrow();
      Instant deadline = Instant.now().plusSeconds(20);
      DateLock.Holder now = first;
      while (!now.heartbeat().isAfter(first.heartbeat()) && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
        now = DateLock.Holder.parse(text()).orElse(now);
      }
      assertThat(now.heartbeat()).isAfter(first.heartbeat());
      held.enterStage("activity");
      assertThat(DateLock.Holder.parse(text()).orElseThrow().stage()).isEqualTo("activity");
      // still exclusive after the rewrites
      assertThatThrownBy(() -> acquire("third", stale)).hasMessageContaining("run s3-run of");
    }
    assertThat(fs.exists(LOCK)).isFalse();

    // A run on another host that stopped beating: its object is rewritten by nobody.
    Instant beat = Instant.parse("2026-11-25T01:00:00Z");
    DateLock.Holder dead =
        new DateLock.Holder("dead-on-s3", D, "other-host", 77, beat, beat, "segment", beat);
    try (OutputStream out = fs.create(LOCK, false)) {
      out.write((dead.text() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // The object was written just now, and its modification time counts as a sign of life:
    // under a 60 s limit its holder is not dead yet, under a 1 s limit it is two seconds later.
    assertThatThrownBy(() -> acquire("early", Duration.ofSeconds(60)))
        .hasMessageContaining("run dead-on-s3 of");
    Thread.sleep(2_100);
    try (DateLock taken = acquire("taker", Duration.ofSeconds(1))) {
      DateLock.Killed killed = taken.takenOver().orElseThrow();
      assertThat(killed.holder()).isEqualTo(dead);
      assertThat(killed.reason())
          .startsWith("killed: heartbeat of lock holder pid 77 on host other-host stale since ")
          .endsWith(" (limit 1 s)");
      assertThat(text()).startsWith("run taker of 2026-11-24 on ");
      assertThat(fs.exists(LOCK.suffix(".takeover"))).isFalse();
    }
    assertThat(fs.exists(LOCK)).isFalse();
  }
}
