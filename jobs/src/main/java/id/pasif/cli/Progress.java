package id.pasif.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Progress of a long command on stderr: what runs (the job group pasif gives each stage), Spark
 * tasks done of those known, elapsed time and a rough estimate of what is left. Off with {@code
 * --quiet}. On a terminal the line is rewritten in place every second; otherwise (logs, Airflow) a
 * new line is written every {@link #LOG_INTERVAL}. Nothing is printed for work that ends within
 * {@link #QUIET_START}.
 */
final class Progress implements AutoCloseable {
  static final Duration QUIET_START = Duration.ofSeconds(3);
  static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

  /** Counts of one command, updated by the listener (Spark's listener-bus thread). */
  static final class Counts extends SparkListener {
    final Map<Integer, Integer> stageTasks = new ConcurrentHashMap<>();
    final Map<Integer, Integer> stageDone = new ConcurrentHashMap<>();
    volatile String what = "";
    volatile int jobsRunning;
    volatile boolean enabled;

    @Override
    public void onJobStart(SparkListenerJobStart job) {
      if (!enabled) {
        return;
      }
      jobsRunning++;
      String description =
          job.properties() == null ? null : job.properties().getProperty("spark.job.description");
      if (description != null && !description.isBlank() && !description.equals(what)) {
        // A new pasif stage: count its tasks from zero.
        stageTasks.clear();
        stageDone.clear();
        what = description;
      }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd job) {
      if (enabled && jobsRunning > 0) {
        jobsRunning--;
      }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stage) {
      if (enabled) {
        stageTasks.put(stage.stageInfo().stageId(), stage.stageInfo().numTasks());
      }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted stage) {
      if (enabled) {
        stageDone.put(stage.stageInfo().stageId(), stage.stageInfo().numTasks());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd task) {
      if (enabled && task.taskInfo() != null && task.taskInfo().successful()) {
        stageDone.merge(task.stageId(), 1, Integer::sum);
      }
    }

    long total() {
      return stageTasks.values().stream().mapToLong(Integer::intValue).sum();
    }

    long done() {
      long d = 0;
      for (Map.Entry<Integer, Integer> e : stageDone.entrySet()) {
        d += Math.min(e.getValue(), stageTasks.getOrDefault(e.getKey(), e.getValue()));
      }
      return d;
    }

    void reset() {
      stageTasks.clear();
      stageDone.clear();
      what = "";
      jobsRunning = 0;
    }
  }

  /** One listener per Spark context (tests share a context between commands). */
  private static final Map<SparkContext, Counts> LISTENERS = new ConcurrentHashMap<>();

  private final Counts counts;
  private final PrintWriter err;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService timer;
  private final ScheduledFuture<?> tick;
  private final Duration interval;
  private long lastLine;
  private boolean lineOpen;

  private Progress(SparkContext sc, PrintWriter err, boolean terminal, Duration every) {
    this.counts =
        LISTENERS.computeIfAbsent(
            sc,
            c -> {
              Counts n = new Counts();
              c.addSparkListener(n);
              return n;
            });
    this.err = err;
    this.terminal = terminal;
    this.interval = every;
    this.lastLine = started;
    counts.reset();
    counts.enabled = true;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pasif-progress");
              t.setDaemon(true);
              return t;
            });
    long period = Math.min(every.toMillis(), 1000);
    this.tick = timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts reporting the work of {@code sc} on the process's stderr. Not the command's error
   * writer: progress is for the person or the log watching the process, and a command's own
   * messages (one line on failure) stay what tests and scripts read.
   */
  static Progress start(SparkContext sc) {
    boolean terminal = System.console() != null;
    PrintWriter err = new PrintWriter(System.err, true);
    Duration every = terminal ? Duration.ofSeconds(1) : LOG_INTERVAL;
    String ms = System.getProperty(INTERVAL_PROPERTY);
    if (ms != null) {
      every = Duration.ofMillis(Long.parseLong(ms.trim()));
    }
    return new Progress(sc, err, terminal, every);
  }

  /**
   * JVM property: milliseconds between progress lines instead of {@link #LOG_INTERVAL} (tests use
   * it to see lines from commands that end within seconds).
   */
  static final String INTERVAL_PROPERTY = "pasif.progress.interval.ms";

  /** For tests: a fixed interval and plain lines. */
  static Progress startForTest(SparkContext sc, PrintWriter err, Duration every) {
    return new Progress(sc, err, false, every);
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    Duration elapsed = Duration.ofNanos(now - started);
    if (elapsed.compareTo(QUIET_START) < 0 && interval.compareTo(QUIET_START) >= 0) {
      return;
    }
    if (!terminal && now - lastLine < interval.toNanos()) {
      return;
    }
    long total = counts.total();
    if (total == 0) {
      return;
    }
    String text = line(counts.what, counts.done(), total, elapsed);
    if (terminal) {
      err.print("\r\033[K" + text);
      lineOpen = true;
    } else {
      err.println(text);
    }
    err.flush();
    lastLine = now;
  }

  /**
   * {@code pasif: <what> tasks D/T elapsed 1:02 ~0:30 left}; the estimate assumes the tasks not yet
   * known take as long as the ones done, so it is rough and shown once 5 % are done.
   */
  static String line(String what, long done, long total, Duration elapsed) {
    StringBuilder b = new StringBuilder("pasif: ");
    if (what != null && !what.isBlank()) {
      // StageRunner's job groups read "pasif ingest D"; the line already starts with pasif.
      b.append(what.startsWith("pasif ") ? what.substring("pasif ".length()) : what).append("  ");
    }
    b.append("tasks ").append(done).append('/').append(total);
    b.append("  elapsed ").append(clock(elapsed));
    if (done > 0 && done < total && done * 20 >= total) {
      long leftMillis = elapsed.toMillis() * (total - done) / done;
      b.append("  ~").append(clock(Duration.ofMillis(leftMillis))).append(" left");
    }
    return b.toString();
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String clock(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
    return String.format("%d:%02d", s / 60, s % 60);
  }

  @Override
  public synchronized void close() {
    tick.cancel(false);
    timer.shutdownNow();
    counts.enabled = false;
    if (lineOpen) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
