package id.pasif.cli;

import java.util.List;
import org.apache.spark.sql.Row;

/**
 * A Spark Connect client as its own program, for {@link ServeTest}'s safety checks: {@code
 * ConnectProbe STEP...} where a step is {@code sc://...} (connect, closing the previous session),
 * {@code conf:KEY=VALUE} (set a session setting through the Connect config API), {@code
 * confget:KEY}, {@code read:PATH} (spark.read.text), {@code write:PATH} (spark.range(1) written as
 * Parquet) or a SQL query. For each step it prints {@code == i}, then the rows (values joined by
 * commas) or one line {@code ERROR <first line of the error>}; it never stops at an error.
 */
public final class ConnectProbe {
  private ConnectProbe() {}

  public static void main(String[] args) {
    org.apache.spark.sql.connect.SparkSession spark = null;
    for (int i = 0; i < args.length; i++) {
      String step = args[i];
      System.out.println("== " + i);
      try {
        if (step.startsWith("sc://")) {
          if (spark != null) {
            spark.close();
          }
          spark = org.apache.spark.sql.connect.SparkSession.builder().remote(step).create();
          // Connecting is lazy: the first request shows whether the server lets us in.
          print(spark.sql("SELECT 'connected'").collectAsList());
        } else if (step.startsWith("conf:")) {
          String[] kv = step.substring(5).split("=", 2);
          spark.conf().set(kv[0], kv[1]);
          System.out.println("set");
        } else if (step.startsWith("confget:")) {
          System.out.println(spark.conf().get(step.substring(8)));
        } else if (step.startsWith("read:")) {
          print(spark.read().text(step.substring(5)).collectAsList());
        } else if (step.startsWith("write:")) {
          spark.range(1).write().parquet(step.substring(6));
          System.out.println("written");
        } else {
          print(spark.sql(step).collectAsList());
        }
      } catch (Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        System.out.println("ERROR " + (nl < 0 ? m : m.substring(0, nl)));
      }
    }
    if (spark != null) {
      spark.close();
    }
  }

  private static void print(List<Row> rows) {
    for (Row r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        line.append(i == 0 ? "" : ",").append(r.isNullAt(i) ? "NULL" : r.get(i));
      }
      System.out.println(line);
    }
  }
}
