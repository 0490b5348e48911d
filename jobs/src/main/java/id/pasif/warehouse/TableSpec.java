package id.pasif.warehouse;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table of the warehouse: its name (also its folder under the warehouse and its name in the
 * {@code pasif} database), its schema with nullability and column comments, and its partition
 * columns.
 */
public record TableSpec(String name, String comment, StructType schema, List<String> partitionBy) {

  /** The table's columns, in schema order, for a {@code select} before writing. */
  public Column[] columns() {
    return Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
  }
}
