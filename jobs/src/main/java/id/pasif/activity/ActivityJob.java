package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 2, {@code pasif activity}: from bronze Delta only (raw files are parsed once, by ingest),
 * computes {@code relationships}, {@code follower_features} and {@code account_day} for run date D
 * over the trailing window. docs/activity.md defines every column and counts the shuffles.
 *
 * <p>The event side of the window comes from per-delivery partials ({@link EventPartials}, table
 * {@code event_partials}): a night reduces the interactions delivered on D (bronze dt = D) to D's
 * partials, then sums the partials of the window's delivery dates. A delivery date of the window
 * whose partials are missing (a first night, a warehouse written by an older release) is reduced
 * from bronze first; {@code --full} reduces every one of them again. What a night still reads in
 * full (the follows and profiles snapshots, the window's posts, the likes and comments on the
 * latest posts): docs/activity.md.
 *
 * <p>Bronze event partitions are read from the window's first date on: an event inside the window
 * can only have been delivered on or after its own date.
 */
public final class ActivityJob {
  private final SparkSession spark;
  private final PasifConfig config;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final boolean full;

  public ActivityJob(SparkSession spark, PasifConfig config, LocalDate date) {
    this(spark, config, date, false);
  }

  /**
   * @param full reduce the partials of every delivery date of the window from bronze again, not
   *     only D's and the missing ones
   */
  public ActivityJob(SparkSession spark, PasifConfig config, LocalDate date, boolean full) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.full = full;
  }

  /**
   * Rows written for the run date: relationships, follower_features and account_day; and the
   * delivery dates whose event partials this run reduced from bronze (D always, then the rest in
   * date order).
   */
  public record Result(
      long relationships, long followers, long accountDays, List<LocalDate> reduced) {}

  public Result run() {
    Window w = Window.of(date, config.windowDays(), config.dayZone());
    requireBronze();
    List<LocalDate> reduced = reducePartials(w);
    Dataset<Row> follows = warehouse.readDate(Tables.FOLLOWS, date);
    Dataset<Row> profiles = warehouse.readDate(Tables.PROFILES, date);
    Dataset<Row> posts = warehouse.readDates(Tables.POSTS, w.firstDate(), date);
    Dataset<Row> partials =
        EventPartials.inWindow(warehouse.readDates(Tables.EVENT_PARTIALS, w.firstDate(), date), w);

    Dataset<Row> windowFollows = Activity.windowFollows(follows, w);
    // What the report's engagement rates need of the events, so the report never reads bronze:
    // the window's likes and comments on the latest posts (still read from bronze, see
    // docs/activity.md).
    Dataset<Row> latestPosts = LatestPosts.latest(posts, w);
    Dataset<Row> latestReactions =
        LatestPosts.reactions(
            Activity.windowEvents(warehouse.readDates(Tables.INTERACTIONS, w.firstDate(), date), w),
            latestPosts);
    Dataset<Row> relationships =
        Activity.relationships(
            Activity.standingRows(follows, w),
            LatestPosts.onPairs(
                EventPartials.pairRows(partials), LatestPosts.byFollower(latestReactions)),
            Activity.postTimes(posts, w),
            config.minExposure());
    spark.sparkContext().setJobDescription("pasif activity " + date + ": relationships");
    long relationshipRows =
        warehouse.replaceDate(Tables.RELATIONSHIPS, date, relationships.withColumn(DT, lit(date)));

    Dataset<Row> written = warehouse.readDate(Tables.RELATIONSHIPS, date);
    Dataset<Row> features =
        Activity.followerFeaturesOf(
            written, EventPartials.followerEvents(partials), windowFollows, profiles, w);
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

    return new Result(relationshipRows, followerRows, accountDayRows, reduced);
  }

  /**
   * Writes the event partials of D, and of every other delivery date of the window that bronze
   * holds interactions for and whose partials are missing (all of them with {@code --full}).
   */
  private List<LocalDate> reducePartials(Window w) {
    List<LocalDate> dates = new ArrayList<>();
    dates.add(date);
    LocalDate before = date.minusDays(1);
    if (!before.isBefore(w.firstDate()) && warehouse.exists(Tables.INTERACTIONS)) {
      Dataset<Row> delivered =
          warehouse
              .readDates(Tables.INTERACTIONS, w.firstDate(), before)
              .select(col(DT))
              .distinct();
      if (!full && warehouse.exists(Tables.EVENT_PARTIALS)) {
        delivered =
            delivered.except(
                warehouse
                    .readDates(Tables.EVENT_PARTIALS, w.firstDate(), before)
                    .where(col(GRAIN).equalTo(EventPartials.DELIVERY))
                    .select(col(DT)));
      }
      spark.sparkContext().setJobDescription("pasif activity " + date + ": partials missing");
      delivered.collectAsList().stream() // bounded: at most the window's days
          .map(r -> r.getDate(0).toLocalDate())
          .sorted()
          .forEach(dates::add);
    }
    for (LocalDate dt : dates) {
      spark.sparkContext().setJobDescription("pasif activity " + date + ": partials of " + dt);
      warehouse.replaceDate(Tables.EVENT_PARTIALS, dt, partialsOf(dt));
    }
    return dates;
  }

  /**
   * The event partials of delivery date {@code dt} from bronze: its interactions (self-interactions
   * removed; days before dt's own window dropped, as no window from dt on holds them), timed with
   * the posts delivered in dt's window up to dt itself, so that they never depend on what was
   * delivered later.
   */
  private Dataset<Row> partialsOf(LocalDate dt) {
    Window own = Window.of(dt, config.windowDays(), config.dayZone());
    Dataset<Row> events =
        Activity.eventsSince(warehouse.readDate(Tables.INTERACTIONS, dt), own.startTs());
    Dataset<Row> published =
        EventPartials.published(warehouse.readDates(Tables.POSTS, own.firstDate(), dt));
    return EventPartials.of(events, published, own.zone())
        .unionByName(EventPartials.delivery(events, dt))
        .withColumn(DT, lit(dt));
  }

  private void requireBronze() {
    if (!warehouse.hasDate(Tables.FOLLOWS, date)) {
      throw new id.pasif.PasifException(
          "no bronze follows for " + date + " in " + warehouse.root() + "; run pasif ingest first");
    }
  }
}
