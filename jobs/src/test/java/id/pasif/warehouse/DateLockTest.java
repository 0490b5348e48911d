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
  static final Duration STALE = Duration.ofMinutes(60);
  @TempDir Path tmp;

  Warehouse warehouse() {
    return new Warehouse(SharedSpark.get(), tmp.toString());
  }

  @Test
  void aSecondRunForTheSameDateIsRefusedWithTheHolderNamed() {
    Warehouse w = warehouse();
    try (DateLock first = DateLock.acquire(w, "date", D, "run-a", STALE)) {
      assertThatThrownBy(() -> DateLock.acquire(w, "date", D, "run-b", STALE))
          .isInstanceOf(PasifException.class)
          .hasMessageContaining("another run holds date 2026-11-24")
          .hasMessageContaining("run run-a")
          .satisfies(
              e -> assertThat(((PasifException) e).exitCode()).isEqualTo(DateLock.EXIT_LOCKED));
      // another date is free
      DateLock.acquire(w, "date", D.minusDays(1), "run-c", STALE).close();
      // a warehouse-wide lock is a different lock file
      assertThat(DateLock.lockName("warehouse", D)).isEqualTo("_locks/warehouse.lock");
    }
    // released: the date can be taken again
    DateLock.acquire(w, "date", D, "run-d", STALE).close();
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
              return DateLock.acquire(w, "date", D, id, STALE);
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

  @Test
  void aLockLeftByADeadRunIsTakenOverOnceStale() throws Exception {
    Warehouse w = warehouse();
    DateLock.acquire(w, "date", D, "dead-run", STALE); // never closed: the run "died"
    Path file = tmp.resolve("_locks").resolve("dt=2026-11-24.lock");
    assertThat(file).exists();
    assertThatThrownBy(() -> DateLock.acquire(w, "date", D, "next", STALE))
        .hasMessageContaining("dead-run");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
    try (DateLock taken = DateLock.acquire(w, "date", D, "next", STALE)) {
      assertThat(taken.holder()).contains("run next");
      assertThat(Files.readString(file)).contains("run next");
    }
  }
}
