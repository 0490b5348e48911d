package id.pasif.warehouse;

import static id.pasif.warehouse.Columns.*;

import id.pasif.config.PasifConfig;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Appends one row per stage and run to the {@code runs} table: a history of attempts, never
 * rewritten. Blind appends do not conflict in Delta, so concurrent runs can log safely.
 */
public final class RunLog {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunLog.class);
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final PasifConfig config;

  public RunLog(SparkSession spark, PasifConfig config) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
  }

  /** What a stage reports about itself for the log. */
  public record Entry(
      Long rowsIn, Long rowsOut, Long rowsQuarantined, Double rejectRatio, String details) {
    public static Entry none() {
      return new Entry(null, null, null, null, null);
    }
  }

  public void record(
      String runId,
      LocalDate date,
      String stage,
      Instant started,
      Instant ended,
      Entry entry,
      String error) {
    Row row =
        RowFactory.create(
            Date.valueOf(date),
            runId,
            stage,
            Timestamp.from(started),
            Timestamp.from(ended),
            error == null ? "succeeded" : "failed",
            entry.rowsIn(),
            entry.rowsOut(),
            entry.rowsQuarantined(),
            entry.rejectRatio(),
            entry.details(),
            codeVersion(),
            config.hash(),
            error);
    warehouse.ensure(Tables.RUNS);
    spark
        .createDataFrame(List.of(row), Tables.RUNS.schema())
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(warehouse.location(Tables.RUNS));
  }

  /**
   * Records a run that died holding its lock (killed, its machine lost) as failed, in the stage its
   * lock named ({@code run} when it died before its first stage), from when that stage started to
   * its last heartbeat. Called once, by the run that took its lock over ({@link
   * DateLock#takenOver}). A failure to write the row is a warning: it never stops the new run.
   */
  public void recordKilled(DateLock.Killed killed) {
    DateLock.Holder dead = killed.holder();
    try {
      record(
          dead.runId(),
          dead.date(),
          dead.stage() == null ? "run" : dead.stage(),
          dead.stageSince() == null ? dead.since() : dead.stageSince(),
          dead.heartbeat(),
          Entry.none(),
          killed.reason());
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record killed run {} in the runs table: {}", dead.runId(), e.getMessage());
    }
  }

  /** The version in the jar manifest, or {@code development} when run from classes. */
  public static String codeVersion() {
    String v = RunLog.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }
}
