package id.pasif.activity;

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
 * Stage 2, {@code pasif activity}: from bronze Delta only (raw files are parsed once, by ingest),
 * computes {@code relationships}, {@code follower_features} and {@code account_day} for run date D
 * over the trailing window. docs/activity.md defines every column and counts the shuffles.
 *
 * <p>Bronze event partitions are read from the window's first date on: an event inside the window
 * can only have been delivered on or after its own date.
 */
public final class ActivityJob {
  private final SparkSession spark;
  private final PasifConfig config;
  private final Warehouse warehouse;
  private final LocalDate date;

  public ActivityJob(SparkSession spark, PasifConfig config, LocalDate date) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
  }

  /** Rows written for the run date: relationships, follower_features and account_day. */
  public record Result(long relationships, long followers, long accountDays) {}

  public Result run() {
    Window w = Window.of(date, config.windowDays(), config.dayZone());
    requireBronze();
    Dataset<Row> follows = warehouse.readDate(Tables.FOLLOWS, date);
    Dataset<Row> profiles = warehouse.readDate(Tables.PROFILES, date);
    Dataset<Row> interactions = warehouse.readDates(Tables.INTERACTIONS, w.firstDate(), date);
    Dataset<Row> posts = warehouse.readDates(Tables.POSTS, w.firstDate(), date);

    Dataset<Row> events = Activity.windowEvents(interactions, w);
    Dataset<Row> windowFollows = Activity.windowFollows(follows, w);
    // What the report's engagement rates need of the events, so the report never reads bronze.
    Dataset<Row> latestPosts = LatestPosts.latest(posts, w);
    Dataset<Row> latestReactions = LatestPosts.reactions(events, latestPosts);
    Dataset<Row> relationships =
        LatestPosts.onRelationships(
            Activity.relationships(
                Activity.standingFollows(follows, w),
                Activity.pairActivity(events),
                Activity.postTimes(posts, w),
                config.minExposure()),
            LatestPosts.byFollower(latestReactions));
    spark.sparkContext().setJobDescription("pasif activity " + date + ": relationships");
    long relationshipRows =
        warehouse.replaceDate(Tables.RELATIONSHIPS, date, relationships.withColumn(DT, lit(date)));

    Dataset<Row> written = warehouse.readDate(Tables.RELATIONSHIPS, date);
    Dataset<Row> features =
        Activity.followerFeatures(written, events, windowFollows, profiles, posts, w);
    spark.sparkContext().setJobDescription("pasif activity " + date + ": follower_features");
    long followerRows =
        warehouse.replaceDate(Tables.FOLLOWER_FEATURES, date, features.withColumn(DT, lit(date)));

    Dataset<Row> accountDays =
        LatestPosts.onAccountDays(
            Activity.accountDays(posts, windowFollows, profiles, w),
            LatestPosts.byDay(latestPosts, latestReactions, w));
    spark.sparkContext().setJobDescription("pasif activity " + date + ": account_day");
    long accountDayRows =
        warehouse.replaceDate(Tables.ACCOUNT_DAY, date, accountDays.withColumn(DT, lit(date)));

    return new Result(relationshipRows, followerRows, accountDayRows);
  }

  private void requireBronze() {
    if (!warehouse.hasDate(Tables.FOLLOWS, date)) {
      throw new id.pasif.PasifException(
          "no bronze follows for " + date + " in " + warehouse.root() + "; run pasif ingest first");
    }
  }
}
