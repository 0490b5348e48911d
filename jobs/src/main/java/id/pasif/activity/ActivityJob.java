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
   * Rows written for the run date: relationships, follower_features and account_day; the delivery
   * dates whose event partials this run reduced from bronze (D always, then the rest in date
   * order); and the date whose window state this run rolled forward, or null when it summed the
   * window's partials.
   */
  public record Result(
      long relationships,
      long followers,
      long accountDays,
      List<LocalDate> reduced,
      LocalDate rolledFrom) {}

  public Result run() {
    Window w = Window.of(date, config.windowDays(), config.dayZone());
    requireBronze();
    List<LocalDate> reduced = new ArrayList<>();
    reduced.add(date);
    reduced.addAll(reduceMissingPartials(w));
    LocalDate rolledFrom = writePartialsAndState(w);
    Dataset<Row> follows = warehouse.readDate(Tables.FOLLOWS, date);
    Dataset<Row> profiles = warehouse.readDate(Tables.PROFILES, date);
    Dataset<Row> posts = warehouse.readDates(Tables.POSTS, w.firstDate(), date);
    Dataset<Row> state = warehouse.readDate(Tables.EVENT_PARTIALS, date);

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
        LatestPosts.onRelationships(
            Activity.relationships(
                Activity.standingFollows(follows, w),
                EventPartials.pairActivity(state),
                Activity.postTimes(posts, w),
                config.minExposure()),
            LatestPosts.byFollower(latestReactions));
    spark.sparkContext().setJobDescription("pasif activity " + date + ": relationships");
    long relationshipRows =
        warehouse.replaceDate(Tables.RELATIONSHIPS, date, relationships.withColumn(DT, lit(date)));

    Dataset<Row> written = warehouse.readDate(Tables.RELATIONSHIPS, date);
    Dataset<Row> features =
        Activity.followerFeaturesOf(
            written, EventPartials.followerEvents(state), windowFollows, profiles, w);
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

    return new Result(relationshipRows, followerRows, accountDayRows, reduced, rolledFrom);
  }

  /**
   * Rows of {@code event_partials} a write of delivery date X replaces besides X's own: the window
   * states of later run dates, which summed X's earlier partials. So a state on the table always
   * sums the partials the table holds, and a night after a re-run or backfill of an earlier date
   * finds no state of its day before and sums the window again.
   */
  private static String laterStates(LocalDate dt) {
    return DT
        + " > '"
        + dt
        + "' AND "
        + GRAIN
        + " IN ('"
        + String.join("', '", EventPartials.STATE_GRAINS)
        + "')";
  }

  /**
   * Writes the event partials of every delivery date of the window before D that bronze holds
   * interactions for and whose partials are missing (all of them with {@code --full}), in date
   * order, and returns those dates.
   */
  private List<LocalDate> reduceMissingPartials(Window w) {
    List<LocalDate> dates = new ArrayList<>();
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
      warehouse.replaceDate(Tables.EVENT_PARTIALS, dt, laterStates(dt), partialsOf(dt));
    }
    return dates;
  }

  /**
   * Writes D's event partials and the window state of D in one commit. The state rolls the state of
   * D - 1 forward (its rows + D's partials - the partials that leave the window) when the table
   * holds one for a window of this length and this is no {@code --full} run; else it sums the
   * partials of the window. Returns D - 1 when it rolled, else null.
   */
  private LocalDate writePartialsAndState(Window w) {
    Dataset<Row> own = partialsOf(date);
    LocalDate before = date.minusDays(1);
    boolean roll = !full && hasState(before, w.days());
    Dataset<Row> state;
    if (roll) {
      // The window of D - 1 held its first date E and the delivery dated E; D's holds neither.
      LocalDate expiredDay = Window.of(before, w.days(), w.zone()).firstDate();
      Dataset<Row> expired =
          warehouse
              .readDates(Tables.EVENT_PARTIALS, expiredDay, before)
              .where(col(DAY).equalTo(lit(expiredDay)).or(col(DT).equalTo(lit(expiredDay))));
      state =
          EventPartials.windowState(
              warehouse.readDate(Tables.EVENT_PARTIALS, before),
              EventPartials.inWindow(own, w),
              EventPartials.inWindow(expired, Window.of(before, w.days(), w.zone())),
              w);
    } else {
      Dataset<Row> window = EventPartials.inWindow(own, w);
      if (warehouse.exists(Tables.EVENT_PARTIALS)) {
        window =
            window.unionByName(
                EventPartials.inWindow(
                    warehouse.readDates(Tables.EVENT_PARTIALS, w.firstDate(), before), w));
      }
      state = EventPartials.windowState(null, window, null, w);
    }
    spark.sparkContext().setJobDescription("pasif activity " + date + ": partials and state");
    warehouse.replaceDate(
        Tables.EVENT_PARTIALS,
        date,
        laterStates(date),
        own.unionByName(state.withColumn(DT, lit(date))));
    return roll ? before : null;
  }

  /** Whether event_partials holds the window state of {@code dt} for a window of this length. */
  private boolean hasState(LocalDate dt, int windowDays) {
    if (!warehouse.exists(Tables.EVENT_PARTIALS) || windowDays > EventPartials.MAX_WINDOW_DAYS) {
      return false;
    }
    spark.sparkContext().setJobDescription("pasif activity " + date + ": state of " + dt);
    List<Row> marker =
        warehouse
            .readDate(Tables.EVENT_PARTIALS, dt)
            .where(col(GRAIN).equalTo(EventPartials.WINDOW))
            .select(col(EVENTS))
            .collectAsList(); // bounded: one marker row per date
    return marker.size() == 1
        && !marker.get(0).isNullAt(0)
        && marker.get(0).getLong(0) == windowDays;
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
