package id.pasif.bench;

import id.pasif.activity.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The peer-engine reference of {@code scripts/bench} (a benchmark, not a test): the core of the
 * activity stage, written as one DuckDB query over a generated dump's Parquet files.
 *
 * <p>It computes what {@code Activity.standingFollows}, {@code windowEvents}, {@code pairActivity},
 * {@code postTimes}, {@code relationships} and the relationship and event-count part of {@code
 * followerFeatures} compute (docs/activity.md): per standing (follower, account) follow its
 * exposure, likes, comments, shares, saves and state; then per follower accounts_followed, engaged
 * / silent / not_judged relationships, engaged_share, silent_share, exposed_posts,
 * interactions_on_followed, interactions_not_followed, interaction_rate and likes … saves over all
 * accounts. Not computed: reciprocity, the profile columns, burst, lockstep, comment duplication,
 * reaction timing and account_day, which the pasif stage also computes; the ratio printed by the
 * script is therefore pasif's whole stage against this core.
 *
 * <p>It reads the raw dump (not bronze Delta: reading a Delta table's files directly would also
 * read removed files); on a generated dump without {@code --dirty-rate} ingest accepts every row,
 * so the input is the same. The result is written to a Parquet file (pasif writes its tables too);
 * the check figures are read back from that file after the timing.
 *
 * <p>Usage: {@code DuckDbReference --input DUMP_ROOT --date D --out FILE.parquet [--window-days 28]
 * [--zone Asia/Jakarta] [--min-exposure 3] [--threads 2]}. Prints one line of {@code key value}
 * pairs: followers, relationships, engaged, silent, not_judged, interactions_on_followed, seconds.
 */
public final class DuckDbReference {
  private DuckDbReference() {}

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (IllegalArgumentException e) {
      System.err.println("duckdb-reference: " + e.getMessage());
      System.exit(2);
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      System.err.println("duckdb-reference: " + m.lines().findFirst().orElse(m));
      System.exit(1);
    }
  }

  private static int run(String[] args) throws SQLException {
    String input = null;
    String out = null;
    LocalDate date = null;
    int windowDays = 28;
    String zone = "Asia/Jakarta";
    int minExposure = 3;
    int threads = 2;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help")) {
        System.out.println(
            "usage: DuckDbReference --input DUMP_ROOT --date D --out FILE.parquet"
                + " [--window-days 28] [--zone Asia/Jakarta] [--min-exposure 3] [--threads 2]");
        return 0;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--input" -> input = v.replaceFirst("^file://", "");
        case "--out" -> out = v;
        case "--date" -> date = LocalDate.parse(v);
        case "--window-days" -> windowDays = Integer.parseInt(v);
        case "--zone" -> zone = v;
        case "--min-exposure" -> minExposure = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + a + " (see --help)");
      }
    }
    if (input == null || date == null || out == null) {
      throw new IllegalArgumentException("--input, --date and --out are required (see --help)");
    }
    for (String d : new String[] {"follows", "interactions", "posts"}) {
      if (!Files.isDirectory(Path.of(input, d, "dt=" + date))) {
        throw new IllegalArgumentException("no " + d + " folder for " + date + " under " + input);
      }
    }
    Window w = Window.of(date, windowDays, ZoneId.of(zone));
    String sql = query(input, date, w, minExposure, out);

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute("SET TimeZone = 'UTC'");
      String version = scalar(s, "SELECT version()");
      long t0 = System.nanoTime();
      s.execute(sql);
      double seconds = (System.nanoTime() - t0) / 1e9;
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*), sum(accounts_followed), sum(engaged_relationships),"
                  + " sum(silent_relationships), sum(not_judged_relationships),"
                  + " sum(interactions_on_followed) FROM read_parquet('"
                  + out
                  + "')")) {
        r.next();
        System.out.printf(
            Locale.ROOT,
            "duckdb followers %d relationships %d engaged %d silent %d not_judged %d"
                + " interactions_on_followed %d seconds %.3f threads %d version %s%n",
            r.getLong(1),
            r.getLong(2),
            r.getLong(3),
            r.getLong(4),
            r.getLong(5),
            r.getLong(6),
            seconds,
            threads,
            version);
      }
    }
    return 0;
  }

  private static String scalar(Statement s, String q) throws SQLException {
    try (ResultSet r = s.executeQuery(q)) {
      r.next();
      return r.getString(1);
    }
  }

  /** The whole computation as one statement, so DuckDB plans it at once. */
  static String query(String root, LocalDate date, Window w, int minExposure, String out) {
    String start =
        "TIMESTAMP '" + LocalDateTime.ofInstant(w.start(), ZoneOffset.UTC).format(TS) + "'";
    String end = "TIMESTAMP '" + LocalDateTime.ofInstant(w.end(), ZoneOffset.UTC).format(TS) + "'";
    String follows = "read_parquet('" + root + "/follows/dt=" + date + "/*.parquet')";
    String interactions = "read_parquet('" + root + "/interactions/dt=" + date + "/*.parquet')";
    String posts = "read_parquet('" + root + "/posts/dt=" + date + "/*.parquet')";
    return """
        COPY (
        WITH
        -- Activity.standingFollows: one row per (follower, account) standing at the window's end
        standing AS (
          SELECT follower_id, account_id, min(followed_at) AS followed_at
          FROM %3$s
          WHERE followed_at < %2$s AND (unfollowed_at IS NULL OR unfollowed_at >= %2$s)
            AND follower_id <> account_id
          GROUP BY follower_id, account_id),
        -- Activity.windowEvents: events in [start, end), no self-interaction, each event_id once
        -- (its smallest row, as min(struct(...)) does in Spark); ingest lower-cases type
        events AS (
          SELECT struct_extract(e, 'actor_id') AS actor_id,
                 struct_extract(e, 'account_id') AS account_id,
                 struct_extract(e, 'type') AS type
          FROM (
            SELECT min({'actor_id': actor_id, 'account_id': account_id, 'post_id': post_id,
                        'type': lower(type), 'ts': ts, 'comment_text': comment_text}) AS e
            FROM %4$s
            WHERE ts >= %1$s AND ts < %2$s AND actor_id <> account_id
            GROUP BY event_id)),
        -- Activity.pairActivity
        pair AS (
          SELECT actor_id AS follower_id, account_id,
                 count(*) FILTER (WHERE type = 'like') AS likes,
                 count(*) FILTER (WHERE type = 'comment') AS comments,
                 count(*) FILTER (WHERE type = 'share') AS shares,
                 count(*) FILTER (WHERE type = 'save') AS saves
          FROM events GROUP BY actor_id, account_id),
        -- Activity.postTimes: a repeated (post_id, posted_at) is one post; at_or_after = the
        -- account's window posts published at or after this one (ties included)
        posts AS (
          SELECT DISTINCT account_id, post_id, posted_at FROM %5$s
          WHERE posted_at >= %1$s AND posted_at < %2$s),
        ranked AS (
          SELECT account_id, posted_at,
                 count(*) OVER (PARTITION BY account_id ORDER BY posted_at DESC
                                RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS at_or_after
          FROM posts),
        -- Activity.relationships: exposed_posts = window posts strictly after the follow, found
        -- with an ASOF join on the first such post
        rel AS (
          SELECT s.follower_id, s.account_id,
                 coalesce(r.at_or_after, 0) AS exposed_posts,
                 coalesce(p.likes + p.comments + p.shares + p.saves, 0) AS interactions
          FROM standing s
          LEFT JOIN pair p USING (follower_id, account_id)
          ASOF LEFT JOIN ranked r ON s.account_id = r.account_id AND r.posted_at > s.followed_at),
        states AS (
          SELECT *, CASE WHEN interactions > 0 THEN 'engaged'
                         WHEN exposed_posts >= %6$d THEN 'silent'
                         ELSE 'not_judged' END AS state
          FROM rel),
        -- Activity.followerFeatures, relationship part
        by_rel AS (
          SELECT follower_id,
                 count(*) AS accounts_followed,
                 count(*) FILTER (WHERE state = 'engaged') AS engaged_relationships,
                 count(*) FILTER (WHERE state = 'silent') AS silent_relationships,
                 count(*) FILTER (WHERE state = 'not_judged') AS not_judged_relationships,
                 sum(exposed_posts) AS exposed_posts,
                 sum(interactions) AS interactions_on_followed
          FROM states GROUP BY follower_id),
        -- Activity.followerFeatures, event counts over all accounts
        by_events AS (
          SELECT actor_id AS follower_id, count(*) AS total,
                 count(*) FILTER (WHERE type = 'like') AS likes,
                 count(*) FILTER (WHERE type = 'comment') AS comments,
                 count(*) FILTER (WHERE type = 'share') AS shares,
                 count(*) FILTER (WHERE type = 'save') AS saves
          FROM events GROUP BY actor_id)
        SELECT f.follower_id, accounts_followed, engaged_relationships, silent_relationships,
               not_judged_relationships,
               CASE WHEN engaged_relationships + silent_relationships > 0 THEN
                 engaged_relationships / (engaged_relationships + silent_relationships) END
                 AS engaged_share,
               CASE WHEN engaged_relationships + silent_relationships > 0 THEN
                 silent_relationships / (engaged_relationships + silent_relationships) END
                 AS silent_share,
               exposed_posts, interactions_on_followed,
               greatest(coalesce(total, 0) - interactions_on_followed, 0)
                 AS interactions_not_followed,
               CASE WHEN exposed_posts > 0 THEN interactions_on_followed / exposed_posts END
                 AS interaction_rate,
               coalesce(likes, 0) AS likes, coalesce(comments, 0) AS comments,
               coalesce(shares, 0) AS shares, coalesce(saves, 0) AS saves
        FROM by_rel f LEFT JOIN by_events e USING (follower_id)
        ) TO '%7$s' (FORMAT parquet)
        """
        .formatted(start, end, follows, interactions, posts, minExposure, out);
  }
}
