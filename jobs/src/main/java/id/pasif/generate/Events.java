package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.generate.World.DAY;
import static id.pasif.generate.World.POST_ID_BASE;
import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.segment.Segment;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Posts and interactions of a generated dump. Posting and human activity follow local hours of the
 * actor's province (WIB/WITA/WIT) and are stored as UTC instants.
 *
 * <p>Generated in Java inside {@code mapPartitions} over the users (see {@link World}): a post's
 * time is a function of its account and number, so a user's interactions come from its own follows
 * and the posts they expose, without joining follows to posts. Each user's interactions leave
 * sorted by post and type.
 */
final class Events implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final String POSTED_EPOCH = "posted_epoch";
  private static final String EPOCH = "ts_epoch";

  static final StructType POST_ROWS =
      new StructType()
          .add(POST_ID, DataTypes.LongType, false)
          .add(ACCOUNT_ID, DataTypes.LongType, false)
          .add(POSTED_EPOCH, DataTypes.LongType, false)
          .add(MEDIA_TYPE, DataTypes.StringType, false);

  static final StructType INTERACTION_ROWS =
      new StructType()
          .add(EVENT_ID, DataTypes.StringType, false)
          .add(ACTOR_ID, DataTypes.LongType, false)
          .add(ACCOUNT_ID, DataTypes.LongType, false)
          .add(POST_ID, DataTypes.LongType, false)
          .add(TYPE, DataTypes.StringType, false)
          .add(EPOCH, DataTypes.LongType, false)
          .add(COMMENT_TEXT, DataTypes.StringType, true);

  /** Interaction types in the order a user's rows are sorted by (as strings). */
  static final String[] TYPES = {"comment", "like", "save", "share"};

  private static final int COMMENT = 0;
  private static final int LIKE = 1;
  private static final int SAVE = 2;
  private static final int SHARE = 3;

  private final World w;
  private final Graph graph;
  private final Draw like;
  private final Draw comment;
  private final Draw share;
  private final Draw save;
  private final Draw autoPeriod;
  private final Draw autoPhase;
  private final Draw.Normal delayHuman;
  private final Draw delayMorning;
  private final Draw commentGeneric;
  private final Draw commentText;
  private final Draw podLag;
  private final Draw podJitter;
  private final Draw podComment;
  private final Draw podText;
  private final Draw exploreN;
  private final Draw exploreAccount;
  private final Draw explorePost;
  private final Draw exploreComment;
  private final Draw eventHigh;
  private final Draw eventLow;

  Events(World w, Graph graph) {
    this.w = w;
    this.graph = graph;
    long s = w.seed();
    like = new Draw(s, "like");
    comment = new Draw(s, "comment");
    share = new Draw(s, "share");
    save = new Draw(s, "save");
    autoPeriod = new Draw(s, "auto.period");
    autoPhase = new Draw(s, "auto.phase");
    delayHuman = new Draw.Normal(s, "delay.human");
    delayMorning = new Draw(s, "delay.morning");
    commentGeneric = new Draw(s, "comment.generic");
    commentText = new Draw(s, "comment.text");
    podLag = new Draw(s, "pod.lag");
    podJitter = new Draw(s, "pod.jitter");
    podComment = new Draw(s, "pod.comment");
    podText = new Draw(s, "pod.text");
    exploreN = new Draw(s, "explore.n");
    exploreAccount = new Draw(s, "explore.account");
    explorePost = new Draw(s, "explore.post");
    exploreComment = new Draw(s, "explore.comment");
    eventHigh = new Draw(s, "event.id.high");
    eventLow = new Draw(s, "event.id.low");
  }

  /** One interaction, before it becomes a row. */
  private record Event(long account, long post, int type, long at, String text) {}

  private static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::post).thenComparingInt(Event::type);

  /**
   * Posts of the posting accounts ({@code 1..accounts}) and of engagement-pod members. Needs the
   * profiles; returns the posts dataset's columns, each account's posts in order.
   */
  Dataset<Row> posts(Dataset<Row> profiles) {
    long accounts = w.accounts();
    World.PerUser posts =
        (u, shared, out) -> {
          if (u.id() > accounts && u.pod() < 0) {
            return;
          }
          long a = u.id();
          long n = shared.postCount(a);
          for (long k = 1; k <= n; k++) {
            out.add(
                RowFactory.create(
                    a * POST_ID_BASE + k,
                    a,
                    shared.postedAt(a, k, u.zone()),
                    shared.mediaType(a, k)));
          }
        };
    return World.generate(profiles, w, posts, POST_ROWS)
        .select(
            col(POST_ID),
            col(ACCOUNT_ID),
            timestamp_seconds(col(POSTED_EPOCH)).as(POSTED_AT),
            col(MEDIA_TYPE));
  }

  /**
   * All interactions: on followed accounts, inside engagement pods and exploration of accounts not
   * followed. Needs {@link Populations#profiles}; returns the interactions dataset's columns.
   */
  Dataset<Row> interactions(Dataset<Row> profiles) {
    Events events = this;
    World world = w;
    MapPartitionsFunction<Row, Row> gen =
        users -> {
          World.Shared shared = new World.Shared(world);
          List<Event> scratch = new ArrayList<>();
          return new FlatRows(users, (u, out) -> events.rows(u, shared, scratch, out));
        };
    return World.userRows(profiles)
        .mapPartitions(gen, Encoders.row(INTERACTION_ROWS))
        .select(
            col(EVENT_ID),
            col(ACTOR_ID),
            col(ACCOUNT_ID),
            col(POST_ID),
            col(TYPE),
            timestamp_seconds(col(EPOCH)).as(TS),
            col(COMMENT_TEXT));
  }

  /** A user's interactions, sorted by post and type; {@code events} is scratch space. */
  private void rows(World.User u, World.Shared shared, List<Event> events, List<Row> out) {
    events.clear();
    boolean active = u.segment() == Segment.ACTIVE;
    boolean engages =
        active || u.cause() == TrueCause.CONTENT_MISMATCH || u.cause() == TrueCause.AUTOMATED;
    if (u.pod() >= 0) {
      inPod(u, shared, events);
    } else if (engages) {
      // the others engage with none of their follows (Graph.own): their follows are not drawn
      List<Graph.Follow> own = graph.own(u);
      onFollowed(u, own, shared, events);
      if (active && u.id() > w.accounts()) {
        explore(u, own, shared, events);
      }
    }
    events.sort(ORDER);
    long f = u.id();
    for (Event e : events) {
      out.add(
          RowFactory.create(
              eventId(f, e.post(), e.type()),
              f,
              e.account(),
              e.post(),
              TYPES[e.type()],
              e.at(),
              e.text()));
    }
  }

  /**
   * Who acts on which exposed post of an account it follows. Active humans act on a share of what
   * they see from the accounts they care about; content-mismatch ones on a few accounts only;
   * automated bots like nearly everything on a machine clock (every P minutes, same second) and
   * repeat generic comments. Everyone else stays silent. Posts published before the follow are not
   * exposed.
   */
  private void onFollowed(
      World.User u, List<Graph.Follow> own, World.Shared shared, List<Event> events) {
    long f = u.id();
    boolean automated = u.cause() == TrueCause.AUTOMATED;
    double e = u.engagement();
    double likeP = automated ? 0.95 : e;
    double commentP = automated ? 0.3 : e * 0.15;
    double shareP = automated ? 0.0 : e * 0.05;
    double saveP = automated ? 0.0 : e * 0.06;
    // machine clock: a period of 2 to 15 whole minutes and a fixed phase per bot
    long period = autoPeriod.between(2, 15, f) * 60L;
    long phase = autoPhase.between(0, 3599, f);
    for (Graph.Follow fo : own) {
      if (fo.unfollowedAt() != Graph.NEVER || !fo.engages()) {
        continue;
      }
      long a = fo.account();
      long[] times = shared.postTimes(a);
      for (int i = 0; i < times.length; i++) {
        long posted = times[i];
        if (posted <= fo.followedAt()) {
          continue;
        }
        long p = a * POST_ID_BASE + i + 1;
        long tick = posted + period - Math.floorMod(posted - phase, period);
        if (like.chance(likeP, f, p)) {
          long at = automated ? tick : humanTime(posted, f, p, u.zone());
          add(events, a, p, LIKE, at, null);
        }
        if (comment.chance(commentP, f, p)) {
          long at = automated ? tick + period : humanTime(posted, f, p, u.zone());
          String text = automated ? generic(commentGeneric, f, p) : humanComment(f, p);
          add(events, a, p, COMMENT, at, text);
        }
        if (share.chance(shareP, f, p)) {
          add(events, a, p, SHARE, automated ? tick : humanTime(posted, f, p, u.zone()), null);
        }
        if (save.chance(saveP, f, p)) {
          add(events, a, p, SAVE, automated ? tick : humanTime(posted, f, p, u.zone()), null);
        }
      }
    }
  }

  /**
   * Engagement pods: every member likes every other member's post in lockstep, all within two
   * minutes of publication, and a third of them add a generic comment a few seconds later.
   */
  private void inPod(World.User u, World.Shared shared, List<Event> events) {
    long f = u.id();
    for (long a : shared.podMembers(u.pod())) {
      if (a == f) {
        continue;
      }
      long[] times = shared.postTimes(a);
      for (int i = 0; i < times.length; i++) {
        long p = a * POST_ID_BASE + i + 1;
        long at = times[i] + podLag.between(20, 90, p) + podJitter.between(0, 20, f, p);
        add(events, a, p, LIKE, at, null);
        if (podComment.chance(0.33, f, p)) {
          add(events, a, p, COMMENT, at + 15, generic(podText, f, p));
        }
      }
    }
  }

  /**
   * Exploration: active humans like (sometimes comment on) a few posts of accounts they do not
   * follow, picked by popularity: 0 to 4 posts per user in the window.
   */
  private void explore(
      World.User u, List<Graph.Follow> own, World.Shared shared, List<Event> events) {
    long f = u.id();
    long picks = exploreN.between(0, 4, f);
    if (picks == 0) {
      return;
    }
    Set<Long> seen = new HashSet<>();
    for (long j = 1; j <= picks; j++) {
      long a = Graph.popularAccount(exploreAccount, w.accounts(), f, j);
      long[] times = shared.postTimes(a);
      long k = (long) Math.floor(explorePost.uniform(f, j) * times.length) + 1;
      long p = a * POST_ID_BASE + k;
      if (!seen.add(p) || Graph.followsAccount(own, a)) {
        continue;
      }
      boolean isComment = exploreComment.chance(0.1, f, p);
      long at = humanTime(times[(int) k - 1], f, p, u.zone());
      add(events, a, p, isComment ? COMMENT : LIKE, at, isComment ? humanComment(f, p) : null);
    }
  }

  /** Keeps an interaction that happens inside the window. */
  private void add(List<Event> events, long account, long post, int type, long at, String text) {
    if (at < w.windowEnd()) {
      events.add(new Event(account, post, type, at, text));
    }
  }

  /**
   * A human's reaction time to a post: log-normal delay (median 2 h), moved out of the actor's
   * local night (01:00–06:00) to the next morning.
   */
  private long humanTime(long posted, long actor, long post, int zone) {
    long at = posted + (long) delayHuman.logNormal(7200, 1.3, actor, post);
    long localSec = Math.floorMod(at + zone * 3600L, DAY);
    if (localSec >= 3600 && localSec < 6 * 3600) {
      return at + (7 * 3600L - localSec) + delayMorning.between(0, 5400, actor, post);
    }
    return at;
  }

  private static String generic(Draw d, long actor, long post) {
    return GENERIC_COMMENTS[(int) d.between(1, GENERIC_COMMENTS.length, actor, post) - 1];
  }

  /**
   * The event id: 24 hex digits (96 bits) of two seeded hashes of actor, post and type, unique in
   * practice (a collision among 10^11 events has probability below 10^-6).
   */
  private String eventId(long actor, long post, int type) {
    char[] c = new char[24];
    hex(XXH64.hashLong(type, eventHigh.hash(actor, post)), c, 0, 16);
    hex(XXH64.hashLong(type, eventLow.hash(actor, post)), c, 16, 8);
    return new String(c);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The first {@code digits} hex digits of {@code v} into {@code c} from {@code at}. */
  private static void hex(long v, char[] c, int at, int digits) {
    for (int i = 0; i < digits; i++) {
      c[at + i] = HEX[(int) (v >>> (60 - 4 * i)) & 15];
    }
  }

  /** "komentar " and ten hex digits of a hash of actor and post: a human comment's text. */
  private String humanComment(long actor, long post) {
    char[] c = new char[19];
    "komentar ".getChars(0, 9, c, 0);
    hex(commentText.hash(actor, post), c, 9, 10);
    return new String(c);
  }
}
