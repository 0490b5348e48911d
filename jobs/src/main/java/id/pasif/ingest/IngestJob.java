package id.pasif.ingest;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.config.PasifConfig;
import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpReader;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Stage 1, {@code pasif ingest}: parses the dump of date D once, with explicit schemas, into the
 * bronze Delta tables; rows that break a rule go to {@code quarantine} with a reason. Every row
 * read is accounted for: read = accepted + quarantined.
 */
public final class IngestJob {
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

  /** Rows read, accepted into bronze and quarantined, for one dataset. */
  public record DatasetCounts(
      String dataset, String format, long read, long accepted, long quarantined) {}

  public List<DatasetCounts> run() {
    String input = Warehouse.normalise(requireInput());
    DumpReader reader = new DumpReader(spark);
    // Locate everything first: a missing dataset fails the run before any table is touched.
    List<DumpReader.Source> sources = new ArrayList<>();
    for (DumpDataset d : DumpDataset.values()) {
      sources.add(reader.locate(input, d, date, config.inputFormat()));
    }
    List<DatasetCounts> counts = new ArrayList<>();
    Dataset<Row> quarantine = null;
    List<Dataset<Row>> persisted = new ArrayList<>();
    try {
      for (DumpReader.Source source : sources) {
        DumpDataset d = source.dataset();
        spark.sparkContext().setJobDescription("pasif ingest " + date + ": " + d.tableName());
        Dataset<Row> checked =
            Validation.withRejectReason(reader.read(source), d)
                .persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(checked);
        warehouse.replaceDate(Tables.bronze(d), date, accepted(checked, d, date));
        Dataset<Row> rejected = rejected(checked, d, date, runId);
        quarantine = quarantine == null ? rejected : quarantine.unionByName(rejected);
        Row c = checked.agg(count(lit(1)).as("read"), count(col(REASON)).as("quarantined")).first();
        long read = c.getLong(c.fieldIndex("read"));
        long bad = c.getLong(c.fieldIndex("quarantined"));
        counts.add(new DatasetCounts(d.tableName(), source.format().id(), read, read - bad, bad));
      }
      spark.sparkContext().setJobDescription("pasif ingest " + date + ": quarantine");
      warehouse.replaceDate(Tables.QUARANTINE, date, quarantine);
    } finally {
      persisted.forEach(Dataset::unpersist);
    }
    return counts;
  }

  private String requireInput() {
    if (config.input().isBlank()) {
      throw new id.pasif.PasifException("no input: give --input URI (or pasif.input in the conf)");
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
