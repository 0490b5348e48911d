package id.pasif.config;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The typed configuration of one pasif run, resolved from defaults &lt; conf file &lt; environment
 * &lt; command-line options by {@link ConfigLoader}.
 *
 * <p>Keys starting with {@code spark.} are passed to the SparkSession unchanged; keys starting with
 * {@code pasif.} are the product's own settings, each documented in {@link #DEFAULTS} and in the
 * README's configuration table.
 *
 * @param master Spark master for local runs; ignored under spark-submit, which sets its own
 * @param warehouse root URI of the Delta tables (a path, {@code file://…}, {@code s3a://…}); empty
 *     when none is configured (commands that need one refuse to start)
 * @param input root URI of the dump, when the command reads one
 * @param inputFormat {@code auto}, {@code jsonl}, {@code jsonl.gz}, {@code csv} or {@code parquet}
 * @param windowDays length of the trailing activity window, in days, ending with the run date
 * @param minExposure posts a follower must have been shown before silence counts as passive
 * @param dayZone the time zone whose calendar days define a run date and its window
 * @param segmentAlgorithm clustering algorithm of the segment stage
 * @param segmentClusters number of clusters the segment stage fits
 * @param segmentRefitDays days a fitted segment model scores later nights before it is refitted (1:
 *     refit every night); drift refits earlier
 * @param seed seed of every random choice (generator, clustering)
 * @param maxRejectRatio share of a dataset's rows that may be quarantined before ingest fails
 * @param ingestEarliest earliest instant a dump timestamp may hold; an earlier required timestamp
 *     quarantines its row ({@code timestamp_out_of_range}), an earlier optional one is set to null
 * @param lockScope {@code date} (one run per date at a time) or {@code warehouse} (one run at a
 *     time: the single-writer rule of Delta on S3)
 * @param lockHeartbeatSeconds how often a running run refreshes its lock's heartbeat
 * @param lockStaleSeconds age of a lock's heartbeat after which its holder counts as dead and the
 *     lock may be taken over (a live holder with a fresh heartbeat never is)
 * @param privacyK smallest number of people a published aggregate cell may describe; smaller cells
 *     are suppressed (province_summary, research exports)
 * @param sparkConf the {@code spark.*} settings, in key order
 */
public record PasifConfig(
    String master,
    String warehouse,
    String input,
    String inputFormat,
    int windowDays,
    int minExposure,
    ZoneId dayZone,
    String segmentAlgorithm,
    int segmentClusters,
    int segmentRefitDays,
    long seed,
    double maxRejectRatio,
    java.time.Instant ingestEarliest,
    String lockScope,
    int lockHeartbeatSeconds,
    int lockStaleSeconds,
    int privacyK,
    Map<String, String> sparkConf) {

  public static final String MASTER = "pasif.master";
  public static final String WAREHOUSE = "pasif.warehouse";
  public static final String INPUT = "pasif.input";
  public static final String INPUT_FORMAT = "pasif.input.format";
  public static final String WINDOW_DAYS = "pasif.window.days";
  public static final String MIN_EXPOSURE = "pasif.exposure.min";
  public static final String DAY_TIMEZONE = "pasif.day.timezone";
  public static final String SEGMENT_ALGORITHM = "pasif.segment.algorithm";
  public static final String SEGMENT_CLUSTERS = "pasif.segment.clusters";
  public static final String SEGMENT_REFIT_DAYS = "pasif.segment.refit.days";
  public static final String SEED = "pasif.seed";
  public static final String MAX_REJECT_RATIO = "pasif.ingest.max.reject.ratio";
  public static final String INGEST_EARLIEST = "pasif.ingest.earliest.timestamp";
  public static final String LOCK_SCOPE = "pasif.lock.scope";
  public static final String LOCK_HEARTBEAT_SECONDS = "pasif.lock.heartbeat.seconds";
  public static final String LOCK_STALE_SECONDS = "pasif.lock.stale.seconds";

  /** The age-based takeover setting that heartbeats replaced (issue 18). */
  static final String LOCK_STALE_MINUTES_GONE = "pasif.lock.stale.minutes";

  public static final String PRIVACY_K = "pasif.privacy.k";

  /** Built-in defaults: the embedded local setup that {@code conf/local.conf} spells out. */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(MASTER, "local[*,2]");
    // No default: a command that needs the warehouse refuses to start without one rather than
    // silently writing under the current directory (issue 17).
    d.put(WAREHOUSE, "");
    d.put(INPUT, "");
    d.put(INPUT_FORMAT, "auto");
    d.put(WINDOW_DAYS, "28");
    d.put(MIN_EXPOSURE, "3");
    d.put(DAY_TIMEZONE, "Asia/Jakarta");
    d.put(SEGMENT_ALGORITHM, "kmeans");
    d.put(SEGMENT_CLUSTERS, "8");
    d.put(SEGMENT_REFIT_DAYS, "7");
    d.put(SEED, "42");
    d.put(MAX_REJECT_RATIO, "0.05");
    d.put(INGEST_EARLIEST, "2010-10-06T00:00:00Z");
    d.put(LOCK_SCOPE, "date");
    d.put(LOCK_HEARTBEAT_SECONDS, "30");
    d.put(LOCK_STALE_SECONDS, "180");
    d.put(PRIVACY_K, "10");
    DEFAULTS = Collections.unmodifiableMap(d);
  }

  /** The algorithms {@link #segmentAlgorithm} accepts. */
  public static final java.util.List<String> SEGMENT_ALGORITHMS =
      java.util.List.of("kmeans", "bisecting-kmeans", "gmm");

  /**
   * Builds the typed config from resolved key/value pairs.
   *
   * @throws ConfigException naming the key and the bad value
   */
  public static PasifConfig fromMap(Map<String, String> resolved) {
    Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
    m.putAll(resolved);
    Map<String, String> spark = new TreeMap<>();
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (e.getKey().startsWith("spark.")) {
        spark.put(e.getKey(), e.getValue());
      } else if (!e.getKey().startsWith("pasif.")) {
        throw new ConfigException(
            "unknown configuration key '" + e.getKey() + "' (keys start with pasif. or spark.)");
      }
    }
    String algorithm = m.get(SEGMENT_ALGORITHM).trim().toLowerCase(java.util.Locale.ROOT);
    if (!SEGMENT_ALGORITHMS.contains(algorithm)) {
      throw new ConfigException(
          SEGMENT_ALGORITHM + "='" + algorithm + "' is not one of " + SEGMENT_ALGORITHMS);
    }
    if (m.containsKey(LOCK_STALE_MINUTES_GONE)) {
      throw new ConfigException(
          LOCK_STALE_MINUTES_GONE
              + " is no longer used: a lock is taken over when its holder's heartbeat is older than "
              + LOCK_STALE_SECONDS
              + " (default 180), never because of its age alone; remove the setting");
    }
    int heartbeat = positiveInt(m, LOCK_HEARTBEAT_SECONDS);
    int stale = positiveInt(m, LOCK_STALE_SECONDS);
    if (stale < 3 * heartbeat) {
      throw new ConfigException(
          LOCK_STALE_SECONDS
              + "="
              + stale
              + " must be at least three heartbeats ("
              + LOCK_HEARTBEAT_SECONDS
              + "="
              + heartbeat
              + "), so that a live run missing a beat or two is not taken for dead");
    }
    return new PasifConfig(
        nonBlank(m, MASTER),
        m.get(WAREHOUSE).trim(),
        m.get(INPUT).trim(),
        m.get(INPUT_FORMAT).trim().toLowerCase(java.util.Locale.ROOT),
        positiveInt(m, WINDOW_DAYS),
        positiveInt(m, MIN_EXPOSURE),
        zone(m, DAY_TIMEZONE),
        algorithm,
        positiveInt(m, SEGMENT_CLUSTERS),
        positiveInt(m, SEGMENT_REFIT_DAYS),
        longValue(m, SEED),
        ratio(m, MAX_REJECT_RATIO),
        instant(m, INGEST_EARLIEST),
        oneOf(m, LOCK_SCOPE, java.util.List.of("date", "warehouse")),
        heartbeat,
        stale,
        positiveInt(m, PRIVACY_K),
        Collections.unmodifiableMap(spark));
  }

  private static String nonBlank(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException(key + " must not be empty");
    }
    return v.trim();
  }

  private static int positiveInt(Map<String, String> m, String key) {
    String v = nonBlank(m, key);
    try {
      int i = Integer.parseInt(v);
      if (i <= 0) {
        throw new ConfigException(key + "=" + v + " must be a positive whole number");
      }
      return i;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "=" + v + " is not a whole number");
    }
  }

  private static long longValue(Map<String, String> m, String key) {
    String v = nonBlank(m, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "=" + v + " is not a whole number");
    }
  }

  private static double ratio(Map<String, String> m, String key) {
    String v = nonBlank(m, key);
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || d > 1) {
        throw new ConfigException(key + "=" + v + " must be between 0 and 1");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "=" + v + " is not a number");
    }
  }

  private static String oneOf(Map<String, String> m, String key, java.util.List<String> allowed) {
    String v = nonBlank(m, key).toLowerCase(java.util.Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new ConfigException(key + "=" + v + " is not one of " + allowed);
    }
    return v;
  }

  private static java.time.Instant instant(Map<String, String> m, String key) {
    String v = nonBlank(m, key);
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(
          key + "=" + v + " is not an instant with an offset (e.g. 2010-10-06T00:00:00Z)");
    }
  }

  private static ZoneId zone(Map<String, String> m, String key) {
    String v = nonBlank(m, key);
    try {
      return ZoneId.of(v);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(key + "=" + v + " is not a time zone id (e.g. Asia/Jakarta)");
    }
  }

  /** A short stable hash of the whole configuration, recorded with every run. */
  public String hash() {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
