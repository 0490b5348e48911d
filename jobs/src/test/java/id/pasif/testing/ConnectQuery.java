package id.pasif.testing;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A Spark Connect client as its own program: {@code ConnectQuery sc://host:port QUERY...} prints,
 * for each query, a line {@code == i} and then each result row as its values joined by commas.
 * ServeTest runs it in a child JVM whose classpath starts with the client jar, because the client
 * bundles its own copies of spark-sql-api classes.
 */
public final class ConnectQuery {
  private ConnectQuery() {}

  public static void main(String[] args) {
    org.apache.spark.sql.connect.SparkSession spark =
        org.apache.spark.sql.connect.SparkSession.builder().remote(args[0]).getOrCreate();
    try {
      for (int q = 1; q < args.length; q++) {
        System.out.println("== " + q);
        List<Row> rows = spark.sql(args[q]).collectAsList();
        for (Row r : rows) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < r.length(); i++) {
            line.append(i == 0 ? "" : ",").append(r.isNullAt(i) ? "NULL" : r.get(i));
          }
          System.out.println(line);
        }
      }
    } finally {
      spark.close();
    }
  }
}
