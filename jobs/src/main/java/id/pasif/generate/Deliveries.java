package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.dump.DumpDataset;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code pasif generate --deliveries N}: one simulated world cut into the dumps of N consecutive
 * dates, the last one the world's date D. Delivery 0 (date D − N + 1) holds the history: every
 * event up to the end of its date. Delivery i holds the events delivered on its date: those dated
 * that day (in the warehouse's day zone), plus, with a late share, events of the 1 to 3 days before
 * that arrive late. Snapshots are the world as of the end of each date: the follows made by then
 * (an unfollow shown once it happened), the profiles of the users created by then, a posting
 * account's {@code media_count} less the posts it publishes later (never below 0). The last date's
 * snapshots are the world's own, row for row.
 */
final class Deliveries {
  /** Most days an event arrives late. */
  static final int MAX_LATE_DAYS = 3;

  private static final String LATER_POSTS = "later_posts";

  private final Random rnd;
  private final LocalDate last;
  private final int count;
  private final ZoneId dayZone;
  private final double lateShare;

  Deliveries(Random rnd, LocalDate last, int count, ZoneId dayZone, double lateShare) {
    this.rnd = rnd;
    this.last = last;
    this.count = count;
    this.dayZone = dayZone;
    this.lateShare = lateShare;
  }

  /** The date of delivery {@code i} (0 = the first). */
  LocalDate date(int i) {
    return last.minusDays(count - 1 - i);
  }

  /** The first second after date {@code i}'s day, as epoch seconds. */
  private long endOf(int i) {
    return date(i).plusDays(1).atStartOfDay(dayZone).toEpochSecond();
  }

  private static Column epoch(String timestampColumn) {
    return col(timestampColumn).cast("long");
  }

  /**
   * The events of {@code events} ({@link DumpDataset#POSTS} or {@link DumpDataset#INTERACTIONS}
   * rows) delivered on date {@code i}; all of them when there is a single date.
   */
  Dataset<Row> delivered(Dataset<Row> events, DumpDataset dataset, int i) {
    if (count == 1) {
      return events;
    }
    return events.where(deliveryIndex(dataset).equalTo(i));
  }

  /**
   * Index of the delivery an event is in: its own day's index (days before the first date count as
   * negative), plus its late days, kept within {@code 0..count − 1}.
   */
  Column deliveryIndex(DumpDataset dataset) {
    String ts = dataset == DumpDataset.POSTS ? POSTED_AT : TS;
    Column at = epoch(ts);
    // day index of the event: -MAX_LATE_DAYS or less, ..., count - 1
    Column day = lit(count - 1);
    for (int i = count - 2; i >= -MAX_LATE_DAYS; i--) {
      day = when(at.lt(endOf(i)), lit(i)).otherwise(day);
    }
    if (lateShare > 0) {
      Column key = dataset == DumpDataset.POSTS ? col(POST_ID) : col(EVENT_ID);
      String salt = "late." + dataset.tableName();
      Column lag =
          when(rnd.chance(salt, lateShare, key), rnd.between(salt + ".days", 1, MAX_LATE_DAYS, key))
              .otherwise(lit(0L));
      day = day.plus(lag);
    }
    return greatest(lit(0L), least(lit((long) count - 1), day.cast("long")));
  }

  /**
   * The follows snapshot of date {@code i}: the follows made before its end, {@code unfollowed_at}
   * only for unfollows that happened by then. Needs the world's follows.
   */
  Dataset<Row> followsAsOf(Dataset<Row> follows, int i) {
    long end = endOf(i);
    return follows
        .where(epoch(FOLLOWED_AT).lt(end))
        .withColumn(UNFOLLOWED_AT, when(epoch(UNFOLLOWED_AT).lt(end), col(UNFOLLOWED_AT)));
  }

  /**
   * The profiles snapshot of date {@code i}: users created before its end; a posting account's
   * {@code media_count} without the posts it publishes after that (not below 0). {@code posts} are
   * the world's posts, null for a profile-only dump (media counts then stay).
   */
  Dataset<Row> profilesAsOf(Dataset<Row> profiles, Dataset<Row> posts, int i) {
    long end = endOf(i);
    Dataset<Row> known = profiles.where(col(Populations.CREATED_EPOCH).lt(end));
    if (posts == null) {
      return known;
    }
    Dataset<Row> later =
        posts
            .where(epoch(POSTED_AT).geq(end))
            .groupBy(col(ACCOUNT_ID).as(USER_ID))
            .agg(count(lit(1)).as(LATER_POSTS));
    // broadcast: the profiles keep their partitions and order (one file per range of users)
    return known
        .join(broadcast(later), known.col(USER_ID).equalTo(later.col(USER_ID)), "left")
        .drop(later.col(USER_ID))
        .withColumn(
            MEDIA_COUNT,
            greatest(lit(0L), col(MEDIA_COUNT).minus(coalesce(col(LATER_POSTS), lit(0L)))))
        .drop(LATER_POSTS);
  }
}
