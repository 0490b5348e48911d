package id.pasif.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.pasif.PasifException;
import id.pasif.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("quick")
class DateLockTest {
  static final LocalDate D = LocalDate.parse("2026-11-24");
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  static final Duration STALE = Duration.ofSeconds(180);
  static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
  @TempDir Path tmp;

  Warehouse warehouse() {
    return new Warehouse(SharedSpark.get(), tmp.toString());
  }

  Path lockFile() {
    return tmp.resolve("_locks").resolve("dt=2026-11-24.lock");
  }

  static DateLock.Holder holder(String host, long pid, Instant since, Instant heartbeat) {
    return new DateLock.Holder("r1", D, host, pid, since, heartbeat, "activity", since);
  }

  // --- the takeover decision, on its own ---

  @Test
  void aLiveHolderWithAFreshHeartbeatIsNeverTakenOverHoweverLongItHasRun() {
    // started three days ago (the old 720-minute rule would have taken it), beat 10 s ago
    DateLock.Holder slow = holder("h1", 4242, NOW.minus(Duration.ofDays(3)), NOW.minusSeconds(10));
    assertThat(DateLock.deadReason(slow, slow.heartbeat(), NOW, STALE, "h1", 1, pid -> true))
        .isEmpty();
    // the same on another host, where its pid cannot be checked
    assertThat(DateLock.deadReason(slow, slow.heartbeat(), NOW, STALE, "h2", 1, pid -> false))
        .isEmpty();
    // a heartbeat exactly at the limit is still fresh
    DateLock.Holder atLimit = holder("h2", 4242, NOW.minusSeconds(900), NOW.minusSeconds(180));
    assertThat(DateLock.deadReason(atLimit, atLimit.heartbeat(), NOW, STALE, "h1", 1, p -> true))
        .isEmpty();
  }

  @Test
  void aHolderWhoseProcessIsGoneOnThisHostIsDeadAtOnce() {
    DateLock.Holder gone = holder("h1", 4242, NOW.minusSeconds(40), NOW.minusSeconds(5));
    assertThat(DateLock.deadReason(gone, gone.heartbeat(), NOW, STALE, "h1", 1, pid -> pid != 4242))
        .contains(
            "killed: lock holder pid 4242 on host h1 gone (last heartbeat 2026-11-25T01:59:55Z)");
    // the file was modified 2 ms after the heartbeat it holds was taken: the reason still names
    // the heartbeat the holder wrote, which runs.ended_at records (a CI run once failed on this)
    assertThat(
            DateLock.deadReason(
                gone, gone.heartbeat().plusMillis(2), NOW, STALE, "h1", 1, pid -> pid != 4242))
        .contains(
            "killed: lock holder pid 4242 on host h1 gone (last heartbeat 2026-11-25T01:59:55Z)");
    // this very process is alive whatever the predicate says
    assertThat(DateLock.deadReason(gone, gone.heartbeat(), NOW, STALE, "h1", 4242, pid -> false))
        .isEmpty();
  }

  @Test
  void aHeartbeatOlderThanTheLimitIsDeadEvenWhenItsPidExists() {
    // 181 s without a beat: dead, on another host or on this one with the pid reused
    DateLock.Holder silent = holder("h2", 4242, NOW.minusSeconds(3600), NOW.minusSeconds(181));
    String reason =
        "killed: heartbeat of lock holder pid 4242 on host h2 stale since 2026-11-25T01:56:59Z"
            + " (limit 180 s)";
    assertThat(DateLock.deadReason(silent, silent.heartbeat(), NOW, STALE, "h1", 1, p -> true))
        .contains(reason);
    DateLock.Holder here = holder("h1", 4242, NOW.minusSeconds(3600), NOW.minusSeconds(181));
    assertThat(DateLock.deadReason(here, here.heartbeat(), NOW, STALE, "h1", 1, p -> true))
        .map(r -> r.startsWith("killed: heartbeat of lock holder pid 4242 on host h1 stale since"))
        .contains(true);
  }

  @Test
  void theLockTextNamesTheHolderAndReadsBack() {
    DateLock.Holder h = holder("h1", 4242, NOW.minusSeconds(60), NOW);
    assertThat(h.text())
        .isEqualTo(
            "run r1 of 2026-11-24 on h1 pid 4242 since 2026-11-25T01:59:00Z, heartbeat"
                + " 2026-11-25T02:00:00Z, stage activity since 2026-11-25T01:59:00Z");
    assertThat(DateLock.Holder.parse(h.text() + "\n")).contains(h);
    DateLock.Holder fresh = new DateLock.Holder("r2", D, "h1", 7, NOW, NOW, null, null);
    assertThat(DateLock.Holder.parse(fresh.text())).contains(fresh);
    assertThat(DateLock.Holder.parse("run r0 on h1 pid 7 since 2026-11-25T01:00:00Z")).isEmpty();
    assertThat(DateLock.Holder.parse("")).isEmpty();
  }

  // --- the lock file ---

  @Test
  void aSecondRunForTheSameDateIsRefusedWithTheHolderNamed() {
    Warehouse w = warehouse();
    try (DateLock first = DateLock.acquire(w, "date", D, "run-a", HEARTBEAT, STALE)) {
      assertThatThrownBy(() -> DateLock.acquire(w, "date", D, "run-b", HEARTBEAT, STALE))
          .isInstanceOf(PasifException.class)
          .hasMessageContaining("another run holds date 2026-11-24")
          .hasMessageContaining("run run-a of 2026-11-24 on ")
          .satisfies(
              e -> assertThat(((PasifException) e).exitCode()).isEqualTo(DateLock.EXIT_LOCKED));
      assertThat(first.takenOver()).isEmpty();
      // another date is free
      DateLock.acquire(w, "date", D.minusDays(1), "run-c", HEARTBEAT, STALE).close();
      // a warehouse-wide lock is a different lock file
      assertThat(DateLock.lockName("warehouse", D)).isEqualTo("_locks/warehouse.lock");
    }
    // released: the date can be taken again
    DateLock.acquire(w, "date", D, "run-d", HEARTBEAT, STALE).close();
    assertThat(lockFile()).doesNotExist();
  }

  @Test
  void exactlyOneOfManyConcurrentRunsGetsTheLock() throws Exception {
    Warehouse w = warehouse();
    int runs = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    List<Future<DateLock>> results = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String id = "run-" + i;
      Callable<DateLock> task =
          () -> {
            start.await();
            try {
              return DateLock.acquire(w, "date", D, id, HEARTBEAT, STALE);
            } catch (PasifException e) {
              return null;
            }
          };
      results.add(pool.submit(task));
    }
    start.countDown();
    List<DateLock> winners = new ArrayList<>();
    for (Future<DateLock> f : results) {
      DateLock l = f.get();
      if (l != null) {
        winners.add(l);
      }
    }
    pool.shutdown();
    assertThat(winners).hasSize(1);
    winners.get(0).close();
  }

  /** Writes a lock as a run on another host would have, last modified at its heartbeat. */
  void writeForeignLock(DateLock.Holder h) throws Exception {
    Files.createDirectories(lockFile().getParent());
    Files.writeString(lockFile(), h.text() + "\n");
    Files.setLastModifiedTime(lockFile(), FileTime.from(h.heartbeat()));
  }

  @Test
  void aLockWhoseHeartbeatIsFreshIsRefusedThoughItsRunStartedDaysAgo() throws Exception {
    Instant now = Instant.now();
    DateLock.Holder slow =
        new DateLock.Holder(
            "slow-run", D, "other-host", 77, now.minus(Duration.ofDays(2)), now, "segment", now);
    writeForeignLock(slow);
    assertThatThrownBy(() -> DateLock.acquire(warehouse(), "date", D, "next", HEARTBEAT, STALE))
        .hasMessageContaining("(" + slow.text() + ")");
    assertThat(Files.readString(lockFile())).isEqualTo(slow.text() + "\n");
  }

  @Test
  void aLockWithAStaleHeartbeatIsTakenOverOnceAndItsRunReported() throws Exception {
    Instant beat =
        Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    DateLock.Holder dead =
        new DateLock.Holder(
            "dead-run", D, "other-host", 77, beat.minusSeconds(60), beat, "ingest", beat);
    writeForeignLock(dead);
    Warehouse w = warehouse();
    try (DateLock taken = DateLock.acquire(w, "date", D, "next", HEARTBEAT, STALE)) {
      assertThat(taken.holder()).startsWith("run next of 2026-11-24 on ");
      assertThat(Files.readString(lockFile())).startsWith("run next of 2026-11-24 on ");
      DateLock.Killed killed = taken.takenOver().orElseThrow();
      assertThat(killed.holder()).isEqualTo(dead);
      assertThat(killed.reason())
          .isEqualTo(
              "killed: heartbeat of lock holder pid 77 on host other-host stale since "
                  + beat
                  + " (limit 180 s)");
      // the new holder is alive and beating: the next run is refused, and reports nobody
      assertThatThrownBy(() -> DateLock.acquire(w, "date", D, "third", HEARTBEAT, STALE))
          .hasMessageContaining("run next of");
    }
    assertThat(Files.exists(lockFile().resolveSibling("dt=2026-11-24.lock.takeover"))).isFalse();
  }

  @Test
  void theHeartbeatAndTheStageAreWrittenWhileTheRunLives() throws Exception {
    try (DateLock lock =
        DateLock.acquire(warehouse(), "date", D, "beating", Duration.ofMillis(50), STALE)) {
      DateLock.Holder first = DateLock.Holder.parse(Files.readString(lockFile())).orElseThrow();
      assertThat(first.stage()).isNull();
      Instant deadline = Instant.now().plusSeconds(10);
      Optional<DateLock.Holder> later = Optional.empty();
      while (Instant.now().isBefore(deadline)) {
        later = DateLock.Holder.parse(Files.readString(lockFile()));
        if (later.isPresent() && later.get().heartbeat().isAfter(first.heartbeat())) {
          break;
        }
        Thread.sleep(20);
      }
      assertThat(later.orElseThrow().heartbeat()).isAfter(first.heartbeat());
      assertThat(later.get().since()).isEqualTo(first.since());
      lock.enterStage("segment");
      DateLock.Holder staged = DateLock.Holder.parse(Files.readString(lockFile())).orElseThrow();
      assertThat(staged.stage()).isEqualTo("segment");
      assertThat(staged.heartbeat()).isAfterOrEqualTo(staged.stageSince());
    }
    assertThat(lockFile()).doesNotExist();
  }

  @Test
  void aRunWhoseLockWasTakenOverStopsAndLeavesTheNewHoldersLock() throws Exception {
    DateLock lock =
        DateLock.acquire(warehouse(), "date", D, "paused", Duration.ofMillis(50), STALE);
    // another run judged it dead (say its machine was suspended) and replaced the lock
    String other =
        new DateLock.Holder("other", D, "other-host", 9, Instant.now(), Instant.now(), null, null)
                .text()
            + "\n";
    Path replacement = tmp.resolve("replacement");
    Files.writeString(replacement, other);
    Files.move(replacement, lockFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThatThrownBy(() -> lock.enterStage("report"))
        .isInstanceOf(PasifException.class)
        .hasMessageContaining(
            "run paused stopped before report: its lock was taken over (run other")
        .satisfies(
            e -> assertThat(((PasifException) e).exitCode()).isEqualTo(DateLock.EXIT_LOCKED));
    lock.close();
    assertThat(Files.readString(lockFile())).isEqualTo(other);
  }
}
