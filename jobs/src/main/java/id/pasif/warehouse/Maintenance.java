package id.pasif.warehouse;

import static id.pasif.warehouse.Columns.*;

import id.pasif.PasifException;
import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code pasif maintain}: compacts small files with OPTIMIZE, Z-ordered on the columns analysts
 * filter by, and removes files no longer referenced with VACUUM. Neither changes what a table
 * holds.
 */
public final class Maintenance {
  /** Delta's own safety floor: files younger than this may still be read by a running query. */
  public static final int MIN_RETAIN_HOURS = 168;

  /** Z-order columns per table; tables not listed are compacted only. */
  public static final Map<String, List<String>> Z_ORDER =
      Map.of(
          Tables.FOLLOWS.name(), List.of(ACCOUNT_ID, FOLLOWER_ID),
          Tables.INTERACTIONS.name(), List.of(ACCOUNT_ID, ACTOR_ID),
          Tables.POSTS.name(), List.of(ACCOUNT_ID),
          Tables.PROFILES.name(), List.of(USER_ID),
          Tables.RELATIONSHIPS.name(), List.of(ACCOUNT_ID, FOLLOWER_ID),
          Tables.FOLLOWER_FEATURES.name(), List.of(FOLLOWER_ID),
          Tables.FOLLOWER_SEGMENTS.name(), List.of(FOLLOWER_ID),
          Tables.ACCOUNT_DAY.name(), List.of(ACCOUNT_ID),
          Tables.ACCOUNT_AUDIENCE.name(), List.of(ACCOUNT_ID));

  private final SparkSession spark;
  private final Warehouse warehouse;

  public Maintenance(SparkSession spark, Warehouse warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** What was done to one table. */
  public record TableResult(String table, String zOrder, long filesRemoved, long filesAdded) {}

  /**
   * Optimizes every existing table (only run date {@code date} when it is not null), then vacuums
   * each with {@code retainHours}.
   */
  public List<TableResult> run(LocalDate date, int retainHours) {
    return run(date, retainHours, List.of());
  }

  /**
   * As {@link #run(LocalDate, int)}, limited to the tables named in {@code only} (every existing
   * table when it is empty). A named table that is unknown or missing from the warehouse fails
   * before anything is done.
   */
  public List<TableResult> run(LocalDate date, int retainHours, List<String> only) {
    if (retainHours < MIN_RETAIN_HOURS) {
      throw new PasifException(
          "--retain-hours "
              + retainHours
              + " is below "
              + MIN_RETAIN_HOURS
              + ": a running query or a time-travel read could lose its files");
    }
    List<TableSpec> tables = warehouse.existingTables();
    if (!only.isEmpty()) {
      List<TableSpec> chosen = new ArrayList<>();
      for (String name : only) {
        TableSpec t =
            Tables.byName(name)
                .orElseThrow(
                    () ->
                        new PasifException(
                            "unknown table " + name + "; expected one of " + tableNames(),
                            2,
                            null));
        if (!tables.contains(t)) {
          throw new PasifException("table " + name + " does not exist at " + warehouse.location(t));
        }
        chosen.add(t);
      }
      tables = chosen;
    }
    List<TableResult> results = new ArrayList<>();
    for (TableSpec t : tables) {
      spark.sparkContext().setJobDescription("pasif maintain: optimize " + t.name());
      DeltaTable table = DeltaTable.forPath(spark, warehouse.location(t));
      DeltaOptimizeBuilder optimize = table.optimize();
      if (date != null) {
        optimize = optimize.where(DT + " = '" + date + "'");
      }
      List<String> z = Z_ORDER.getOrDefault(t.name(), List.of());
      var metrics =
          z.isEmpty()
              ? optimize.executeCompaction()
              : optimize.executeZOrderBy(z.toArray(new String[0]));
      org.apache.spark.sql.Row m = metrics.first().getStruct(1);
      results.add(
          new TableResult(
              t.name(), String.join(",", z), m.getAs("numFilesRemoved"), m.getAs("numFilesAdded")));
      spark.sparkContext().setJobDescription("pasif maintain: vacuum " + t.name());
      // Delta 4 takes VACUUM's retention from the table property, not from the argument.
      spark.sql(
          "ALTER TABLE delta.`"
              + warehouse.location(t).replace("`", "``")
              + "` SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval "
              + retainHours
              + " hours')");
      table.vacuum();
    }
    return results;
  }

  private static String tableNames() {
    return String.join(", ", Tables.stream().map(TableSpec::name).toList());
  }
}
