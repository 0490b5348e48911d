package id.pasif.warehouse;

import id.pasif.PasifException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An exclusive lock on a run date (or on the whole warehouse), held by one run at a time: a lock
 * file {@code <warehouse>/_locks/dt=D.lock} created only if absent. On {@code file:} that is an
 * atomic create-new; on s3a it is a conditional PUT (hadoop-aws 3.5, {@code
 * fs.s3a.create.conditional.enabled}); on HDFS an exclusive create.
 *
 * <p>A second run fails at once with {@link #EXIT_LOCKED} and a message naming the holder. A lock
 * whose holder ran on this host under a process that no longer exists, or one older than {@code
 * pasif.lock.stale.minutes}, belongs to a run that died and is taken over.
 */
public final class DateLock implements AutoCloseable {
  /** Exit code of a run refused because another run holds its date. */
  public static final int EXIT_LOCKED = 4;

  private final FileSystem fs;
  private final Path path;
  private final String holder;

  private DateLock(FileSystem fs, Path path, String holder) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
  }

  /** The lock file of {@code date} (scope {@code date}) or of the warehouse. */
  public static String lockName(String scope, LocalDate date) {
    return "warehouse".equals(scope) ? "_locks/warehouse.lock" : "_locks/dt=" + date + ".lock";
  }

  /**
   * Takes the lock or fails.
   *
   * @throws PasifException with {@link #EXIT_LOCKED} when a live run holds it
   */
  public static DateLock acquire(
      Warehouse warehouse, String scope, LocalDate date, String runId, Duration stale) {
    Path path = warehouse.path(lockName(scope, date));
    FileSystem fs = warehouse.fileSystem();
    String holder =
        "run "
            + runId
            + " on "
            + host()
            + " pid "
            + ProcessHandle.current().pid()
            + " since "
            + Instant.now();
    if (tryCreate(fs, path, holder)) {
      return new DateLock(fs, path, holder);
    }
    String existing = read(fs, path);
    Instant since = sinceOf(fs, path);
    boolean stale_ = since != null && since.plus(stale).isBefore(Instant.now());
    if (stale_ || deadOnThisHost(existing)) {
      // Left by a run that died: take it over.
      delete(fs, path);
      if (tryCreate(fs, path, holder)) {
        return new DateLock(fs, path, holder);
      }
      existing = read(fs, path);
    }
    throw new PasifException(
        "another run holds "
            + ("warehouse".equals(scope) ? "this warehouse" : "date " + date)
            + " ("
            + existing.strip()
            + "); wait for it, or remove "
            + path
            + " if that run is dead",
        EXIT_LOCKED,
        null);
  }

  /** Whether the holder ran on this host under a process id that no longer exists. */
  static boolean deadOnThisHost(String holderText) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(" on (\\S+) pid (\\d+) ").matcher(holderText);
    if (!m.find() || !m.group(1).equals(host())) {
      return false;
    }
    long pid = Long.parseLong(m.group(2));
    return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
  }

  private static boolean tryCreate(FileSystem fs, Path path, String holder) {
    byte[] body = (holder + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if ("file".equals(fs.getUri().getScheme())) {
        java.nio.file.Path local = Paths.get(path.toUri());
        Files.createDirectories(local.getParent());
        Files.write(local, body, java.nio.file.StandardOpenOption.CREATE_NEW);
        return true;
      }
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, false)) {
        out.write(body);
      }
      return true;
    } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (exists(fs, path)) {
        return false;
      }
      throw new PasifException("cannot create lock " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "holder unknown";
    }
  }

  private static Instant sinceOf(FileSystem fs, Path path) {
    try {
      return Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
    } catch (IOException e) {
      return null;
    }
  }

  private static void delete(FileSystem fs, Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new PasifException("cannot remove stale lock " + path + ": " + e.getMessage(), e);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  public String holder() {
    return holder;
  }

  /** Releases the lock (deletes its file). */
  @Override
  public void close() {
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      throw new PasifException("cannot release lock " + path + ": " + e.getMessage(), e);
    }
  }
}
