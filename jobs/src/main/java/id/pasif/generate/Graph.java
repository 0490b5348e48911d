package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.generate.World.DAY;
import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.report.Cause;
import id.pasif.segment.Segment;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The follow graph of a generated dump: power-law follows, bought batches following their customers
 * in bursts, herd follows inside an account's trend spike, follow-back reciprocation and engagement
 * pods following each other.
 *
 * <p>Generated in Java inside {@code mapPartitions} over the users (see {@link World}): each user's
 * row gives its own follows sorted by account, then its pod follows, then the follow-backs it
 * receives. Rows leave in a deterministic order, so no shuffle or sort is needed before writing.
 */
final class Graph implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Latent: whether the follower, by its nature, engages with this account's posts. */
  static final String ENGAGES = "engages";

  /** Latent: which cause explains the relationship's silence (null when the follower engages). */
  static final String SILENT_CAUSE = "silent_cause";

  /** Exponent of the popularity draw: account rank = M · u^3, so P(rank ≤ r) = (r / M)^(1/3). */
  static final double POPULARITY_EXPONENT = 3.0;

  private static final String FOLLOWED_EPOCH = "followed_epoch";
  private static final String UNFOLLOWED_EPOCH = "unfollowed_epoch";

  /** Rows of {@link #rows}: epochs in seconds, turned into timestamps by {@link #follows}. */
  static final StructType ROW_SCHEMA =
      new StructType()
          .add(FOLLOWER_ID, DataTypes.LongType, false)
          .add(ACCOUNT_ID, DataTypes.LongType, false)
          .add(FOLLOWED_EPOCH, DataTypes.LongType, false)
          .add(UNFOLLOWED_EPOCH, DataTypes.LongType, true)
          .add(TRUE_SEGMENT, DataTypes.StringType, false)
          .add(TRUE_CAUSE, DataTypes.StringType, true)
          .add(ENGAGEMENT, DataTypes.DoubleType, false)
          .add(POD, DataTypes.LongType, true)
          .add(ZONE, DataTypes.IntegerType, false)
          .add(ENGAGES, DataTypes.BooleanType, false)
          .add(SILENT_CAUSE, DataTypes.StringType, true);

  /** No unfollow. */
  static final long NEVER = Long.MIN_VALUE;

  /**
   * One of a user's own follows.
   *
   * @param k the draw that first picked the account (1-based)
   * @param unfollowedAt {@link #NEVER} while the follow stands
   */
  record Follow(
      long account,
      long k,
      long followedAt,
      long unfollowedAt,
      boolean engages,
      String silentCause) {}

  private final World w;
  private final Draw target;
  private final Draw batchCustomers;
  private final Draw batchCustomer;
  private final Draw batchBurst;
  private final Draw burstJitter;
  private final Draw followT;
  private final Draw spikeDay;
  private final Draw spikeJitter;
  private final Draw herdAtSpike;
  private final Draw activeAtSpike;
  private final Draw followAge;
  private final Draw unfollow;
  private final Draw unfollowAfter;
  private final Draw caresActive;
  private final Draw caresCm;
  private final Draw followBack;
  private final Draw followBackAfter;
  private final Draw podFormed;
  private final Draw podFollow;

  Graph(World w) {
    this.w = w;
    long s = w.seed();
    target = new Draw(s, "target");
    batchCustomers = new Draw(s, "batch.customers");
    batchCustomer = new Draw(s, "batch.customer");
    batchBurst = new Draw(s, "batch.burst");
    burstJitter = new Draw(s, "burst.jitter");
    followT = new Draw(s, "follow.t");
    spikeDay = new Draw(s, "spike.day");
    spikeJitter = new Draw(s, "spike.jitter");
    herdAtSpike = new Draw(s, "herd.at.spike");
    activeAtSpike = new Draw(s, "active.at.spike");
    followAge = new Draw(s, "follow.age");
    unfollow = new Draw(s, "unfollow");
    unfollowAfter = new Draw(s, "unfollow.after");
    caresActive = new Draw(s, "cares.active");
    caresCm = new Draw(s, "cares.cm");
    followBack = new Draw(s, "follow.back");
    followBackAfter = new Draw(s, "follow.back.after");
    podFormed = new Draw(s, "pod.formed");
    podFollow = new Draw(s, "pod.follow");
  }

  /**
   * Listed follows per displayed following: 1 when there are enough accounts to follow, otherwise
   * shrunk so that a capped follower (7,500) follows at most about twice the accounts there are.
   */
  static double followScale(long accounts) {
    return Math.min(1.0, accounts * 2.0 / FOLLOWING_CAP);
  }

  /**
   * A power-law draw of a posting account: low ids are the celebrities. {@code u·u·u}, not {@code
   * pow(u, 3)}: the same law, and {@code StrictMath.pow} was the generator's costliest call.
   */
  static long popularAccount(Draw d, long accounts, long k1, long k2) {
    double u = d.uniform(k1, k2);
    return (long) Math.floor(u * u * u * accounts) + 1;
  }

  /**
   * The start of an account's trend spike: one evening inside the window, 12:00 UTC (19:00 WIB,
   * 20:00 WITA, 21:00 WIT).
   */
  private long spikeStart(long account) {
    long day = spikeDay.between(0, Math.max(0, w.days() - 2), account);
    return w.firstDayUtc() + day * DAY + 12 * 3600L;
  }

  /** The {@code j}-th burst of a bought batch: when the whole batch follows its customer. */
  private long batchBurst(long batch, long j) {
    long span = Math.max(1, w.windowEnd() - w.windowStart() - 3 * 3600);
    return w.windowStart() + (long) Math.floor(batchBurst.uniform(batch, j) * span);
  }

  /**
   * A user's own follows, sorted by account: {@code round(following · scale)} power-law draws
   * (bought accounts' first 1 to 3 draws are their batch's customers), an account drawn twice kept
   * at its first draw.
   */
  List<Follow> own(World.User u) {
    long m = w.accounts();
    long f = u.id();
    TrueCause cause = u.cause();
    boolean bought = cause == TrueCause.BOUGHT;
    long n = Math.max(1L, Math.min(Draw.sparkRound(u.following() * followScale(m)), m));
    long customers = bought ? batchCustomers.between(1, 3, u.batch()) : 0;
    // account << 13 | k: sorting orders by account, then by draw; k <= 7,500 < 2^13
    long[] packed = new long[(int) n];
    for (long k = 1; k <= n; k++) {
      long raw =
          bought && k <= customers
              ? batchCustomer.between(1, m, u.batch(), k)
              : popularAccount(target, m, f, k);
      long account = raw == f ? Math.floorMod(raw, m) + 1 : raw;
      packed[(int) k - 1] = account << 13 | k;
    }
    Arrays.sort(packed);
    boolean active = u.segment() == Segment.ACTIVE;
    boolean bot = u.segment() == Segment.BOT_LIKE;
    boolean herd = cause == TrueCause.HERD;
    long end = w.windowEnd();
    List<Follow> out = new ArrayList<>(packed.length);
    long previous = -1;
    for (long p : packed) {
      long a = p >>> 13;
      long k = p & 8191;
      if (a == previous) {
        continue;
      }
      previous = a;
      boolean customer = bought && k <= customers;
      boolean atSpike =
          herd ? herdAtSpike.chance(0.7, f, a) : active && activeAtSpike.chance(0.05, f, a);
      long at;
      if (customer) {
        at = batchBurst(u.batch(), k) + burstJitter.between(0, 1200, f, a);
      } else if (atSpike) {
        at = spikeStart(a) + spikeJitter.between(0, 4 * 3600, f, a);
      } else if (bought) {
        at = u.created() + (long) Math.floor(followT.uniform(f, a) * (double) (end - u.created()));
      } else {
        at = Math.max(u.created(), end - followAge.between(3600, 730 * DAY, f, a));
      }
      at = Math.min(at, end - 1);
      long unfollowedAt =
          !bot && unfollow.chance(0.03, f, a)
              ? Math.min(end - 1, at + unfollowAfter.between(3600, 60 * DAY, f, a))
              : NEVER;
      boolean engages =
          active
              ? caresActive.chance(0.85, f, a)
              : cause == TrueCause.CONTENT_MISMATCH
                  ? caresCm.chance(0.08, f, a)
                  : cause == TrueCause.AUTOMATED;
      String silent;
      if (engages) {
        silent = null;
      } else if (bot) {
        silent = Cause.BOT_LIKE.label();
      } else if (active) {
        silent = Cause.CONTENT_MISMATCH.label();
      } else if (herd && !atSpike) {
        silent = Cause.DORMANT.label();
      } else {
        // the remaining silent users are passive: their true cause is a cause of silence
        silent = cause.label();
      }
      out.add(new Follow(a, k, at, unfollowedAt, engages, silent));
    }
    return out;
  }

  /** Whether {@code own} (sorted by account, as {@link #own} returns it) holds {@code account}. */
  static boolean followsAccount(List<Follow> own, long account) {
    int lo = 0;
    int hi = own.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long a = own.get(mid).account();
      if (a < account) {
        lo = mid + 1;
      } else if (a > account) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * Every follow row a user's row produces: its own follows, its pod follows (members of an
   * engagement pod all follow each other from the day the pod formed) and the follow-backs it
   * receives (accounts followed by a follow-back seeker follow it back, small accounts far more
   * often than celebrities: probability 0.45 · sqrt(rank / M)).
   */
  void each(World.User u, World.Shared shared, Sink sink) {
    long f = u.id();
    Long pod = u.pod() < 0 ? null : u.pod();
    TrueCause cause = u.cause();
    List<Follow> own = own(u);
    for (Follow fo : own) {
      sink.accept(
          f,
          fo.account(),
          fo.followedAt(),
          fo.unfollowedAt(),
          u.segment().label(),
          cause == null ? null : cause.label(),
          u.engagement(),
          pod,
          u.zone(),
          fo.engages(),
          fo.silentCause());
    }
    if (pod != null) {
      long formed = w.windowStart() - podFormed.between(1, 300, pod) * DAY;
      for (long a : shared.podMembers(pod)) {
        if (a != f) {
          sink.accept(
              f,
              a,
              formed + podFollow.between(0, 3600, f, a),
              NEVER,
              Segment.BOT_LIKE.label(),
              TrueCause.ENGAGEMENT_POD.label(),
              u.engagement(),
              pod,
              u.zone(),
              true,
              null);
        }
      }
    }
    if (cause == TrueCause.FOLLOW_BACK) {
      for (Follow fo : own) {
        long a = fo.account();
        double p = Math.sqrt(a / (double) w.accounts()) * 0.45;
        if (followBack.chance(p, f, a)) {
          sink.accept(
              a,
              f,
              Math.min(
                  w.windowEnd() - 1, fo.followedAt() + followBackAfter.between(60, 3 * DAY, f, a)),
              NEVER,
              Segment.ACTIVE.label(),
              null,
              shared.engagementOf(a),
              null,
              shared.zoneOf(a),
              true,
              null);
        }
      }
    }
  }

  /** Receives the follow rows of {@link #each}; {@code unfollowedAt} is {@link #NEVER} if none. */
  interface Sink {
    void accept(
        long follower,
        long account,
        long followedAt,
        long unfollowedAt,
        String segment,
        String cause,
        double engagement,
        Long pod,
        int zone,
        boolean engages,
        String silentCause);
  }

  /** The rows of {@link #each}, as {@link #ROW_SCHEMA}. */
  void rows(World.User u, World.Shared shared, List<Row> out) {
    each(
        u,
        shared,
        (f, a, at, unfollowedAt, segment, cause, engagement, pod, zone, engages, silent) ->
            out.add(
                RowFactory.create(
                    f,
                    a,
                    at,
                    unfollowedAt == NEVER ? null : unfollowedAt,
                    segment,
                    cause,
                    engagement,
                    pod,
                    zone,
                    engages,
                    silent)));
  }

  /**
   * {@code user_id, account_id, cause}: every standing follow of a posting account that is silent
   * by construction, with the cause that explains the silence; sorted by user and account across
   * partitions (the rows of {@code truth/causes.csv}).
   */
  Dataset<Row> silentCauses(Dataset<Row> profiles) {
    long accounts = w.accounts();
    Graph graph = this;
    StructType schema =
        new StructType()
            .add(USER_ID, DataTypes.LongType, false)
            .add(ACCOUNT_ID, DataTypes.LongType, false)
            .add(Truth.CAUSE, DataTypes.StringType, false);
    return World.generate(
        profiles,
        w,
        (u, shared, out) ->
            graph.each(
                u,
                shared,
                (f, a, at, unfollowedAt, segment, cause, eng, pod, zone, engages, silent) -> {
                  if (unfollowedAt == NEVER && silent != null && a <= accounts) {
                    out.add(RowFactory.create(f, a, silent));
                  }
                }),
        schema);
  }

  /**
   * Per followed account, standing followers and how many are truly passive and bot-like, counted
   * per partition in a map (one row per account and partition, not per follow); sum by account.
   */
  Dataset<Row> standingTotals(Dataset<Row> profiles) {
    World world = w;
    Graph graph = this;
    MapPartitionsFunction<Row, Row> count =
        users -> {
          World.Shared shared = new World.Shared(world);
          Map<Long, long[]> totals = new HashMap<>();
          while (users.hasNext()) {
            graph.each(
                World.User.of(users.next()),
                shared,
                (f, a, at, unfollowedAt, segment, cause, eng, pod, zone, engages, silent) -> {
                  if (unfollowedAt == NEVER) {
                    long[] t = totals.computeIfAbsent(a, k -> new long[3]);
                    t[0]++;
                    t[1] += segment.equals(Segment.PASSIVE.label()) ? 1 : 0;
                    t[2] += segment.equals(Segment.BOT_LIKE.label()) ? 1 : 0;
                  }
                });
          }
          return totals.entrySet().stream()
              .map(
                  e ->
                      RowFactory.create(
                          e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
              .iterator();
        };
    StructType schema =
        new StructType()
            .add(ACCOUNT_ID, DataTypes.LongType, false)
            .add(FOLLOWERS, DataTypes.LongType, false)
            .add(Truth.PASSIVE_FOLLOWERS_TRUE, DataTypes.LongType, false)
            .add(Truth.BOT_LIKE_FOLLOWERS_TRUE, DataTypes.LongType, false);
    return World.userRows(profiles).mapPartitions(count, Encoders.row(schema));
  }

  /**
   * All follow edges, with the follower's latent columns. Needs {@link Populations#profiles}; the
   * result has {@code follower_id, account_id, followed_at, unfollowed_at}, {@link #ENGAGES},
   * {@link #SILENT_CAUSE} and the follower's true segment, cause, engagement, pod and zone.
   */
  Dataset<Row> follows(Dataset<Row> profiles) {
    Graph graph = this;
    return World.generate(profiles, w, graph::rows, ROW_SCHEMA)
        .select(
            col(FOLLOWER_ID),
            col(ACCOUNT_ID),
            timestamp_seconds(col(FOLLOWED_EPOCH)).as(FOLLOWED_AT),
            timestamp_seconds(col(UNFOLLOWED_EPOCH)).as(UNFOLLOWED_AT),
            col(TRUE_SEGMENT),
            col(TRUE_CAUSE),
            col(ENGAGEMENT),
            col(POD),
            col(ZONE),
            col(ENGAGES),
            col(SILENT_CAUSE));
  }
}
