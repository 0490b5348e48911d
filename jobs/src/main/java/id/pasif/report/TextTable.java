package id.pasif.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An aligned plain-text table of at most n rows of a Dataset (taken, never collected whole): the
 * notebooks' one way of showing rows. Doubles are rounded to 3 decimals, nulls print as NULL.
 */
public final class TextTable {
  private TextTable() {}

  public static String of(Dataset<Row> df, int n) {
    String[] cols = df.columns();
    List<Row> rows = df.takeAsList(n);
    List<String[]> lines = new ArrayList<>();
    lines.add(cols);
    for (Row r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        c[i] = cell(r.get(i));
      }
      lines.add(c);
    }
    int[] w = new int[cols.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        w[i] = Math.max(w[i], line[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] line : lines) {
      StringBuilder l = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        l.append(String.format(Locale.ROOT, "%-" + Math.max(1, w[i]) + "s  ", line[i]));
      }
      b.append(l.toString().stripTrailing()).append('\n');
    }
    return b.append("(").append(rows.size()).append(" rows shown)\n").toString();
  }

  static String cell(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.3f", d);
    }
    return String.valueOf(v);
  }
}
