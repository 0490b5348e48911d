package id.pasif.report;

import static id.pasif.warehouse.Columns.DT;
import static org.apache.spark.sql.functions.lit;

import id.pasif.activity.Activity;
import id.pasif.activity.Window;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 4, {@code pasif report}: writes {@code relationship_causes} (why each silent follower is
 * silent), {@code account_audience} and {@code province_summary} for run date D.
 */
public final class ReportJob {
  private final SparkSession spark;
  private final PasifConfig config;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final int privacyK;

  public ReportJob(SparkSession spark, PasifConfig config, LocalDate date) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.privacyK = config.privacyK();
  }

  public record Result(long accounts) {}

  public Result run() {
    Window w = Window.of(date, config.windowDays(), config.dayZone());
    Dataset<Row> relationships = warehouse.readDate(Tables.RELATIONSHIPS, date);
    Dataset<Row> segments = warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date);
    Dataset<Row> features = warehouse.readDate(Tables.FOLLOWER_FEATURES, date);
    Dataset<Row> spikes =
        Causes.growthSpikes(warehouse.readDate(Tables.ACCOUNT_DAY, date), config.windowDays());

    spark.sparkContext().setJobDescription("pasif report " + date + ": relationship_causes");
    Dataset<Row> causes =
        Causes.silentCauses(relationships, segments, features, spikes, config.dayZone());
    warehouse.replaceDate(Tables.RELATIONSHIP_CAUSES, date, causes.withColumn(DT, lit(date)));

    Dataset<Row> events =
        Activity.windowEvents(warehouse.readDates(Tables.INTERACTIONS, w.firstDate(), date), w);
    Dataset<Row> posts =
        warehouse
            .readDates(Tables.POSTS, w.firstDate(), date)
            .where(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col(id.pasif.warehouse.Columns.POSTED_AT)
                    .between(lit(w.startTs()), lit(w.endTs())));
    spark.sparkContext().setJobDescription("pasif report " + date + ": account_audience");
    Dataset<Row> audience =
        AccountAudience.accountAudience(
            AccountAudience.audienceCounts(relationships, segments),
            AccountAudience.causeCounts(warehouse.readDate(Tables.RELATIONSHIP_CAUSES, date)),
            AccountAudience.latestPostEngagement(events, posts, segments),
            AccountAudience.spikeStats(relationships, segments, spikes, config.dayZone()));
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
