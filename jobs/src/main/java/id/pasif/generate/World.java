package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.warehouse.Columns.FOLLOWING_COUNT;
import static id.pasif.warehouse.Columns.USER_ID;

import id.pasif.segment.Segment;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * What every user of a generated dump can compute about any other user from ids alone: segment, bot
 * cause, pod membership, province zone, engagement, and the posts of a posting account. These are
 * the same draws {@link Populations} makes as Spark expressions ({@code DrawTest} checks the two
 * agree), evaluated in Java by the follow and event generators, which run inside {@code
 * mapPartitions} over the users: a user's follows, reciprocal follows, pod follows and interactions
 * are produced from its own row without a join or a shuffle.
 *
 * @param seed seed of every draw
 * @param users number of users
 * @param accounts posting accounts ({@code 1..accounts})
 * @param days days of events
 * @param windowStart first second of the event window (UTC epoch)
 * @param windowEnd first second after the window
 * @param firstDayUtc UTC midnight of the window's first calendar date
 * @param botShare share of bot-like users
 * @param passiveShare share of passive humans
 * @param podBlock ids per pod: the members of pod p are the engagement-pod users among ids {@code
 *     accounts + 1 + p·podBlock} up to {@code accounts + (p + 1)·podBlock}
 * @param batches number of bought batches
 */
record World(
    long seed,
    long users,
    long accounts,
    int days,
    long windowStart,
    long windowEnd,
    long firstDayUtc,
    double botShare,
    double passiveShare,
    long podBlock,
    long batches)
    implements Serializable {

  static final long DAY = 86400L;

  /** Post ids are {@code account_id · POST_ID_BASE + k}. */
  static final long POST_ID_BASE = 100_000L;

  static final String[] MEDIA_TYPES = {"photo", "video", "carousel", "reel"};

  /**
   * The columns of a user's row the generators read, from {@link Populations#profiles}: {@link
   * #USER_COLUMNS} in this order.
   *
   * @param cause true cause, null when none
   * @param pod engagement pod, -1 when none
   * @param batch bought batch, -1 when none
   */
  record User(
      long id,
      long following,
      Segment segment,
      TrueCause cause,
      double engagement,
      long pod,
      long batch,
      int zone,
      long created) {

    static User of(Row r) {
      return new User(
          r.getLong(0),
          r.getLong(1),
          Segment.fromLabel(r.getString(2)),
          r.isNullAt(3) ? null : TrueCause.fromLabel(r.getString(3)),
          r.getDouble(4),
          r.isNullAt(5) ? -1 : r.getLong(5),
          r.isNullAt(6) ? -1 : r.getLong(6),
          r.getInt(7),
          r.getLong(8));
    }
  }

  /** What the bot-like causes' pick (1-based, in {@link TrueCause} order) gives for a pod. */
  private static final int POD_PICK =
      TrueCause.of(Segment.BOT_LIKE).indexOf(TrueCause.ENGAGEMENT_POD) + 1;

  static final String[] USER_COLUMNS = {
    USER_ID, FOLLOWING_COUNT, TRUE_SEGMENT, TRUE_CAUSE, ENGAGEMENT, POD, BATCH, ZONE, CREATED_EPOCH
  };

  /**
   * The {@link #USER_COLUMNS} of the profiles, the rows the generators' {@code mapPartitions} read.
   */
  static Dataset<Row> userRows(Dataset<Row> profiles) {
    return profiles.select(Arrays.stream(USER_COLUMNS).map(functions::col).toArray(Column[]::new));
  }

  /** What a generator makes of one user's row, with the task's {@link Shared} draws. */
  interface PerUser extends Serializable {
    void rows(User user, Shared shared, List<Row> out);
  }

  /**
   * The rows {@code perUser} makes of every user of {@code profiles}, in the users' order, as
   * {@code schema}: a {@code mapPartitions} with one {@link Shared} per task.
   */
  static Dataset<Row> generate(
      Dataset<Row> profiles, World world, PerUser perUser, StructType schema) {
    MapPartitionsFunction<Row, Row> gen =
        users -> {
          Shared shared = new Shared(world);
          return new FlatRows(users, (u, out) -> perUser.rows(u, shared, out));
        };
    return userRows(profiles).mapPartitions(gen, Encoders.row(schema));
  }

  /** Pod of an engagement-pod user, as {@link Populations#users} assigns it. */
  long podOf(long id) {
    return (id - accounts - 1) / podBlock;
  }

  /** Draws shared by the follow and event generators; one instance per task. */
  static final class Shared {
    final World w;
    private final Draw segment;
    private final Draw.Pick botCause;
    private final Draw.Pick province;
    private final Draw engagement;
    private final Draw.Normal postRate;
    private final Draw postN;
    private final Draw postDay;
    private final Draw.Pick postHour;
    private final Draw postSec;
    private final Draw postMedia;
    private final int[] zones;
    private final Map<Long, long[]> postTimes = new HashMap<>();
    private long cachedPod = -1;
    private long[] cachedMembers = new long[0];

    /** Accounts whose post times are kept per task; beyond it the cache starts over. */
    private static final int POST_CACHE_ACCOUNTS = 200_000;

    Shared(World w) {
      this.w = w;
      long s = w.seed();
      segment = new Draw(s, "segment");
      botCause = new Draw.Pick(s, "cause.bot", BOT_CAUSES);
      province =
          new Draw.Pick(
              s, "province", Arrays.stream(PROVINCES).mapToDouble(p -> (Double) p[1]).toArray());
      zones = Arrays.stream(PROVINCES).mapToInt(p -> (Integer) p[2]).toArray();
      engagement = new Draw(s, "engagement");
      postRate = new Draw.Normal(s, "post.rate");
      postN = new Draw(s, "post.n");
      postDay = new Draw(s, "post.day");
      postHour = new Draw.Pick(s, "post.hour", LOCAL_HOURS);
      postSec = new Draw(s, "post.sec");
      postMedia = new Draw(s, "post.media");
    }

    /** UTC offset in hours of a user's province. */
    int zoneOf(long id) {
      return zones[province.pick(id) - 1];
    }

    /** Share of exposed posts a user likes when it engages: 0.15 to 0.6. */
    double engagementOf(long id) {
      return engagement.uniform(id) * 0.45 + 0.15;
    }

    boolean isPodMember(long id) {
      if (id <= w.accounts()) {
        return false;
      }
      return segment.uniform(id) < w.botShare() && botCause.pick(id) == POD_PICK;
    }

    /** The members of pod {@code pod}, ascending (the last pod asked for is kept). */
    long[] podMembers(long pod) {
      if (pod != cachedPod) {
        long lo = w.accounts() + 1 + pod * w.podBlock();
        long hi = Math.min(w.users(), lo + w.podBlock() - 1);
        long[] found = new long[16];
        int n = 0;
        for (long id = lo; id <= hi; id++) {
          if (isPodMember(id)) {
            if (n == found.length) {
              found = Arrays.copyOf(found, n * 2);
            }
            found[n++] = id;
          }
        }
        cachedMembers = Arrays.copyOf(found, n);
        cachedPod = pod;
      }
      return cachedMembers;
    }

    /** Number of posts an account publishes in the window: log-normal rate, median 0.5 a day. */
    long postCount(long account) {
      double perDay = Math.min(4.0, postRate.logNormal(0.5, 0.8, account));
      return Math.max(1L, (long) Math.floor(perDay * (double) w.days() + postN.uniform(account)));
    }

    /**
     * When an account's {@code k}-th post is published: a day of the window and a local hour drawn
     * from {@link Populations#LOCAL_HOURS}, converted to UTC with the account's zone, wrapped into
     * the window.
     */
    long postedAt(long account, long k, int zone) {
      long span = w.windowEnd() - w.windowStart();
      long local =
          w.firstDayUtc()
              + postDay.between(0, w.days() - 1, account, k) * DAY
              + (postHour.pick(account, k) - 1) * 3600L
              + postSec.between(0, 3599, account, k)
              - zone * 3600L;
      return w.windowStart() + Math.floorMod(local - w.windowStart(), span);
    }

    String mediaType(long account, long k) {
      return MEDIA_TYPES[(int) postMedia.between(1, 4, account, k) - 1];
    }

    /** Publication times of an account's posts 1..n (index k - 1), cached per task. */
    long[] postTimes(long account) {
      long[] times = postTimes.get(account);
      if (times == null) {
        if (postTimes.size() >= POST_CACHE_ACCOUNTS) {
          postTimes.clear();
        }
        int zone = zoneOf(account);
        times = new long[(int) postCount(account)];
        for (int k = 1; k <= times.length; k++) {
          times[k - 1] = postedAt(account, k, zone);
        }
        postTimes.put(account, times);
      }
      return times;
    }
  }
}
