package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The synthetic populations of a generated dump, as pure Spark transformations. Every draw goes
 * through {@link Random}, keyed by ids, so the result does not depend on partitioning.
 *
 * <p>Shapes follow public figures on real vs fake Instagram accounts (medians real vs fake:
 * followers ~345 vs ~30, following ~420 vs ~1,450, posts ~30 vs ~0; fakes mostly without a picture)
 * with deliberate overlap at the edges. {@code docs/generator.md} explains each choice.
 */
final class Populations {
  static final String TRUE_SEGMENT = "true_segment";
  static final String TRUE_CAUSE = "true_cause";
  static final String ENGAGEMENT = "engagement";
  private static final String N_FOLLOWS = "n_follows";
  private static final String K = "k";

  /** Largest following count a profile may show, as on Instagram. */
  static final long FOLLOWING_CAP = 7500;

  /** Generic comments automated accounts repeat. */
  static final String[] GENERIC_COMMENTS = {
    "Nice post!", "Keren banget", "Mantap kak", "Follow back ya", "Cek DM kak", "Wow amazing"
  };

  /** The 38 provinces of Indonesia with rough population weights (millions, 2024). */
  static final String[][] PROVINCES = {
    {"Jawa Barat", "50"},
    {"Jawa Timur", "41"},
    {"Jawa Tengah", "38"},
    {"Sumatera Utara", "15"},
    {"Banten", "12"},
    {"DKI Jakarta", "11"},
    {"Sulawesi Selatan", "9"},
    {"Lampung", "9"},
    {"Sumatera Selatan", "9"},
    {"Riau", "7"},
    {"Sumatera Barat", "6"},
    {"Nusa Tenggara Timur", "6"},
    {"Nusa Tenggara Barat", "6"},
    {"Aceh", "5"},
    {"Kalimantan Barat", "6"},
    {"Bali", "4"},
    {"Kalimantan Timur", "4"},
    {"Kalimantan Selatan", "4"},
    {"DI Yogyakarta", "4"},
    {"Jambi", "4"},
    {"Kalimantan Tengah", "3"},
    {"Sulawesi Tengah", "3"},
    {"Sulawesi Tenggara", "3"},
    {"Sulawesi Utara", "3"},
    {"Kepulauan Riau", "2"},
    {"Bengkulu", "2"},
    {"Maluku", "2"},
    {"Kepulauan Bangka Belitung", "1.5"},
    {"Sulawesi Barat", "1.5"},
    {"Gorontalo", "1.2"},
    {"Maluku Utara", "1.3"},
    {"Kalimantan Utara", "0.7"},
    {"Papua", "1"},
    {"Papua Barat", "0.6"},
    {"Papua Tengah", "1.4"},
    {"Papua Pegunungan", "1.4"},
    {"Papua Selatan", "0.5"},
    {"Papua Barat Daya", "0.6"}
  };

  private final GeneratorSpec spec;
  private final Random rnd;
  private final long windowEnd;
  private final long windowStart;

  Populations(GeneratorSpec spec, ZoneId dayZone) {
    this.spec = spec;
    this.rnd = new Random(spec.seed());
    LocalDate next = spec.date().plusDays(1);
    this.windowEnd = next.atStartOfDay(dayZone).toEpochSecond();
    this.windowStart = next.minusDays(spec.days()).atStartOfDay(dayZone).toEpochSecond();
  }

  long windowEndEpoch() {
    return windowEnd;
  }

  long windowStartEpoch() {
    return windowStart;
  }

  private Column ts(Column epochSeconds) {
    return timestamp_seconds(epochSeconds.cast("long"));
  }

  /** One row per user: id, true segment and cause, engagement propensity. */
  Dataset<Row> users(SparkSession spark, int partitions) {
    Column id = col(USER_ID);
    Column u = rnd.uniform("segment", id);
    Column isCreator = id.leq(spec.accounts());
    Column segment =
        when(isCreator, lit(Segments.ACTIVE))
            .when(u.lt(spec.botShare()), lit(Segments.BOT_LIKE))
            .when(u.lt(spec.botShare() + spec.passiveShare()), lit(Segments.PASSIVE))
            .otherwise(lit(Segments.ACTIVE));
    Column c = rnd.uniform("cause", id);
    Column cause =
        when(
                col(TRUE_SEGMENT).equalTo(Segments.PASSIVE),
                when(c.lt(0.40), lit(Segments.DORMANT))
                    .when(c.lt(0.70), lit(Segments.CONTENT_MISMATCH))
                    .when(c.lt(0.85), lit(Segments.FOLLOW_BACK))
                    .otherwise(lit(Segments.HERD)))
            .when(
                col(TRUE_SEGMENT).equalTo(Segments.BOT_LIKE),
                when(c.lt(0.7), lit(Segments.BOUGHT)).otherwise(lit(Segments.AUTOMATED)))
            .otherwise(lit(null).cast("string"));
    return spark
        .range(1, spec.users() + 1, 1, partitions)
        .withColumnRenamed("id", USER_ID)
        .withColumn(TRUE_SEGMENT, segment)
        .withColumn(TRUE_CAUSE, cause)
        // share of exposed posts an active human likes: 0.15 to 0.6
        .withColumn(ENGAGEMENT, rnd.uniform("engagement", id).multiply(0.45).plus(0.15));
  }

  /** Profiles with real-vs-fake distributions that overlap at the edges. */
  Dataset<Row> profiles(Dataset<Row> users) {
    Column id = col(USER_ID);
    Column bot = col(TRUE_SEGMENT).equalTo(Segments.BOT_LIKE);
    Column followBack = coalesce(col(TRUE_CAUSE).equalTo(Segments.FOLLOW_BACK), lit(false));
    Column creator = id.leq(spec.accounts());
    Column followers =
        when(creator, rnd.logNormal("followers.creator", 20000, 1.5, id))
            .when(bot, rnd.logNormal("followers.bot", 30, 1.0, id))
            .otherwise(rnd.logNormal("followers.human", 345, 1.1, id));
    Column following =
        when(bot, rnd.logNormal("following.bot", 1450, 0.6, id))
            .when(followBack, rnd.logNormal("following.fb", 2500, 0.5, id))
            .otherwise(rnd.logNormal("following.human", 420, 0.8, id));
    Column media =
        when(
                bot,
                when(rnd.chance("media.bot0", 0.75, id), lit(0))
                    .otherwise(rnd.between("media.bot", 1, 6, id)))
            .when(rnd.chance("media.human0", 0.08, id), lit(0))
            .otherwise(rnd.logNormal("media.human", 30, 1.2, id));
    Column ageDays =
        when(bot, rnd.between("age.bot", 3, 120, id))
            .otherwise(rnd.between("age.human", 20, 4000, id));
    Column digits = format_string("%08d", pmod(xxhash64(lit(spec.seed()), id), lit(100_000_000L)));
    Column username =
        when(bot, concat(lit("user"), digits))
            .when(
                rnd.chance("name.digits", 0.3, id),
                concat(lit("akun"), id.cast("string"), substring(digits, 1, 2)))
            .otherwise(concat(lit("akun_"), id.cast("string")));
    return users.select(
        id,
        username.as(USERNAME),
        ts(lit(windowEnd).minus(ageDays.multiply(86400L))).as(CREATED_AT),
        round(followers).cast("long").as(FOLLOWERS_COUNT),
        least(round(following).cast("long"), lit(FOLLOWING_CAP)).as(FOLLOWING_COUNT),
        round(media).cast("long").as(MEDIA_COUNT),
        when(bot, not(rnd.chance("pic.bot", 0.8, id)))
            .otherwise(not(rnd.chance("pic.human", 0.07, id)))
            .as(HAS_PROFILE_PIC),
        when(bot, rnd.chance("private.bot", 0.1, id))
            .otherwise(rnd.chance("private.human", 0.3, id))
            .as(IS_PRIVATE),
        when(
                bot,
                when(rnd.chance("bio.bot", 0.8, id), lit(0))
                    .otherwise(rnd.between("bio.botlen", 1, 20, id)))
            .when(rnd.chance("bio.human0", 0.25, id), lit(0))
            .otherwise(rnd.between("bio.humanlen", 5, 150, id))
            .cast("int")
            .as(BIOGRAPHY_LENGTH),
        province(id).as(PROVINCE),
        creator.and(rnd.chance("business", 0.4, id)).as(IS_BUSINESS),
        col(TRUE_SEGMENT),
        col(TRUE_CAUSE),
        col(ENGAGEMENT));
  }

  private Column province(Column id) {
    double total = 0;
    for (String[] p : PROVINCES) {
      total += Double.parseDouble(p[1]);
    }
    Column u = rnd.uniform("province", id);
    Column out = lit(PROVINCES[PROVINCES.length - 1][0]);
    double cumulative = 0;
    Column chain = null;
    for (String[] p : PROVINCES) {
      cumulative += Double.parseDouble(p[1]) / total;
      chain = chain == null ? when(u.lt(cumulative), p[0]) : chain.when(u.lt(cumulative), p[0]);
    }
    return chain.otherwise(out);
  }

  /**
   * Follow edges: each user follows a sample of the posting accounts, chosen with a power law so a
   * few accounts (celebrities) hold a large share of all follows.
   */
  Dataset<Row> follows(Dataset<Row> profiles) {
    double scale = Math.min(1.0, spec.accounts() / (double) FOLLOWING_CAP * 2.0);
    Column n =
        greatest(
            lit(1L),
            least(round(col(FOLLOWING_COUNT).multiply(scale)).cast("long"), lit(spec.accounts())));
    Column f = col(FOLLOWER_ID);
    Column k = col(K);
    Column rawTarget =
        floor(pow(rnd.uniform("target", f, k), lit(2.2)).multiply((double) spec.accounts()))
            .cast("long")
            .plus(1);
    Column target =
        when(rawTarget.equalTo(f), pmod(rawTarget, lit(spec.accounts())).plus(1))
            .otherwise(rawTarget);
    Column bot = col(TRUE_SEGMENT).equalTo(Segments.BOT_LIKE);
    Column herd = coalesce(col(TRUE_CAUSE).equalTo(Segments.HERD), lit(false));
    long day = 86400L;
    // bought followers arrive in batches: one batch time per 50 consecutive bot ids and account
    Column batch = floor(f.divide(50));
    Column botTime =
        lit(windowEnd)
            .minus(
                rnd.between("bot.batch", 1, Math.max(1, spec.days() - 1), batch, col(ACCOUNT_ID))
                    .multiply(day))
            .plus(rnd.between("bot.jitter", 0, 1800, f, col(ACCOUNT_ID)));
    Column herdTime =
        lit(windowEnd)
            .minus(
                rnd.between("herd.spike", 2, Math.max(2, spec.days() - 1), col(ACCOUNT_ID))
                    .multiply(day))
            .plus(rnd.between("herd.jitter", 0, 6 * 3600, f, col(ACCOUNT_ID)));
    Column humanTime =
        lit(windowEnd).minus(rnd.between("human.follow", 3600, 730 * day, f, col(ACCOUNT_ID)));
    Column followedAt = when(bot, botTime).when(herd, herdTime).otherwise(humanTime);
    Column unfollowed = not(bot).and(rnd.chance("unfollow", 0.03, f, col(ACCOUNT_ID)));
    Column unfollowedAt =
        when(
            unfollowed,
            least(
                lit(windowEnd - 1),
                col(FOLLOWED_AT)
                    .cast("long")
                    .plus(rnd.between("unfollow.after", 3600, 60 * day, f, col(ACCOUNT_ID)))));
    return profiles
        .select(
            col(USER_ID).as(FOLLOWER_ID),
            col(TRUE_SEGMENT),
            col(TRUE_CAUSE),
            col(ENGAGEMENT),
            explode(sequence(lit(1L), n)).as(K))
        .withColumn(ACCOUNT_ID, target)
        .dropDuplicates(FOLLOWER_ID, ACCOUNT_ID)
        .withColumn(FOLLOWED_AT, ts(followedAt))
        .withColumn(UNFOLLOWED_AT, ts(unfollowedAt))
        .drop(K);
  }

  /** Posts of the posting accounts inside the window, at account-specific rates. */
  Dataset<Row> posts(SparkSession spark, int partitions) {
    Column a = col(ACCOUNT_ID);
    Column perDay = least(lit(4.0), rnd.logNormal("post.rate", 0.5, 0.8, a));
    Column n =
        floor(perDay.multiply((double) spec.days()).plus(rnd.uniform("post.n", a))).cast("long");
    Column k = col(K);
    long span = windowEnd - windowStart;
    Column postedAt =
        lit(windowStart).plus(floor(rnd.uniform("post.at", a, k).multiply((double) span)));
    return spark
        .range(1, spec.accounts() + 1, 1, partitions)
        .withColumnRenamed("id", ACCOUNT_ID)
        .withColumn(K, explode(sequence(lit(1L), greatest(n, lit(1L)))))
        .select(
            a.multiply(100_000L).plus(k).as(POST_ID),
            a,
            ts(postedAt).as(POSTED_AT),
            element_at(
                    array(lit("photo"), lit("video"), lit("carousel"), lit("reel")),
                    rnd.between("post.media", 1, 4, a, k).cast("int"))
                .as(MEDIA_TYPE));
  }

  /**
   * Interactions: who acts on which exposed post. Active humans act on a share of what they see;
   * passive humans stay silent (content-mismatch ones act on a few accounts only); automated bots
   * like everything at machine-regular delays and repeat generic comments.
   */
  Dataset<Row> interactions(Dataset<Row> follows, Dataset<Row> posts) {
    Column f = col(FOLLOWER_ID);
    Column a = col(ACCOUNT_ID);
    Column p = col(POST_ID);
    Column seg = col(TRUE_SEGMENT);
    Column cause = coalesce(col(TRUE_CAUSE), lit(""));
    Dataset<Row> exposures =
        follows
            .where(col(UNFOLLOWED_AT).isNull())
            .join(posts, ACCOUNT_ID)
            .where(col(POSTED_AT).gt(col(FOLLOWED_AT)))
            .where(f.notEqual(a));
    // Per relationship: does this follower care about this account at all?
    Column caresAbout =
        when(seg.equalTo(Segments.ACTIVE), rnd.chance("cares.active", 0.85, f, a))
            .when(cause.equalTo(Segments.CONTENT_MISMATCH), rnd.chance("cares.cm", 0.08, f, a))
            .when(cause.equalTo(Segments.AUTOMATED), lit(true))
            .otherwise(lit(false));
    Column automated = cause.equalTo(Segments.AUTOMATED);
    Column likeP = when(automated, lit(0.95)).otherwise(col(ENGAGEMENT));
    Column commentP = when(automated, lit(0.3)).otherwise(col(ENGAGEMENT).multiply(0.15));
    Column shareP = when(automated, lit(0.0)).otherwise(col(ENGAGEMENT).multiply(0.05));
    Column saveP = when(automated, lit(0.0)).otherwise(col(ENGAGEMENT).multiply(0.06));
    Column delay =
        when(automated, lit(60L).plus(rnd.between("delay.bot", 0, 2, f, p)))
            .otherwise(rnd.logNormal("delay.human", 7200, 1.3, f, p).cast("long"));
    Column typeArray =
        array_compact(
            array(
                when(rnd.chance("like", likeP, f, p), lit("like")),
                when(rnd.chance("comment", commentP, f, p), lit("comment")),
                when(rnd.chance("share", shareP, f, p), lit("share")),
                when(rnd.chance("save", saveP, f, p), lit("save"))));
    Column at = col(POSTED_AT).cast("long").plus(delay);
    Column comment =
        when(
            col(TYPE).equalTo("comment"),
            when(
                    automated,
                    element_at(
                        array(
                            java.util.Arrays.stream(GENERIC_COMMENTS)
                                .map(c -> lit(c))
                                .toArray(Column[]::new)),
                        rnd.between("comment.generic", 1, GENERIC_COMMENTS.length, f).cast("int")))
                .otherwise(
                    concat(
                        lit("komentar "),
                        sha2(concat_ws(":", f.cast("string"), p.cast("string")), 256)
                            .substr(1, 10))));
    return exposures
        .where(caresAbout)
        .withColumn(TYPE, explode(typeArray))
        .withColumn(TS, ts(least(at, lit(windowEnd - 1))))
        .select(
            sha2(
                    concat_ws(
                        ":",
                        lit(spec.seed()).cast("string"),
                        f.cast("string"),
                        p.cast("string"),
                        col(TYPE)),
                    256)
                .substr(1, 24)
                .as(EVENT_ID),
            f.as(ACTOR_ID),
            a,
            p,
            col(TYPE),
            col(TS),
            comment.as(COMMENT_TEXT));
  }
}
