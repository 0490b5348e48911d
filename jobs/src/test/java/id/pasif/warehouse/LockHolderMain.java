package id.pasif.warehouse;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run holding its date's lock in a process of its own, for {@link KilledRunTest}: takes the lock
 * (arguments: lock file URI, run id, date, heartbeat in milliseconds), enters the ingest stage,
 * prints {@code holding <lock text>}, then waits to be killed. No Spark: the lock is all it holds.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    LocalDate date = LocalDate.parse(args[2]);
    DateLock lock =
        DateLock.acquire(
            fs,
            new Path(args[0]),
            "date " + date,
            date,
            args[1],
            Duration.ofMillis(Long.parseLong(args[3])),
            Duration.ofMinutes(3));
    lock.enterStage("ingest");
    System.out.println("holding " + lock.holder());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
