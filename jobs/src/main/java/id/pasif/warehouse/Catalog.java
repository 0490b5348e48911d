package id.pasif.warehouse;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the warehouse's tables addressable by name, {@code pasif.<table>}, in the session's
 * catalog: each existing Delta table is registered as an external table over its folder.
 * Registration reads only the Delta logs; the data stays where it is. Views for the common
 * questions ({@link #VIEWS}) are created on top. docs/analysts.md explains the choice and how to
 * use a shared metastore instead.
 */
public final class Catalog {
  private Catalog() {}

  public static final String DATABASE = "pasif";

  /** Registers every existing table of {@code warehouse}; returns their names. */
  public static List<String> register(SparkSession spark, Warehouse warehouse) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    List<TableSpec> tables = warehouse.existingTables();
    for (TableSpec t : tables) {
      String name = DATABASE + "." + t.name();
      // Dropping an external table removes the name only, never the files.
      spark.sql("DROP TABLE IF EXISTS " + name);
      spark.sql(
          "CREATE TABLE "
              + name
              + " USING delta LOCATION '"
              + warehouse.location(t).replace("'", "\\'")
              + "'");
    }
    registerViews(spark, tables);
    return tables.stream().map(TableSpec::name).toList();
  }

  /** The views {@link #register} creates, by name, with the table each one needs. */
  public static final java.util.Map<String, TableSpec> VIEWS =
      java.util.Map.of(
          "latest_account_audience", Tables.ACCOUNT_AUDIENCE,
          "passive_share_ranking", Tables.ACCOUNT_AUDIENCE,
          "province_summary_latest", Tables.PROVINCE_SUMMARY,
          "run_history", Tables.RUNS);

  /**
   * Views for the common questions, created for the tables that exist: the latest run date's
   * audience per account, accounts ranked by passive share on that date, the latest province
   * summary, and every stage of every run with its duration.
   */
  static void registerViews(SparkSession spark, List<TableSpec> existing) {
    String db = DATABASE + ".";
    String latestAudience =
        "SELECT * FROM "
            + db
            + "account_audience WHERE dt = (SELECT max(dt) FROM "
            + db
            + "account_audience)";
    java.util.Map<String, String> sql = new java.util.LinkedHashMap<>();
    sql.put("latest_account_audience", latestAudience);
    sql.put(
        "passive_share_ranking",
        "SELECT rank() OVER (ORDER BY passive_share DESC, followers DESC) AS passive_rank,"
            + " dt, account_id, followers, passive_followers, passive_share, bot_like_share"
            + " FROM ("
            + latestAudience
            + ")");
    sql.put(
        "province_summary_latest",
        "SELECT * FROM "
            + db
            + "province_summary WHERE dt = (SELECT max(dt) FROM "
            + db
            + "province_summary)");
    sql.put(
        "run_history",
        "SELECT dt, run_id, stage, status, started_at, ended_at,"
            + " round((unix_micros(ended_at) - unix_micros(started_at)) / 1e6, 3) AS seconds,"
            + " rows_in, rows_out, rows_quarantined, reject_ratio, error FROM "
            + db
            + "runs");
    for (java.util.Map.Entry<String, String> v : sql.entrySet()) {
      String name = db + v.getKey();
      if (existing.contains(VIEWS.get(v.getKey()))) {
        spark.sql("CREATE OR REPLACE VIEW " + name + " AS " + v.getValue());
      } else {
        spark.sql("DROP VIEW IF EXISTS " + name);
      }
    }
  }
}
