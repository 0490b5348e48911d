package id.pasif.report;

import static id.pasif.warehouse.Columns.DT;
import static org.apache.spark.sql.functions.lit;

import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 4, {@code pasif report}: writes {@code account_audience} and {@code province_summary} for
 * run date D.
 */
public final class ReportJob {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final int privacyK;

  public ReportJob(SparkSession spark, PasifConfig config, LocalDate date) {
    this.spark = spark;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.privacyK = config.privacyK();
  }

  public record Result(long accounts) {}

  public Result run() {
    spark.sparkContext().setJobDescription("pasif report " + date + ": account_audience");
    Dataset<Row> audience =
        AccountAudience.accountAudience(
            warehouse.readDate(Tables.RELATIONSHIPS, date),
            warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date));
    warehouse.replaceDate(Tables.ACCOUNT_AUDIENCE, date, audience.withColumn(DT, lit(date)));
    writeProvinceSummary();
    return new Result(warehouse.readDate(Tables.ACCOUNT_AUDIENCE, date).count());
  }

  private void writeProvinceSummary() {
    spark.sparkContext().setJobDescription("pasif report " + date + ": province_summary");
    Dataset<Row> provinces =
        ProvinceSummary.provinceSummary(
            warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date),
            warehouse.readDate(Tables.FOLLOWER_FEATURES, date),
            privacyK);
    warehouse.replaceDate(Tables.PROVINCE_SUMMARY, date, provinces.withColumn(DT, lit(date)));
  }
}
