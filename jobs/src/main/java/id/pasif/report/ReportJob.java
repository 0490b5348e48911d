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

/** Stage 4, {@code pasif report}: writes {@code account_audience} for run date D. */
public final class ReportJob {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LocalDate date;

  public ReportJob(SparkSession spark, PasifConfig config, LocalDate date) {
    this.spark = spark;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
  }

  public record Result(long accounts) {}

  public Result run() {
    spark.sparkContext().setJobDescription("pasif report " + date + ": account_audience");
    Dataset<Row> audience =
        AccountAudience.accountAudience(
            warehouse.readDate(Tables.RELATIONSHIPS, date),
            warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date));
    warehouse.replaceDate(Tables.ACCOUNT_AUDIENCE, date, audience.withColumn(DT, lit(date)));
    return new Result(warehouse.readDate(Tables.ACCOUNT_AUDIENCE, date).count());
  }
}
