package id.pasif.warehouse;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the warehouse's tables addressable by name, {@code pasif.<table>}, in the session's
 * catalog: each existing Delta table is registered as an external table over its folder.
 * Registration reads only the Delta logs; the data stays where it is.
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
    return tables.stream().map(TableSpec::name).toList();
  }
}
