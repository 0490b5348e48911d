package id.pasif.spark;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark listener counting what a command costs per pasif stage: Spark jobs, SQL queries (every
 * SQL execution, nested ones included, as the Spark UI's SQL tab lists them), tasks and task
 * seconds, and the driver JVM's wall, CPU, JIT-compilation and GC seconds. A stage is the job group
 * {@code pasif-<stage>} the stage runner sets ({@code ingest}, {@code activity}, ...); work before
 * the first stage (start-up, table registration) is {@code setup}, work outside any group after it
 * counts to the stage running.
 *
 * <p>Registered with {@code --set spark.extraListeners=id.pasif.spark.RunMetrics --set
 * spark.pasif.metrics.file=PATH} (scripts/bench does); when the application ends it writes {@link
 * #table()} to that file (to the log without it). JVM figures are sampled when the listener sees
 * the first event of the next stage, so a stage's driver-only time before its first query counts to
 * the stage before; the listener bus delivers events a few milliseconds late.
 */
public final class RunMetrics extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

  /** Where the table goes when the application ends. */
  public static final String FILE = "spark.pasif.metrics.file";

  static final String SETUP = "setup";
  static final String TOTAL = "total";
  private static final String GROUP_PREFIX = "pasif-";
  private static final String JOB_GROUP = "spark.jobGroup.id";

  /** Figures of one stage. */
  static final class Figures {
    long jobs;
    long queries;
    long tasks;
    long taskMillis;
    long wallNanos;
    long cpuNanos;
    long jitMillis;
    long gcMillis;
  }

  private final String file;
  private final Map<String, Figures> stages = new LinkedHashMap<>();
  private final Map<Integer, String> stageOfSparkStage = new HashMap<>();
  private String current;
  private long[] openedAt;

  public RunMetrics(SparkConf conf) {
    this(conf.get(FILE, null));
  }

  RunMetrics(String file) {
    this.file = file;
    this.current = SETUP;
    // the JVM's own start-up counts to setup: CPU, JIT and GC since the process started
    this.openedAt = new long[] {startNanos(), 0, 0, 0};
    stages.put(SETUP, new Figures());
  }

  /** Nanoseconds on {@link System#nanoTime}'s clock at which the JVM started. */
  private static long startNanos() {
    long upMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    return System.nanoTime() - upMillis * 1_000_000L;
  }

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  private static long jitMillis() {
    java.lang.management.CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  private static long[] sample() {
    return new long[] {System.nanoTime(), cpuNanos(), jitMillis(), gcMillis()};
  }

  /**
   * The stage of work in job group {@code jobGroup}: {@code pasif-<stage>}'s stage; work without a
   * pasif group (start-up, or a thread of Delta's that does not inherit the group) counts to the
   * stage running.
   */
  private String stageOf(String jobGroup) {
    if (jobGroup == null || !jobGroup.startsWith(GROUP_PREFIX)) {
      return current;
    }
    return jobGroup.substring(GROUP_PREFIX.length());
  }

  /** Charges the JVM figures since the last switch to the current stage; {@code next} runs now. */
  private void switchTo(String next) {
    if (next.equals(current)) {
      return;
    }
    close();
    current = next;
    stages.computeIfAbsent(next, k -> new Figures());
  }

  private void close() {
    long[] now = sample();
    Figures f = stages.get(current);
    f.wallNanos += now[0] - openedAt[0];
    f.cpuNanos += now[1] - openedAt[1];
    f.jitMillis += now[2] - openedAt[2];
    f.gcMillis += now[3] - openedAt[3];
    openedAt = now;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart job) {
    String stage =
        stageOf(job.properties() == null ? null : job.properties().getProperty(JOB_GROUP));
    switchTo(stage);
    stages.get(stage).jobs++;
    for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds())) {
      stageOfSparkStage.put((Integer) id, stage);
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd task) {
    Figures f = stages.get(stageOfSparkStage.getOrDefault(task.stageId(), current));
    f.tasks++;
    if (task.taskInfo() != null) {
      f.taskMillis += task.taskInfo().duration();
    }
  }

  @Override
  public synchronized void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerSQLExecutionStart sql) {
      String stage = stageOf(sql.jobGroupId().isDefined() ? sql.jobGroupId().get() : null);
      switchTo(stage);
      stages.get(stage).queries++;
    }
  }

  @Override
  public synchronized void onApplicationEnd(SparkListenerApplicationEnd end) {
    String text = table();
    if (file == null) {
      LOG.info("run metrics:\n{}", text);
      return;
    }
    try {
      Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot write run metrics to {}: {}", file, e.getMessage());
    }
  }

  /**
   * Tab-separated: a header, one row per stage in the order they ran, then {@code total}; seconds
   * with three decimals. Closes the current stage's figures at the time of the call.
   */
  synchronized String table() {
    close();
    List<String> lines = new ArrayList<>();
    lines.add("stage\tjobs\tqueries\ttasks\ttask_s\twall_s\tcpu_s\tjit_s\tgc_s");
    Figures total = new Figures();
    for (Map.Entry<String, Figures> e : stages.entrySet()) {
      Figures f = e.getValue();
      lines.add(row(e.getKey(), f));
      total.jobs += f.jobs;
      total.queries += f.queries;
      total.tasks += f.tasks;
      total.taskMillis += f.taskMillis;
      total.wallNanos += f.wallNanos;
      total.cpuNanos += f.cpuNanos;
      total.jitMillis += f.jitMillis;
      total.gcMillis += f.gcMillis;
    }
    lines.add(row(TOTAL, total));
    return String.join("\n", lines) + "\n";
  }

  /** The figures of {@code stage} so far (for tests); null if it did not run. */
  synchronized Figures figures(String stage) {
    return stages.get(stage);
  }

  private static String row(String stage, Figures f) {
    return String.join(
        "\t",
        stage,
        Long.toString(f.jobs),
        Long.toString(f.queries),
        Long.toString(f.tasks),
        seconds(f.taskMillis * 1_000_000L),
        seconds(f.wallNanos),
        seconds(f.cpuNanos),
        seconds(f.jitMillis * 1_000_000L),
        seconds(f.gcMillis * 1_000_000L));
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
  }
}
