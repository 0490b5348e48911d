package id.pasif.warehouse;

import id.pasif.PasifException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a run date (or on the whole warehouse), held by one run at a time: a lock
 * file {@code <warehouse>/_locks/dt=D.lock} created only if absent. On {@code file:} that is an
 * atomic create-new; on s3a it is a conditional PUT (hadoop-aws 3.5, {@code
 * fs.s3a.create.conditional.enabled}); on HDFS an exclusive create.
 *
 * <p>The file names its holder in one line: {@code run R of D on HOST pid N since T, heartbeat H,
 * stage S since T2}. While the run lives, a daemon thread rewrites it every {@code
 * pasif.lock.heartbeat.seconds} with a new heartbeat, and each stage start rewrites it with the
 * stage. A rewrite replaces the file whole and never removes it (an atomic rename on {@code file:},
 * an overwriting PUT on an object store), so a create-new by another run fails throughout.
 *
 * <p>A second run fails at once with {@link #EXIT_LOCKED} and a message naming the holder, unless
 * the holder is dead ({@link #deadReason}): it ran on this host under a process that no longer
 * exists, or its heartbeat is older than {@code pasif.lock.stale.seconds}. A live holder with a
 * fresh heartbeat is never taken over, however long it has run. Taking over is serialised by a
 * second create-new file ({@code dt=D.lock.takeover}) and replaces the lock only if it still holds
 * the dead holder's exact text, so of several runs that find one dead holder exactly one takes its
 * lock and reports it ({@link #takenOver}) to be recorded in {@code runs} as failed.
 */
public final class DateLock implements AutoCloseable {
  /** Exit code of a run refused because another run holds its date. */
  public static final int EXIT_LOCKED = 4;

  private static final Logger LOG = LoggerFactory.getLogger(DateLock.class);
  private static final int ATTEMPTS = 3;

  private final FileSystem fs;
  private final Path path;
  private final Killed takenOver;
  private final ScheduledExecutorService heartbeat;
  private Holder holder;
  private String written;
  private String lost;
  private boolean closed;

  /**
   * What a lock file says about the run holding it.
   *
   * @param runId the run's id
   * @param date its run date (the lock of the whole warehouse names it too)
   * @param host the host the run's process runs on
   * @param pid that process's id
   * @param since when the run took the lock
   * @param heartbeat when the run last said it was alive
   * @param stage the stage it is running, or null before its first stage
   * @param stageSince when that stage started, or null
   */
  public record Holder(
      String runId,
      LocalDate date,
      String host,
      long pid,
      Instant since,
      Instant heartbeat,
      String stage,
      Instant stageSince) {
    private static final Pattern TEXT =
        Pattern.compile(
            "^run (\\S+) of (\\S+) on (\\S+) pid (\\d+) since ([^,\\s]+), heartbeat ([^,\\s]+)"
                + "(?:, stage (\\S+) since ([^,\\s]+))?");

    /** The one-line text the lock file holds. */
    public String text() {
      return "run "
          + runId
          + " of "
          + date
          + " on "
          + host
          + " pid "
          + pid
          + " since "
          + since
          + ", heartbeat "
          + heartbeat
          + (stage == null ? "" : ", stage " + stage + " since " + stageSince);
    }

    /** Parses a lock file's text; empty when it is not one (unreadable, empty, older format). */
    public static Optional<Holder> parse(String text) {
      Matcher m = TEXT.matcher(text.strip());
      if (!m.find()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Holder(
                m.group(1),
                LocalDate.parse(m.group(2)),
                m.group(3),
                Long.parseLong(m.group(4)),
                Instant.parse(m.group(5)),
                Instant.parse(m.group(6)),
                m.group(7),
                m.group(8) == null ? null : Instant.parse(m.group(8))));
      } catch (DateTimeParseException | NumberFormatException e) {
        return Optional.empty();
      }
    }

    Holder beat(Instant now, String stageNow, Instant stageStart) {
      return new Holder(runId, date, host, pid, since, now, stageNow, stageStart);
    }
  }

  /**
   * A dead holder whose lock this run took over: the killed run to record in {@code runs}.
   *
   * @param holder the dead run, as its lock file named it
   * @param reason one line starting {@code killed:}, saying why it is known dead
   */
  public record Killed(Holder holder, String reason) {}

  private DateLock(FileSystem fs, Path path, Holder holder, Killed takenOver) {
    this.fs = fs;
    this.path = path;
    this.holder = holder;
    this.written = holder.text();
    this.takenOver = takenOver;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pasif-lock-heartbeat " + path.getName());
              t.setDaemon(true);
              return t;
            });
  }

  /** The lock file of {@code date} (scope {@code date}) or of the warehouse. */
  public static String lockName(String scope, LocalDate date) {
    return "warehouse".equals(scope) ? "_locks/warehouse.lock" : "_locks/dt=" + date + ".lock";
  }

  /**
   * Takes the lock or fails, and starts refreshing its heartbeat every {@code heartbeat}.
   *
   * @param stale how old a holder's heartbeat may be before the holder counts as dead
   * @throws PasifException with {@link #EXIT_LOCKED} when a live run holds it
   */
  public static DateLock acquire(
      Warehouse warehouse,
      String scope,
      LocalDate date,
      String runId,
      Duration heartbeat,
      Duration stale) {
    return acquire(
        warehouse.fileSystem(),
        warehouse.path(lockName(scope, date)),
        "warehouse".equals(scope) ? "this warehouse" : "date " + date,
        date,
        runId,
        heartbeat,
        stale);
  }

  /**
   * {@link #acquire(Warehouse, String, LocalDate, String, Duration, Duration)} on the lock file
   * {@code path}; {@code what} names what it locks in the refusal.
   */
  public static DateLock acquire(
      FileSystem fs,
      Path path,
      String what,
      LocalDate date,
      String runId,
      Duration heartbeat,
      Duration stale) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Holder me =
        new Holder(runId, date, host(), ProcessHandle.current().pid(), now, now, null, null);
    String existing = "holder unknown";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (tryCreate(fs, path, me.text())) {
        return new DateLock(fs, path, me, null).start(heartbeat);
      }
      existing = readOr(fs, path, null);
      if (existing == null) {
        continue; // released between our create and our read
      }
      Optional<Holder> held = Holder.parse(existing);
      Instant modified = modifiedAt(fs, path);
      Instant lastBeat = latest(held.map(Holder::heartbeat).orElse(null), modified);
      Optional<String> dead =
          held.isPresent()
              ? deadReason(
                  held.get(),
                  lastBeat,
                  Instant.now(),
                  stale,
                  host(),
                  ProcessHandle.current().pid(),
                  pid -> ProcessHandle.of(pid).isPresent())
              : unreadableStale(existing, lastBeat, Instant.now(), stale);
      if (dead.isEmpty()) {
        break;
      }
      if (takeOver(fs, path, existing, me.text(), stale)) {
        Killed killed = held.map(h -> new Killed(h, dead.get())).orElse(null);
        LOG.warn("took over the lock {} of a dead run: {}", path, dead.get());
        return new DateLock(fs, path, me, killed).start(heartbeat);
      }
      pause();
    }
    throw new PasifException(
        "another run holds "
            + what
            + " ("
            + existing.strip()
            + "); wait for it, or remove "
            + path
            + " if that run is dead",
        EXIT_LOCKED,
        null);
  }

  /**
   * Why the holder of a lock is dead, or empty when it may be alive (its lock is then never taken
   * over, however long ago it started).
   *
   * @param lastBeat the latest sign of life: its heartbeat, or the lock file's modification time
   *     when that is later. It decides staleness only; a holder whose process is gone is reported
   *     with the heartbeat it wrote itself, the instant {@code runs.ended_at} records for it (the
   *     file's modification time is a few milliseconds after that on a slow disk)
   * @param alive whether a process id of this host exists
   */
  static Optional<String> deadReason(
      Holder holder,
      Instant lastBeat,
      Instant now,
      Duration stale,
      String thisHost,
      long thisPid,
      LongPredicate alive) {
    if (holder.host().equals(thisHost) && holder.pid() != thisPid && !alive.test(holder.pid())) {
      return Optional.of(
          "killed: lock holder pid "
              + holder.pid()
              + " on host "
              + holder.host()
              + " gone (last heartbeat "
              + holder.heartbeat()
              + ")");
    }
    if (lastBeat != null && lastBeat.plus(stale).isBefore(now)) {
      return Optional.of(
          "killed: heartbeat of lock holder pid "
              + holder.pid()
              + " on host "
              + holder.host()
              + " stale since "
              + lastBeat
              + " (limit "
              + stale.toSeconds()
              + " s)");
    }
    return Optional.empty();
  }

  /** A lock file that names no holder (cut short, or older format) is dead once not modified. */
  private static Optional<String> unreadableStale(
      String text, Instant modified, Instant now, Duration stale) {
    if (modified != null && modified.plus(stale).isBefore(now)) {
      return Optional.of("lock '" + text.strip() + "' unchanged since " + modified);
    }
    return Optional.empty();
  }

  /**
   * Replaces the dead holder's lock by ours, if no other run did first: under a create-new guard
   * file, and only if the lock still holds exactly {@code dead}.
   */
  private static boolean takeOver(
      FileSystem fs, Path path, String dead, String mine, Duration stale) {
    Path guard = path.suffix(".takeover");
    if (!tryCreate(fs, guard, mine)) {
      // A guard is held for milliseconds; one older than the stale limit was left by a run
      // killed while taking over.
      Instant modified = modifiedAt(fs, guard);
      if (modified == null
          || !modified.plus(stale).isBefore(Instant.now())
          || !deleteQuietly(fs, guard)
          || !tryCreate(fs, guard, mine)) {
        return false;
      }
    }
    try {
      if (!dead.equals(readOr(fs, path, null))) {
        return false; // another run took it over, or it was released
      }
      replace(fs, path, mine);
      return true;
    } catch (IOException e) {
      throw new PasifException("cannot take over lock " + path + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(fs, guard);
    }
  }

  private DateLock start(Duration every) {
    long millis = every.toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Refreshes the heartbeat (and the stage), unless the lock is no longer ours. */
  private synchronized void beat() {
    if (closed || lost != null) {
      return;
    }
    try {
      String current = readOr(fs, path, "").strip();
      if (!written.equals(current)) {
        lost =
            current.isEmpty()
                ? "its lock file " + path + " was removed"
                : "its lock was taken over (" + current + ")";
        LOG.error("run {} lost its lock: {}", holder.runId(), lost);
        return;
      }
      Holder next =
          holder.beat(
              Instant.now().truncatedTo(ChronoUnit.MILLIS), holder.stage(), holder.stageSince());
      replace(fs, path, next.text());
      holder = next;
      written = next.text();
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not refresh the heartbeat of lock {}: {}", path, e.getMessage());
    }
  }

  /**
   * Writes {@code stage} into the lock with a heartbeat, so that the run that takes over after this
   * run dies records the stage it died in.
   *
   * @throws PasifException with {@link #EXIT_LOCKED} when the lock was taken over (this run's
   *     heartbeat went stale) or removed: this run must not write on
   */
  public synchronized void enterStage(String stage) {
    if (lost == null) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      holder = holder.beat(holder.heartbeat(), stage, now);
      beat();
    }
    if (lost != null) {
      throw new PasifException(
          "run " + holder.runId() + " stopped before " + stage + ": " + lost, EXIT_LOCKED, null);
    }
  }

  /** The dead run whose lock this run took over, if it did. */
  public Optional<Killed> takenOver() {
    return Optional.ofNullable(takenOver);
  }

  public synchronized String holder() {
    return holder.text();
  }

  /** Stops the heartbeat and releases the lock (deletes its file), unless it is no longer ours. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    synchronized (this) {
      closed = true;
      if (lost != null) {
        return;
      }
      String current;
      try {
        current = readOr(fs, path, "").strip();
      } catch (PasifException e) {
        current = written; // unreadable: release it as before heartbeats
      }
      if (!current.isEmpty() && !written.equals(current)) {
        LOG.error("not removing lock {}: another run holds it ({})", path, current);
        return;
      }
      try {
        fs.delete(path, false);
      } catch (IOException e) {
        throw new PasifException("cannot release lock " + path + ": " + e.getMessage(), e);
      }
    }
  }

  private static boolean tryCreate(FileSystem fs, Path path, String text) {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
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

  /**
   * Replaces the file's text without it ever being absent: a rename over it on {@code file:}, an
   * overwriting PUT (atomic per object) on object stores.
   */
  private static void replace(FileSystem fs, Path path, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    if ("file".equals(fs.getUri().getScheme())) {
      java.nio.file.Path local = Paths.get(path.toUri());
      java.nio.file.Path tmp =
          local.resolveSibling("." + local.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        Files.write(tmp, body, java.nio.file.StandardOpenOption.CREATE_NEW);
        Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    try (OutputStream out = fs.create(path, true)) {
      out.write(body);
    }
  }

  private static boolean exists(FileSystem fs, Path path) {
    try {
      return fs.exists(path);
    } catch (IOException e) {
      return false;
    }
  }

  /** The file's text, or {@code absent} when there is no such file. */
  private static String readOr(FileSystem fs, Path path, String absent) {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException | NoSuchFileException e) {
      return absent;
    } catch (IOException e) {
      throw new PasifException("cannot read lock " + path + ": " + e.getMessage(), e);
    }
  }

  private static Instant modifiedAt(FileSystem fs, Path path) {
    try {
      return Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
    } catch (IOException e) {
      return null;
    }
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static boolean deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, false);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
