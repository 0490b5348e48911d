package id.pasif.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import id.pasif.dump.DumpDataset;
import id.pasif.ingest.Validation;
import id.pasif.warehouse.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What the ingest stage leaves of a delivery's rows in bronze, for tests of the later stages. */
public final class Bronze {
  private Bronze() {}

  /**
   * The rows of one delivery as bronze holds them: each key once. Ingest quarantines every repeat
   * of a key ({@link Validation#withDuplicateReason}, the product's own rule, run here), so the
   * activity stage never sees an event id twice and does not de-duplicate (issue 15).
   */
  public static Dataset<Row> ingested(Dataset<Row> rows, DumpDataset dataset) {
    Dataset<Row> checked =
        rows.withColumn(Columns.REASON, lit(null).cast("string"))
            .withColumn(Columns.SOURCE_FILE, lit("delivery"));
    return Validation.withDuplicateReason(checked, dataset)
        .where(col(Columns.REASON).isNull())
        .drop(Columns.REASON, Columns.SOURCE_FILE);
  }
}
