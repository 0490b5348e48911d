package id.pasif.cli;

import id.pasif.activity.ActivityJob;
import id.pasif.config.PasifConfig;
import id.pasif.ingest.IngestJob;
import id.pasif.report.ReportJob;
import id.pasif.segment.SegmentJob;
import id.pasif.warehouse.DateLock;
import id.pasif.warehouse.RunLog;
import id.pasif.warehouse.Warehouse;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages for one date under one run id: holds the date's lock for the whole run, times each
 * stage, logs it to the {@code runs} table (succeeded or failed) and prints a summary line.
 */
final class StageRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  private final SparkSession spark;
  private final PasifConfig config;
  private final LocalDate date;
  private final PrintWriter out;
  private final String runId;
  private final RunLog runLog;
  private final DateLock lock;
  private final Map<String, Duration> timings = new LinkedHashMap<>();

  StageRunner(SparkSession spark, PasifConfig config, LocalDate date, PrintWriter out) {
    this.spark = spark;
    this.config = config;
    this.date = date;
    this.out = out;
    this.runId = date + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.runLog = new RunLog(spark, config);
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    warehouse.requireWritable();
    this.lock =
        DateLock.acquire(
            warehouse,
            config.lockScope(),
            date,
            runId,
            Duration.ofSeconds(config.lockHeartbeatSeconds()),
            Duration.ofSeconds(config.lockStaleSeconds()));
    lock.takenOver().ifPresent(runLog::recordKilled);
  }

  String runId() {
    return runId;
  }

  Map<String, Duration> timings() {
    return timings;
  }

  @Override
  public void close() {
    lock.close();
  }

  private <T> T timed(String stage, Supplier<T> work, Function<T, RunLog.Entry> entry) {
    Instant start = Instant.now();
    spark.sparkContext().setJobGroup("pasif-" + stage, "pasif " + stage + " " + date, false);
    try {
      lock.enterStage(stage);
      T result = work.get();
      runLog.record(runId, date, stage, start, Instant.now(), entry.apply(result), null);
      return result;
    } catch (RuntimeException e) {
      try {
        runLog.record(runId, date, stage, start, Instant.now(), RunLog.Entry.none(), oneLine(e));
      } catch (RuntimeException logFailure) {
        LOG.warn(
            "could not log the failed {} stage to the runs table: {}", stage, oneLine(logFailure));
      }
      throw e;
    } finally {
      timings.put(stage, Duration.between(start, Instant.now()));
      spark.sparkContext().clearJobGroup();
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  List<IngestJob.DatasetCounts> ingest() {
    var counts =
        timed(
            "ingest",
            () -> new IngestJob(spark, config, date, runId).run(),
            StageRunner::ingestEntry);
    for (IngestJob.DatasetCounts c : counts) {
      out.printf(
          "ingest   %-12s %-8s read %,d  accepted %,d  quarantined %,d%s%s%n",
          c.dataset(),
          c.format(),
          c.read(),
          c.accepted(),
          c.quarantined(),
          c.byReason().isEmpty() ? "" : " " + c.byReason(),
          c.nulledValues() == 0
              ? ""
              : String.format(
                  "  out-of-range optional timestamps set to null %,d", c.nulledValues()));
    }
    out.flush();
    return counts;
  }

  static RunLog.Entry ingestEntry(List<IngestJob.DatasetCounts> counts) {
    long read = 0;
    long accepted = 0;
    long quarantined = 0;
    double worst = 0;
    StringBuilder json = new StringBuilder("{");
    for (IngestJob.DatasetCounts c : counts) {
      read += c.read();
      accepted += c.accepted();
      quarantined += c.quarantined();
      worst = Math.max(worst, c.rejectRatio());
      json.append(json.length() > 1 ? "," : "")
          .append(
              String.format(
                  "\"%s\":{\"format\":\"%s\",\"read\":%d,\"accepted\":%d,\"quarantined\":%d,"
                      + "\"nulled_timestamps\":%d,\"reasons\":{",
                  c.dataset(),
                  c.format(),
                  c.read(),
                  c.accepted(),
                  c.quarantined(),
                  c.nulledValues()));
      String sep = "";
      for (Map.Entry<String, Long> r : c.byReason().entrySet()) {
        json.append(sep).append('"').append(r.getKey()).append("\":").append(r.getValue());
        sep = ",";
      }
      json.append("}}");
    }
    json.append('}');
    return new RunLog.Entry(read, accepted, quarantined, worst, json.toString());
  }

  ActivityJob.Result activity(boolean full) {
    var r =
        timed(
            "activity",
            () -> new ActivityJob(spark, config, date, full).run(),
            x ->
                new RunLog.Entry(
                    null,
                    x.relationships() + x.followers(),
                    null,
                    null,
                    String.format(
                        "{\"relationships\":%d,\"followers\":%d,\"partials_reduced\":%d}",
                        x.relationships(), x.followers(), x.reduced().size())));
    out.printf(
        "activity relationships %,d  followers %,d  event partials reduced from bronze: %s%s%n",
        r.relationships(), r.followers(), reducedDates(r.reduced()), full ? " (--full)" : "");
    out.flush();
    return r;
  }

  /** "2026-11-24", or "3 dates (2026-11-22 .. 2026-11-24)" when it reduced more than D's. */
  static String reducedDates(List<LocalDate> dates) {
    if (dates.size() == 1) {
      return dates.get(0).toString();
    }
    List<LocalDate> sorted = dates.stream().sorted().toList();
    return String.format(
        "%d dates (%s .. %s)", dates.size(), sorted.get(0), sorted.get(sorted.size() - 1));
  }

  SegmentJob.Result segment(LocalDate modelFrom) {
    var r =
        timed(
            "segment",
            () -> new SegmentJob(spark, config, date, modelFrom).run(),
            x -> {
              StringBuilder json = new StringBuilder("{");
              x.bySegment()
                  .forEach(
                      (s, n) ->
                          json.append(json.length() > 1 ? "," : "")
                              .append('"')
                              .append(s)
                              .append("\":")
                              .append(n));
              json.append(",\"insufficient_evidence\":")
                  .append(x.insufficientEvidence())
                  .append(",\"model_date\":\"")
                  .append(x.modelDate())
                  .append("\",\"refit\":")
                  .append(x.refit() == null ? "null" : quoted(x.refit()))
                  .append('}');
              long total = x.bySegment().values().stream().mapToLong(Long::longValue).sum();
              return new RunLog.Entry(null, total, null, null, json.toString());
            });
    StringBuilder line = new StringBuilder("segment ");
    r.bySegment().forEach((s, n) -> line.append(String.format(" %s %,d", s, n)));
    line.append(String.format("  (insufficient evidence %,d)", r.insufficientEvidence()));
    line.append(
        r.refit() == null ? "  model of " + r.modelDate() : "  model fitted (" + r.refit() + ")");
    out.println(line);
    out.flush();
    return r;
  }

  ReportJob.Result report() {
    var r =
        timed(
            "report",
            () -> new ReportJob(spark, config, date).run(),
            x -> new RunLog.Entry(null, x.accounts(), null, null, null));
    out.printf("report   account_audience %,d accounts%n", r.accounts());
    out.flush();
    return r;
  }

  /** A JSON string literal. */
  private static String quoted(String text) {
    return '"'
        + new String(
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text))
        + '"';
  }

  void printTimings() {
    StringBuilder line = new StringBuilder("time    ");
    timings.forEach((s, d) -> line.append(String.format(" %s %.1fs", s, d.toMillis() / 1000.0)));
    out.println(line);
    out.printf("run      %s%n", runId);
    out.flush();
  }
}
