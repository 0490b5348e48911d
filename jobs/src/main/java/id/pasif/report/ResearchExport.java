package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code pasif export}: a research extract of one run date. Per-follower and per-relationship rows
 * carry keyed pseudonyms (HMAC-SHA256) instead of user ids; aggregate tables (national, per
 * province, per account size band) have every cell of fewer than k people suppressed by {@link
 * Suppression}. docs/analysts.md describes the files and how to cite them.
 */
public final class ResearchExport {
  /** Environment variable holding the pseudonymisation key. */
  public static final String KEY_ENV = "PASIF_EXPORT_KEY";

  public static final String FOLLOWER_KEY = "follower_key";
  public static final String ACCOUNT_KEY = "account_key";
  public static final String SIZE_BAND = "size_band";
  public static final String ACCOUNTS = "accounts";
  public static final String SCOPE = "scope";

  /** Folders written under the export root, one CSV table each. */
  public static final List<String> FOLDERS =
      List.of("followers", "relationships", "national", "provinces", "account_size_bands");

  private static final int BLOCK = 64; // SHA-256 block size in bytes

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final byte[] key;
  private final int k;

  public ResearchExport(
      SparkSession spark, Warehouse warehouse, LocalDate date, byte[] key, int k) {
    if (key == null || key.length < 16) {
      throw new PasifException(
          KEY_ENV + " must hold a secret of at least 16 bytes; refusing to export without it");
    }
    if (k < 2) {
      throw new PasifException("--k must be at least 2, got " + k);
    }
    this.spark = spark;
    this.warehouse = warehouse;
    this.date = date;
    this.key = key.clone();
    this.k = k;
  }

  public record Result(long followers, long relationships, long suppressedCells) {}

  /** Writes every table of the export under {@code out} (replacing an earlier export there). */
  public Result run(String out) {
    if (spark.sparkContext().getConf().getBoolean("spark.eventLog.enabled", false)) {
      throw new PasifException(
          "spark.eventLog.enabled is on: the event log would keep the query plans, which hold"
              + " key-derived constants; export with the event log off");
    }
    spark.sparkContext().setJobDescription("pasif export " + date);
    Dataset<Row> segments = warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date);
    Dataset<Row> features = warehouse.readDate(Tables.FOLLOWER_FEATURES, date);
    Dataset<Row> relationships = warehouse.readDate(Tables.RELATIONSHIPS, date);
    Dataset<Row> audience = warehouse.readDate(Tables.ACCOUNT_AUDIENCE, date);

    Dataset<Row> followers = followers(segments, features, key);
    Dataset<Row> rels = relationships(relationships, key);
    Dataset<Row> national = national(segments, features, k);
    Dataset<Row> provinces = ProvinceSummary.provinceSummary(segments, features, k);
    Dataset<Row> bands = accountSizeBands(audience, k);

    write(followers, out + "/followers", false);
    write(rels, out + "/relationships", false);
    write(national, out + "/national", true);
    write(provinces, out + "/provinces", true);
    write(bands, out + "/account_size_bands", true);
    writeManifest(out);
    long suppressed =
        national.where(col(IS_SUPPRESSED)).count()
            + provinces.where(col(IS_SUPPRESSED)).count()
            + bands.where(col(IS_SUPPRESSED)).count();
    return new Result(
        spark.read().option("header", true).csv(out + "/followers").count(),
        spark.read().option("header", true).csv(out + "/relationships").count(),
        suppressed);
  }

  /**
   * HMAC-SHA256 (RFC 2104) of the decimal text of {@code id}, as 64 lowercase hex digits, built
   * from Spark built-ins: {@code sha2(K xor opad || unhex(sha2(K xor ipad || message)))}, where K
   * is the key padded with zeros to 64 bytes (hashed first when longer).
   */
  public static Column pseudonym(Column id, byte[] key) {
    byte[] k = key.length > BLOCK ? sha256(key) : key;
    byte[] ipad = new byte[BLOCK];
    byte[] opad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
    Column message = id.cast("string").cast("binary");
    Column inner = unhex(sha2(concat(lit(ipad), message), 256));
    return sha2(concat(lit(opad), inner), 256);
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Per-follower rows.
   *
   * @param segmentsDF needs follower_id, segment, confidence, is_insufficient_evidence, province
   * @param featuresDF needs follower_id and the behaviour columns listed in docs/analysts.md
   */
  static Dataset<Row> followers(Dataset<Row> segmentsDF, Dataset<Row> featuresDF, byte[] key) {
    return segmentsDF
        .select(FOLLOWER_ID, SEGMENT, CONFIDENCE, IS_INSUFFICIENT_EVIDENCE, PROVINCE)
        .join(
            featuresDF.select(
                FOLLOWER_ID,
                ACCOUNTS_FOLLOWED,
                ENGAGED_SHARE,
                SILENT_SHARE,
                INTERACTION_RATE,
                ACTIVE_DAYS,
                FOLLOWS_MADE,
                HAS_PROFILE_PIC),
            FOLLOWER_ID,
            "left")
        .withColumn(FOLLOWER_KEY, pseudonym(col(FOLLOWER_ID), key))
        .drop(FOLLOWER_ID)
        .select(
            col(FOLLOWER_KEY),
            col(SEGMENT),
            col(CONFIDENCE),
            col(IS_INSUFFICIENT_EVIDENCE),
            col(PROVINCE),
            col(ACCOUNTS_FOLLOWED),
            col(ENGAGED_SHARE),
            col(SILENT_SHARE),
            col(INTERACTION_RATE),
            col(ACTIVE_DAYS),
            col(FOLLOWS_MADE),
            col(HAS_PROFILE_PIC));
  }

  /** Per-relationship rows; needs follower_id, account_id and the activity columns kept. */
  static Dataset<Row> relationships(Dataset<Row> relationshipsDF, byte[] key) {
    return relationshipsDF.select(
        pseudonym(col(FOLLOWER_ID), key).as(FOLLOWER_KEY),
        pseudonym(col(ACCOUNT_ID), key).as(ACCOUNT_KEY),
        col(STATE),
        col(EXPOSED_POSTS),
        col(INTERACTIONS),
        col(IS_RECIPROCAL));
  }

  /** One row for the whole country, same columns as a province row with scope 'national'. */
  static Dataset<Row> national(Dataset<Row> segmentsDF, Dataset<Row> featuresDF, long k) {
    return ProvinceSummary.provinceSummary(
            segmentsDF.withColumn(PROVINCE, lit("national")), featuresDF, k)
        .withColumnRenamed(PROVINCE, SCOPE);
  }

  /** Account size bands by followers on dt: lower bounds, each band up to the next one. */
  public static final long[] BANDS = {1, 100, 1_000, 10_000, 100_000, 1_000_000};

  static Column band(Column followers) {
    Column c = lit(BANDS[BANDS.length - 1] + "+");
    for (int i = BANDS.length - 2; i >= 0; i--) {
      c = when(followers.lt(BANDS[i + 1]), lit(BANDS[i] + "-" + (BANDS[i + 1] - 1))).otherwise(c);
    }
    return c;
  }

  /**
   * Per account size band: how many accounts, their follow relationships by segment and the median
   * passive share across the band's accounts. The accounts of a band and the relationships are
   * people; any count below k is suppressed.
   *
   * @param audienceDF needs account_id, followers, active_followers, passive_followers,
   *     bot_like_followers, passive_share (account_audience)
   */
  static Dataset<Row> accountSizeBands(Dataset<Row> audienceDF, long k) {
    Dataset<Row> counted =
        audienceDF
            .withColumn(SIZE_BAND, band(col(FOLLOWERS)))
            .groupBy(SIZE_BAND)
            .agg(
                count(lit(1)).as(ACCOUNTS),
                sum(FOLLOWERS).as(FOLLOWERS),
                sum(ACTIVE_FOLLOWERS).as(ACTIVE_FOLLOWERS),
                sum(PASSIVE_FOLLOWERS).as(PASSIVE_FOLLOWERS),
                sum(BOT_LIKE_FOLLOWERS).as(BOT_LIKE_FOLLOWERS),
                round(median(col(PASSIVE_SHARE)), 6).as("median_passive_share"))
            .withColumn(PASSIVE_SHARE, round(col(PASSIVE_FOLLOWERS).divide(col(FOLLOWERS)), 6))
            .withColumn(BOT_LIKE_SHARE, round(col(BOT_LIKE_FOLLOWERS).divide(col(FOLLOWERS)), 6));
    Map<String, String> shares = new LinkedHashMap<>();
    shares.put(PASSIVE_SHARE, PASSIVE_FOLLOWERS);
    shares.put(BOT_LIKE_SHARE, BOT_LIKE_FOLLOWERS);
    Dataset<Row> byFollows =
        Suppression.suppress(
            counted,
            k,
            FOLLOWERS,
            List.of(ACTIVE_FOLLOWERS, PASSIVE_FOLLOWERS, BOT_LIKE_FOLLOWERS),
            shares,
            List.of(),
            IS_SUPPRESSED);
    // A band of fewer than k accounts is withheld whole, its median included.
    Column few = col(ACCOUNTS).lt(k);
    Dataset<Row> out = byFollows;
    for (String c :
        List.of(
            FOLLOWERS,
            ACTIVE_FOLLOWERS,
            PASSIVE_FOLLOWERS,
            BOT_LIKE_FOLLOWERS,
            PASSIVE_SHARE,
            BOT_LIKE_SHARE,
            "median_passive_share")) {
      out = out.withColumn(c, when(few.unary_$bang(), col(c)));
    }
    return out.withColumn(IS_SUPPRESSED, col(IS_SUPPRESSED).or(few))
        .withColumn(ACCOUNTS, when(few.unary_$bang(), col(ACCOUNTS)))
        .orderBy(SIZE_BAND);
  }

  private static void write(Dataset<Row> rows, String path, boolean small) {
    (small ? rows.coalesce(1) : rows).write().mode("overwrite").option("header", true).csv(path);
  }

  private void writeManifest(String out) {
    String text =
        "pasif research export\n"
            + "run_date: "
            + date
            + "\n"
            + "k: "
            + k
            + "\n"
            + "pseudonym: HMAC-SHA256 (RFC 2104) of the decimal user id, lowercase hex; key held by"
            + " the data controller, not part of this export\n"
            + "code_version: "
            + version()
            + "\n"
            + "tables: "
            + String.join(", ", FOLDERS)
            + " (CSV with header)\n"
            + "documentation: docs/analysts.md, section 'Research exports'\n";
    try {
      Path p = new Path(out + "/MANIFEST.txt");
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream o = fs.create(p, true)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new PasifException("cannot write " + out + "/MANIFEST.txt: " + e.getMessage(), e);
    }
  }

  private static String version() {
    String v = ResearchExport.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }
}
