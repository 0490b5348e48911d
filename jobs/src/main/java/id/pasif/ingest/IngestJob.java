package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpReader;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 1, {@code pasif ingest}: parses the dump of date D once, with explicit schemas, into the
 * bronze Delta tables; rows that break a rule go to {@code quarantine} with a reason.
 *
 * <p>Every row read is accounted for (read = accepted + quarantined, checked). All checks run
 * before any table is written, so a dump that fails them leaves the warehouse as it was.
 */
public final class IngestJob {
  /** Exit code of a run stopped by the data-quality gate (reject ratio, reconciliation). */
  public static final int EXIT_QUALITY = 3;

  private final SparkSession spark;
  private final PasifConfig config;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final String runId;

  public IngestJob(SparkSession spark, PasifConfig config, LocalDate date, String runId) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.runId = runId;
  }

  /**
   * Rows read, accepted into bronze and quarantined (by reason), for one dataset, and the optional
   * timestamps of accepted rows set to null because they were out of range.
   */
  public record DatasetCounts(
      String dataset,
      String format,
      long read,
      long accepted,
      long quarantined,
      Map<String, Long> byReason,
      long nulledValues) {

    public DatasetCounts(
        String dataset,
        String format,
        long read,
        long accepted,
        long quarantined,
        Map<String, Long> byReason) {
      this(dataset, format, read, accepted, quarantined, byReason, 0);
    }

    public double rejectRatio() {
      return read == 0 ? 0.0 : quarantined / (double) read;
    }
  }

  /**
   * The latest accepted timestamp: the end of the day after the dump date (one day of clock skew
   * tolerated), in the run-date calendar.
   */
  Instant latestAccepted() {
    return date.plusDays(2).atStartOfDay(config.dayZone()).toInstant();
  }

  public List<DatasetCounts> run() {
    String input = Warehouse.normalise(requireInput());
    DumpReader reader = new DumpReader(spark);
    // Locate everything first: a missing dataset fails the run before any table is touched.
    List<DumpReader.Source> sources = new ArrayList<>();
    for (DumpDataset d : DumpDataset.values()) {
      sources.add(reader.locate(input, d, date, config.inputFormat()));
    }
    warehouse.requireWritable();
    List<DatasetCounts> counts = new ArrayList<>();
    List<Dataset<Row>> checkedByDataset = new ArrayList<>();
    try {
      for (DumpReader.Source source : sources) {
        DumpDataset d = source.dataset();
        spark.sparkContext().setJobDescription("pasif ingest " + date + ": check " + d.tableName());
        Instant earliest = config.ingestEarliest();
        Dataset<Row> inRange =
            Validation.withOptionalTimestampsInRange(
                reader.read(source), d, earliest, latestAccepted());
        Dataset<Row> checked =
            Validation.withDuplicateReason(
                    Validation.withRejectReason(inRange, d, earliest, latestAccepted()), d)
                .persist(StorageLevel.MEMORY_AND_DISK());
        checkedByDataset.add(checked);
        counts.add(countRows(checked, source));
      }
      gate(counts);
      for (int i = 0; i < sources.size(); i++) {
        DumpDataset d = sources.get(i).dataset();
        spark.sparkContext().setJobDescription("pasif ingest " + date + ": " + d.tableName());
        warehouse.replaceDate(Tables.bronze(d), date, accepted(checkedByDataset.get(i), d, date));
      }
      Dataset<Row> quarantine = null;
      for (int i = 0; i < sources.size(); i++) {
        Dataset<Row> rejected =
            rejected(checkedByDataset.get(i), sources.get(i).dataset(), date, runId);
        quarantine = quarantine == null ? rejected : quarantine.unionByName(rejected);
      }
      spark.sparkContext().setJobDescription("pasif ingest " + date + ": quarantine");
      warehouse.replaceDate(Tables.QUARANTINE, date, quarantine);
    } catch (Exception e) {
      // Spark raises its read failures as (undeclared) checked SparkExceptions.
      throw InputErrors.explain(e);
    } finally {
      checkedByDataset.forEach(Dataset::unpersist);
    }
    return counts;
  }

  /** One pass over a checked dataset: rows, rows per reason, non-null rows per required column. */
  private DatasetCounts countRows(Dataset<Row> checked, DumpReader.Source source) {
    DumpDataset d = source.dataset();
    List<Column> nonNull = new ArrayList<>();
    for (String c : d.requiredColumns()) {
      nonNull.add(count(col(c)).as("non_null_" + c));
    }
    nonNull.add(
        coalesce(sum(when(col(REASON).isNull(), col(Validation.NULLED_VALUES))), lit(0L))
            .cast("long")
            .as("nulled"));
    Row totals = checked.agg(count(lit(1)).as("read"), nonNull.toArray(new Column[0])).first();
    long read = totals.getLong(0);
    long nulled = totals.getLong(d.requiredColumns().size() + 1);
    Map<String, Long> byReason = new TreeMap<>();
    // A handful of reason codes: bounded.
    for (Row r : checked.where(col(REASON).isNotNull()).groupBy(REASON).count().collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (read > 0) {
      for (int i = 0; i < d.requiredColumns().size(); i++) {
        if (totals.getLong(i + 1) == 0) {
          throw new PasifException(
              "required column "
                  + d.requiredColumns().get(i)
                  + " missing from "
                  + d.tableName()
                  + " (null in all "
                  + read
                  + " rows of "
                  + source.folder()
                  + ")");
        }
      }
    } else if (d.kind() == DumpDataset.Kind.SNAPSHOT) {
      throw new PasifException(
          "empty input: " + d.tableName() + " in " + source.folder() + " holds no rows");
    }
    return new DatasetCounts(
        d.tableName(),
        source.format().id(),
        read,
        read - quarantined,
        quarantined,
        byReason,
        nulled);
  }

  /** The data-quality gate: fails the run before anything is written. */
  private void gate(List<DatasetCounts> counts) {
    for (DatasetCounts c : counts) {
      if (c.accepted() + c.quarantined() != c.read()) {
        throw new PasifException(
            "reconciliation failed for "
                + c.dataset()
                + ": read "
                + c.read()
                + " != accepted "
                + c.accepted()
                + " + quarantined "
                + c.quarantined(),
            EXIT_QUALITY,
            null);
      }
      if (c.rejectRatio() > config.maxRejectRatio()) {
        throw new PasifException(
            String.format(
                "%s: %d of %d rows (%.1f%%) break the rules %s, more than"
                    + " pasif.ingest.max.reject.ratio=%s; nothing was written",
                c.dataset(),
                c.quarantined(),
                c.read(),
                100 * c.rejectRatio(),
                c.byReason(),
                config.maxRejectRatio()),
            EXIT_QUALITY,
            null);
      }
    }
  }

  private String requireInput() {
    if (config.input().isBlank()) {
      throw new PasifException("no input: give --input URI (or pasif.input in the conf)");
    }
    return config.input();
  }

  /** The rows that broke no rule, typed as the bronze table, with {@code dt}. */
  static Dataset<Row> accepted(Dataset<Row> checked, DumpDataset dataset, LocalDate date) {
    Column[] cols =
        Arrays.stream(dataset.schema().fieldNames())
            .map(n -> n.equals(TYPE) ? lower(col(n)).as(n) : col(n))
            .toArray(Column[]::new);
    return checked.where(col(REASON).isNull()).select(cols).withColumn(DT, lit(date));
  }

  /** The rows that broke a rule, as quarantine rows. */
  static Dataset<Row> rejected(
      Dataset<Row> checked, DumpDataset dataset, LocalDate date, String runId) {
    Column[] dataCols =
        Arrays.stream(dataset.schema().fieldNames())
            .map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new);
    return checked
        .where(col(REASON).isNotNull())
        .select(
            lit(date).as(DT),
            lit(runId).as(RUN_ID),
            lit(dataset.tableName()).as(DATASET),
            col(SOURCE_FILE),
            col(REASON),
            coalesce(col(DumpReader.CORRUPT_RECORD), to_json(struct(dataCols))).as(RAW));
  }
}
