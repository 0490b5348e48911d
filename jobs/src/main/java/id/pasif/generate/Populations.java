package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.segment.Segment;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Who the users of a generated dump are: segment, cause, group memberships, home province and
 * profile, as pure Spark transformations. Every draw goes through {@link Random}, keyed by ids, so
 * the result does not depend on partitioning.
 *
 * <p>Profiles follow real Instagram accounts labelled fake or genuine by people ({@code
 * ../shared/calibration}; medians fake vs genuine: followers 44 vs 581, following 76 vs 438, posts
 * 0 vs 65; 57 % of fakes without a picture), with deliberate overlap at the edges. {@code
 * docs/generator.md} explains each choice and keeps the measured distance to the real set.
 */
final class Populations {
  static final String TRUE_SEGMENT = "true_segment";
  static final String TRUE_CAUSE = "true_cause";
  static final String ENGAGEMENT = "engagement";
  static final String POD = "pod";
  static final String BATCH = "batch";
  static final String ZONE = "zone_offset_hours";
  static final String CREATED_EPOCH = "created_epoch";

  /** Largest following count a profile may show, as on Instagram. */
  static final long FOLLOWING_CAP = 7500;

  /**
   * Shares of the passive causes: dormant, content mismatch, follow-back, herd ({@link TrueCause}
   * order).
   */
  static final double[] PASSIVE_CAUSES = {0.40, 0.30, 0.15, 0.15};

  /** Shares of the bot-like causes: bought, automated, engagement pod ({@link TrueCause} order). */
  static final double[] BOT_CAUSES = {0.65, 0.20, 0.15};

  /** Mean number of members of an engagement pod. */
  static final int POD_SIZE = 10;

  /** Mean number of bought accounts delivered in one batch. */
  static final int BATCH_SIZE = 40;

  /** Generic comments automated accounts and pods repeat. */
  static final String[] GENERIC_COMMENTS = {
    "Nice post!", "Keren banget", "Mantap kak", "Follow back ya", "Cek DM kak", "Wow amazing"
  };

  /**
   * The 38 provinces of Indonesia: name, population in millions (BPS 2024, rounded), UTC offset of
   * its time zone (WIB +7, WITA +8, WIT +9).
   */
  static final Object[][] PROVINCES = {
    {"Jawa Barat", 50.3, 7},
    {"Jawa Timur", 41.6, 7},
    {"Jawa Tengah", 37.9, 7},
    {"Sumatera Utara", 15.6, 7},
    {"Banten", 12.4, 7},
    {"DKI Jakarta", 10.7, 7},
    {"Sulawesi Selatan", 9.5, 8},
    {"Lampung", 9.4, 7},
    {"Sumatera Selatan", 8.8, 7},
    {"Riau", 6.7, 7},
    {"Sumatera Barat", 5.8, 7},
    {"Nusa Tenggara Timur", 5.7, 8},
    {"Nusa Tenggara Barat", 5.6, 8},
    {"Aceh", 5.6, 7},
    {"Kalimantan Barat", 5.6, 7},
    {"Bali", 4.4, 8},
    {"Kalimantan Timur", 4.0, 8},
    {"Kalimantan Selatan", 4.2, 8},
    {"DI Yogyakarta", 3.7, 7},
    {"Jambi", 3.7, 7},
    {"Kalimantan Tengah", 2.8, 7},
    {"Sulawesi Tengah", 3.1, 8},
    {"Sulawesi Tenggara", 2.8, 8},
    {"Sulawesi Utara", 2.7, 8},
    {"Kepulauan Riau", 2.2, 7},
    {"Bengkulu", 2.1, 7},
    {"Maluku", 1.9, 9},
    {"Kepulauan Bangka Belitung", 1.5, 7},
    {"Sulawesi Barat", 1.5, 8},
    {"Gorontalo", 1.2, 8},
    {"Maluku Utara", 1.4, 9},
    {"Kalimantan Utara", 0.7, 8},
    {"Papua", 1.1, 9},
    {"Papua Barat", 0.6, 9},
    {"Papua Tengah", 1.5, 9},
    {"Papua Pegunungan", 1.5, 9},
    {"Papua Selatan", 0.5, 9},
    {"Papua Barat Daya", 0.6, 9}
  };

  /**
   * Relative activity per local hour 0..23: low at night, a lunch bump and an evening peak around
   * 19:00–22:00, the shape reported for Indonesian social media use.
   */
  static final double[] LOCAL_HOURS = {
    2.0, 1.0, 0.5, 0.3, 0.5, 1.5, 3.0, 4.0, 4.5, 5.0, 5.0, 5.5, 6.5, 6.0, 5.0, 5.0, 5.5, 6.0, 7.0,
    8.5, 9.0, 8.0, 6.0, 3.5
  };

  private static final String BASE26 = "0123456789ABCDEFGHIJKLMNOP";
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

  private static final String[] SYLLABLES = {
    "a", "ri", "di", "tya", "an", "sar", "i", "pu", "tri", "wa", "ti", "nur", "ha", "yu", "de",
    "wi", "ra", "ma", "sa", "ni", "ko", "bu", "di", "gi", "lang", "fa", "jar", "in", "dah", "eka",
    "dwi"
  };

  final GeneratorSpec spec;
  final Random rnd;
  final long windowEnd;
  final long windowStart;

  /** UTC midnight of the window's first calendar date (local days are counted from it). */
  final long firstDayUtc;

  /** Ids per engagement pod (see {@link World#podBlock}). */
  final long podBlock;

  final long batches;

  Populations(GeneratorSpec spec, ZoneId dayZone) {
    this.spec = spec;
    this.rnd = new Random(spec.seed());
    LocalDate next = spec.date().plusDays(1);
    this.windowEnd = next.atStartOfDay(dayZone).toEpochSecond();
    LocalDate first = next.minusDays(spec.days());
    this.windowStart = first.atStartOfDay(dayZone).toEpochSecond();
    this.firstDayUtc = first.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    double expectedBots = (spec.users() - spec.accounts()) * spec.botShare();
    // a block of ids holds POD_SIZE pod members on average
    double podShare = spec.botShare() * BOT_CAUSES[2];
    this.podBlock =
        podShare > 0 ? Math.max(POD_SIZE, Math.round(POD_SIZE / podShare)) : spec.users();
    this.batches = Math.max(1, Math.round(expectedBots * BOT_CAUSES[0] / BATCH_SIZE));
  }

  /** What the Java generators need to know of this population (see {@link World}). */
  World world() {
    return new World(
        spec.seed(),
        spec.users(),
        spec.accounts(),
        spec.days(),
        windowStart,
        windowEnd,
        firstDayUtc,
        spec.botShare(),
        spec.passiveShare(),
        podBlock,
        batches);
  }

  static Column ts(Column epochSeconds) {
    return timestamp_seconds(epochSeconds.cast("long"));
  }

  /** Whether {@code id} is one of the posting accounts {@code 1..accounts}. */
  Column isCreator(Column id) {
    return id.leq(spec.accounts());
  }

  /** Index (1-based) into {@link #PROVINCES} of a user's home province: population-weighted. */
  Column provinceIndex(Column id) {
    double[] w = Arrays.stream(PROVINCES).mapToDouble(p -> (Double) p[1]).toArray();
    return rnd.pick("province", w, id);
  }

  /** UTC offset in hours of the time zone of a user's province. */
  Column zoneOf(Column id) {
    Column[] zones = Arrays.stream(PROVINCES).map(p -> lit((Integer) p[2])).toArray(Column[]::new);
    return element_at(array(zones), provinceIndex(id));
  }

  Column provinceOf(Column id) {
    Column[] names = Arrays.stream(PROVINCES).map(p -> lit((String) p[0])).toArray(Column[]::new);
    return element_at(array(names), provinceIndex(id));
  }

  /** When a bought batch was created: 1 to 60 days before the window starts. */
  Column batchCreated(Column batch) {
    return lit(windowStart).minus(rnd.between("batch.created", 1, 60, batch).multiply(86400L));
  }

  /**
   * One row per user: {@code user_id}, true segment and cause, engagement propensity, pod and batch
   * (null unless the user belongs to one), province and its zone offset.
   */
  Dataset<Row> users(SparkSession spark, int partitions) {
    Column id = col(USER_ID);
    Column u = rnd.uniform("segment", id);
    Column segment =
        when(isCreator(id), lit(Segment.ACTIVE.label()))
            .when(u.lt(spec.botShare()), lit(Segment.BOT_LIKE.label()))
            .when(u.lt(spec.botShare() + spec.passiveShare()), lit(Segment.PASSIVE.label()))
            .otherwise(lit(Segment.ACTIVE.label()));
    Column passiveCause =
        element_at(causeNames(Segment.PASSIVE), rnd.pick("cause.passive", PASSIVE_CAUSES, id));
    Column botCause =
        element_at(causeNames(Segment.BOT_LIKE), rnd.pick("cause.bot", BOT_CAUSES, id));
    Column cause =
        when(col(TRUE_SEGMENT).equalTo(Segment.PASSIVE.label()), passiveCause)
            .when(col(TRUE_SEGMENT).equalTo(Segment.BOT_LIKE.label()), botCause)
            .otherwise(lit(null).cast("string"));
    return spark
        .range(1, spec.users() + 1, 1, partitions)
        .withColumnRenamed("id", USER_ID)
        .withColumn(TRUE_SEGMENT, segment)
        .withColumn(TRUE_CAUSE, cause)
        // share of exposed posts an active human likes: 0.15 to 0.6
        .withColumn(ENGAGEMENT, engagementOf(id))
        .withColumn(
            POD,
            when(
                col(TRUE_CAUSE).equalTo(TrueCause.ENGAGEMENT_POD.label()),
                id.minus(spec.accounts() + 1).divide(podBlock).cast("long")))
        .withColumn(
            BATCH,
            when(
                col(TRUE_CAUSE).equalTo(TrueCause.BOUGHT.label()),
                rnd.between("batch", 0, batches - 1, id)))
        .withColumn(ZONE, zoneOf(id));
  }

  /** The names of {@code segment}'s causes, in draw order, as an array column. */
  private static Column causeNames(Segment segment) {
    return array(TrueCause.of(segment).stream().map(c -> lit(c.label())).toArray(Column[]::new));
  }

  /** Share of exposed posts an active human likes: 0.15 to 0.6. */
  Column engagementOf(Column id) {
    return rnd.uniform("engagement", id).multiply(0.45).plus(0.15);
  }

  private Column syllables(String salt, Column id) {
    Column[] s = Arrays.stream(SYLLABLES).map(x -> lit(x)).toArray(Column[]::new);
    Column arr = array(s);
    return concat(
        element_at(arr, rnd.between(salt + ".1", 1, SYLLABLES.length, id).cast("int")),
        element_at(arr, rnd.between(salt + ".2", 1, SYLLABLES.length, id).cast("int")),
        when(
                rnd.chance(salt + ".3?", 0.5, id),
                element_at(arr, rnd.between(salt + ".3", 1, SYLLABLES.length, id).cast("int")))
            .otherwise(lit("")));
  }

  /**
   * Whether a bought or automated account is "dressed" (has a picture, some posts and followers)
   * rather than "bare" (none of these): the two kinds of real fakes in {@code
   * ../shared/calibration}, where 43 % of fakes have a picture. The real set does not say which
   * fakes were bought and which post automatically; the shares below (35 % of bought, 70 % of
   * automated accounts dressed) are an assumption that gives the real 43 % over both causes (0.65 ×
   * 0.35 + 0.20 × 0.70 = 0.43 × 0.85).
   */
  static final double BOUGHT_DRESSED = 0.35;

  static final double AUTOMATED_DRESSED = 0.70;

  /** Instagram's longest biography. */
  static final int BIO_MAX = 150;

  /**
   * Profiles with real-vs-fake distributions that overlap at the edges. Needs {@link #users}; adds
   * the profile columns of the dump and {@link #CREATED_EPOCH}.
   *
   * <p>Bought and automated accounts follow the real fakes of {@code ../shared/calibration} (348
   * accounts labelled fake by people), separately for the dressed and the bare kind (see {@link
   * #BOUGHT_DRESSED}): log-normal counts with the real medians and spreads, and the real shares of
   * zero posts, empty biographies and private accounts. Humans' posts, biographies and private
   * share follow the real genuine accounts of the same set. {@code docs/generator.md} lists every
   * target and the measured distance to the real set.
   */
  Dataset<Row> profiles(Dataset<Row> users) {
    Column id = col(USER_ID);
    Column cause = coalesce(col(TRUE_CAUSE), lit(""));
    Column bot = col(TRUE_SEGMENT).equalTo(Segment.BOT_LIKE.label());
    Column bought = cause.equalTo(TrueCause.BOUGHT.label());
    Column automated = cause.equalTo(TrueCause.AUTOMATED.label());
    Column fake = bought.or(automated);
    Column dressed =
        when(bought, rnd.chance("fake.dressed", BOUGHT_DRESSED, id))
            .when(automated, rnd.chance("fake.dressed", AUTOMATED_DRESSED, id))
            .otherwise(lit(false));
    Column pod = cause.equalTo(TrueCause.ENGAGEMENT_POD.label());
    Column creator = isCreator(id);
    // real fakes, dressed vs bare: followers median 67 vs 37 (when not 0; 3 % vs 8 % have none)
    Column fakeFollowers =
        when(
                rnd.chance("followers.fake0", when(dressed, lit(0.03)).otherwise(lit(0.08)), id),
                lit(0.0))
            .when(dressed, rnd.logNormal("followers.dressed", 67, 1.35, id))
            .otherwise(rnd.logNormal("followers.bare", 37, 1.3, id));
    Column followers =
        when(creator, rnd.logNormal("followers.creator", 20000, 1.5, id))
            .when(fake, fakeFollowers)
            .when(pod, rnd.logNormal("followers.pod", 500, 0.7, id))
            .when(
                cause.equalTo(TrueCause.FOLLOW_BACK.label()),
                rnd.logNormal("followers.fb", 900, 0.6, id))
            .otherwise(rnd.logNormal("followers.human", 345, 1.1, id));
    // real fakes, dressed vs bare: following median 151 vs 46, log-spread 1.5 vs 1.85
    Column following =
        when(fake.and(dressed), rnd.logNormal("following.dressed", 151, 1.5, id))
            .when(fake, rnd.logNormal("following.bare", 46, 1.85, id))
            .when(pod, rnd.logNormal("following.pod", 900, 0.6, id))
            .when(
                cause.equalTo(TrueCause.FOLLOW_BACK.label()),
                rnd.logNormal("following.fb", 2500, 0.5, id))
            .when(
                cause.equalTo(TrueCause.DORMANT.label()),
                rnd.logNormal("following.dormant", 50, 1.0, id))
            .when(
                cause.equalTo(TrueCause.HERD.label()),
                rnd.logNormal("following.herd", 120, 0.9, id))
            .when(
                cause.equalTo(TrueCause.CONTENT_MISMATCH.label()),
                rnd.logNormal("following.cm", 200, 0.9, id))
            // real genuine accounts: median 438, log-spread 1.14 (with the passive humans'
            // lower counts, all users' median is ~265, the national figure)
            .otherwise(rnd.logNormal("following.active", 438, 1.1, id));
    // real fakes, dressed vs bare: 22 % vs 73 % without posts, otherwise median 7 vs 2;
    // real genuine accounts: 2 % without posts, otherwise median 70 (log-spread 1.65)
    Column media =
        when(
                fake,
                when(
                        rnd.chance(
                            "media.fake0", when(dressed, lit(0.22)).otherwise(lit(0.73)), id),
                        lit(0.0))
                    .when(dressed, greatest(lit(1.0), rnd.logNormal("media.dressed", 7, 1.4, id)))
                    .otherwise(greatest(lit(1.0), rnd.logNormal("media.bare", 2.5, 1.1, id))))
            .when(pod, rnd.logNormal("media.pod", 60, 0.6, id))
            .when(
                cause.equalTo(TrueCause.DORMANT.label()),
                when(rnd.chance("media.dormant0", 0.1, id), lit(0))
                    .otherwise(rnd.logNormal("media.dormant", 6, 1.2, id)))
            .when(rnd.chance("media.human0", 0.02, id), lit(0))
            .otherwise(greatest(lit(1.0), rnd.logNormal("media.human", 70, 1.65, id)));
    Column ageDays =
        when(automated, rnd.between("age.auto", 30, 500, id))
            .when(pod, rnd.between("age.pod", 90, 1500, id))
            .when(creator, rnd.between("age.creator", 365, 4000, id))
            .when(rnd.chance("age.new", 0.04, id), rnd.between("age.new", 1, 90, id))
            .otherwise(rnd.between("age.human", 90, 4000, id));
    Column created =
        when(
                bought,
                batchCreated(col(BATCH)).plus(rnd.between("batch.created.jitter", 0, 10800, id)))
            .otherwise(lit(windowEnd).minus(ageDays.multiply(86400L)));
    Column digits = format_string("%08d", pmod(xxhash64(lit(spec.seed()), id), lit(100_000_000L)));
    // the id in base 26 spelt with letters: unique and without digits, as 80 % of real genuine
    // handles are (../shared/calibration); conv writes 0-9A-P, translate maps them to a-z (not
    // lower(), which goes through ICU per row)
    Column idLetters = translate(conv(id.cast("string"), 10, 26), BASE26, LETTERS);
    Column humanName = concat(syllables("name", id), lit("."), idLetters);
    // real fakes: 25 % of handles without digits; the others' share of digits spreads from 0.1 to
    // 0.66 (real 10th to 90th percentile 0.15 to 0.64): letters, then as many digits as give the
    // drawn share
    Column fakeLetters = concat(syllables("name", id), idLetters);
    Column digitShare = rnd.uniform("name.fake.share", id).multiply(0.56).plus(0.1);
    Column fakeDigitCount =
        when(rnd.chance("name.fake.none", 0.25, id), lit(0))
            .otherwise(
                least(
                    lit(16),
                    round(
                            length(fakeLetters)
                                .multiply(digitShare)
                                .divide(lit(1.0).minus(digitShare)))
                        .cast("int")));
    Column digits16 =
        concat(
            digits,
            format_string(
                "%08d",
                pmod(xxhash64(lit(spec.seed()), lit("name.digits"), id), lit(100_000_000L))));
    Column username =
        when(fake, concat(fakeLetters, digits16.substr(lit(1), fakeDigitCount)))
            .when(
                rnd.chance("name.year", 0.15, id),
                concat(
                    humanName, lit("_"), rnd.between("name.year", 1975, 2010, id).cast("string")))
            .otherwise(humanName);
    Column noPic =
        when(fake, not(dressed))
            .when(pod, rnd.chance("pic.pod", 0.15, id))
            // real genuine accounts (../shared/calibration): 2 of 348 without a picture; dormant
            // people (not in the real set, an assumption) more often
            .when(cause.equalTo(TrueCause.DORMANT.label()), rnd.chance("pic.dormant", 0.05, id))
            .otherwise(rnd.chance("pic.human", 0.006, id));
    // real: 38 % of dressed and 25 % of bare fakes private, 43 % of genuine accounts
    Column isPrivate =
        when(creator, rnd.chance("private.creator", 0.05, id))
            .when(
                fake, rnd.chance("private.fake", when(dressed, lit(0.38)).otherwise(lit(0.25)), id))
            .when(bot, rnd.chance("private.bot", 0.1, id))
            .otherwise(rnd.chance("private.human", 0.43, id));
    // real: 77 % of dressed and 95 % of bare fakes without a biography (otherwise median 24 and
    // 22 characters); 26 % of genuine accounts (otherwise median 46); at most BIO_MAX characters
    Column bio =
        when(
                fake,
                when(
                        rnd.chance("bio.fake0", when(dressed, lit(0.77)).otherwise(lit(0.95)), id),
                        lit(0.0))
                    .otherwise(rnd.logNormal("bio.fakelen", 23, 1.25, id)))
            .when(
                bot,
                when(rnd.chance("bio.bot", 0.8, id), lit(0))
                    .otherwise(rnd.between("bio.botlen", 1, 20, id)))
            .when(rnd.chance("bio.human0", 0.26, id), lit(0))
            .otherwise(rnd.logNormal("bio.humanlen", 46, 0.9, id));
    return users.select(
        id,
        username.as(USERNAME),
        ts(created).as(CREATED_AT),
        round(followers).cast("long").as(FOLLOWERS_COUNT),
        least(greatest(round(following).cast("long"), lit(1L)), lit(FOLLOWING_CAP))
            .as(FOLLOWING_COUNT),
        round(media).cast("long").as(MEDIA_COUNT),
        not(noPic).as(HAS_PROFILE_PIC),
        isPrivate.as(IS_PRIVATE),
        when(bio.gt(0), least(lit(BIO_MAX), greatest(lit(1), round(bio).cast("int"))))
            .otherwise(lit(0))
            .as(BIOGRAPHY_LENGTH),
        provinceOf(id).as(PROVINCE),
        creator.and(rnd.chance("business", 0.4, id)).as(IS_BUSINESS),
        col(TRUE_SEGMENT),
        col(TRUE_CAUSE),
        col(ENGAGEMENT),
        col(POD),
        col(BATCH),
        col(ZONE),
        created.as(CREATED_EPOCH));
  }
}
