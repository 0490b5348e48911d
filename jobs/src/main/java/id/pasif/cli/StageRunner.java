package id.pasif.cli;

import id.pasif.activity.ActivityJob;
import id.pasif.config.PasifConfig;
import id.pasif.ingest.IngestJob;
import id.pasif.report.ReportJob;
import id.pasif.segment.SegmentJob;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Runs the four stages for one date, timing each and printing a short summary line per stage. */
final class StageRunner {
  private final SparkSession spark;
  private final PasifConfig config;
  private final LocalDate date;
  private final PrintWriter out;
  private final Map<String, Duration> timings = new LinkedHashMap<>();

  StageRunner(SparkSession spark, PasifConfig config, LocalDate date, PrintWriter out) {
    this.spark = spark;
    this.config = config;
    this.date = date;
    this.out = out;
  }

  Map<String, Duration> timings() {
    return timings;
  }

  private <T> T timed(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    spark.sparkContext().setJobGroup("pasif-" + stage, "pasif " + stage + " " + date, false);
    try {
      return work.get();
    } finally {
      timings.put(stage, Duration.ofNanos(System.nanoTime() - start));
      spark.sparkContext().clearJobGroup();
    }
  }

  java.util.List<IngestJob.DatasetCounts> ingest() {
    String runId = date + "-" + UUID.randomUUID().toString().substring(0, 8);
    var counts = timed("ingest", () -> new IngestJob(spark, config, date, runId).run());
    for (IngestJob.DatasetCounts c : counts) {
      out.printf(
          "ingest   %-12s %-8s read %,d  accepted %,d  quarantined %,d%n",
          c.dataset(), c.format(), c.read(), c.accepted(), c.quarantined());
    }
    out.flush();
    return counts;
  }

  ActivityJob.Result activity() {
    var r = timed("activity", () -> new ActivityJob(spark, config, date).run());
    out.printf("activity relationships %,d  followers %,d%n", r.relationships(), r.followers());
    out.flush();
    return r;
  }

  SegmentJob.Result segment(LocalDate modelFrom) {
    var r = timed("segment", () -> new SegmentJob(spark, config, date, modelFrom).run());
    StringBuilder line = new StringBuilder("segment ");
    r.bySegment().forEach((s, n) -> line.append(String.format(" %s %,d", s, n)));
    line.append(String.format("  (insufficient evidence %,d)", r.insufficientEvidence()));
    out.println(line);
    out.flush();
    return r;
  }

  ReportJob.Result report() {
    var r = timed("report", () -> new ReportJob(spark, config, date).run());
    out.printf("report   account_audience %,d accounts%n", r.accounts());
    out.flush();
    return r;
  }

  void printTimings() {
    StringBuilder line = new StringBuilder("time    ");
    timings.forEach((s, d) -> line.append(String.format(" %s %.1fs", s, d.toMillis() / 1000.0)));
    out.println(line);
    out.flush();
  }
}
