package id.pasif.warehouse;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Small helpers to declare schemas with nullability and a comment on every column. */
public final class Schemas {
  private Schemas() {}

  /** A non-nullable column. */
  public static StructField required(String name, DataType type, String comment) {
    return DataTypes.createStructField(name, type, false).withComment(comment);
  }

  /** A nullable column. */
  public static StructField optional(String name, DataType type, String comment) {
    return DataTypes.createStructField(name, type, true).withComment(comment);
  }

  public static StructType struct(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  /** The same schema with {@code first} put in front. */
  public static StructType prepend(StructField first, StructType schema) {
    StructField[] fields = new StructField[schema.fields().length + 1];
    fields[0] = first;
    System.arraycopy(schema.fields(), 0, fields, 1, schema.fields().length);
    return DataTypes.createStructType(fields);
  }

  /** The same schema with every column nullable: how raw files are read before validation. */
  public static StructType allNullable(StructType schema) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField f = fields[i];
      fields[i] = new StructField(f.name(), f.dataType(), true, f.metadata());
    }
    return DataTypes.createStructType(fields);
  }
}
