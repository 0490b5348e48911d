package id.pasif.report;

import static id.pasif.warehouse.Columns.DT;
import static id.pasif.warehouse.Columns.LATEST_POSTS;
import static id.pasif.warehouse.Columns.LATEST_POST_REACTIONS;
import static org.apache.spark.sql.functions.lit;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 4, {@code pasif report}: writes {@code relationship_causes} (why each silent follower is
 * silent), {@code account_audience} and {@code province_summary} for run date D.
 *
 * <p>Reads only the tables the stages before wrote for D ({@code relationships}, {@code
 * follower_features}, {@code account_day}, {@code follower_segments}): never bronze, never the
 * window's events again (the engagement rates' likes and comments come from the activity stage,
 * {@link id.pasif.activity.LatestPosts}).
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
    Dataset<Row> relationships = warehouse.readDate(Tables.RELATIONSHIPS, date);
    Dataset<Row> segments = warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date);
    Dataset<Row> features = warehouse.readDate(Tables.FOLLOWER_FEATURES, date);
    Dataset<Row> accountDays = warehouse.readDate(Tables.ACCOUNT_DAY, date);
    requireColumns(relationships, Tables.RELATIONSHIPS, LATEST_POST_REACTIONS);
    requireColumns(accountDays, Tables.ACCOUNT_DAY, LATEST_POSTS, LATEST_POST_REACTIONS);
    Dataset<Row> spikes = Causes.growthSpikes(accountDays, config.windowDays());

    spark.sparkContext().setJobDescription("pasif report " + date + ": relationship_causes");
    Dataset<Row> causes =
        Causes.silentCauses(relationships, segments, features, spikes, config.dayZone());
    warehouse.replaceDate(Tables.RELATIONSHIP_CAUSES, date, causes.withColumn(DT, lit(date)));

    spark.sparkContext().setJobDescription("pasif report " + date + ": account_audience");
    Dataset<Row> audience =
        AccountAudience.accountAudience(
            AccountAudience.audienceCounts(relationships, segments),
            AccountAudience.causeCounts(warehouse.readDate(Tables.RELATIONSHIP_CAUSES, date)),
            AccountAudience.latestPostEngagement(accountDays),
            AccountAudience.spikeStats(relationships, segments, spikes, config.dayZone()));
    // the rows written, from the commit's metrics: no read-back of the table just written
    long accounts =
        warehouse.replaceDate(Tables.ACCOUNT_AUDIENCE, date, audience.withColumn(DT, lit(date)));
    writeProvinceSummary(segments, features);
    return new Result(accounts);
  }

  /**
   * Fails with one line when {@code table} was written for the date by a release whose activity
   * stage did not yet write {@code columns} (the report reads them instead of bronze).
   */
  private void requireColumns(Dataset<Row> rows, TableSpec table, String... columns) {
    java.util.List<String> present = java.util.Arrays.asList(rows.columns());
    for (String c : columns) {
      if (!present.contains(c)) {
        throw new PasifException(
            table.name()
                + " of "
                + date
                + " has no column "
                + c
                + " (written by an earlier release): run pasif activity --date "
                + date
                + " again, then pasif report");
      }
    }
  }

  private void writeProvinceSummary(Dataset<Row> segments, Dataset<Row> features) {
    spark.sparkContext().setJobDescription("pasif report " + date + ": province_summary");
    Dataset<Row> provinces = ProvinceSummary.provinceSummary(segments, features, privacyK);
    warehouse.replaceDate(Tables.PROVINCE_SUMMARY, date, provinces.withColumn(DT, lit(date)));
  }
}
