package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Catalog;
import id.pasif.warehouse.Warehouse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one SQL query with every table of the warehouse addressable as pasif.<table>,"
          + " e.g. SELECT segment, count(*) FROM pasif.follower_segments GROUP BY segment."
    })
final class SqlCommand extends SparkCommand {
  @Parameters(paramLabel = "QUERY", description = "The query.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv or json (one object per line); default ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description =
          "Most rows to print in table format (default ${DEFAULT-VALUE}); csv and json"
              + " stream every row.")
  int limit;

  @Override
  int run(PasifConfig config, SparkSession spark) {
    if (!List.of("table", "csv", "json").contains(format)) {
      throw new PasifException("unknown --format " + format + "; expected table, csv or json");
    }
    Catalog.register(spark, new Warehouse(spark, config.warehouse()));
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      if (e instanceof AnalysisException || e.getClass().getName().contains("ParseException")) {
        throw new PasifException("bad query: " + firstLine(e.getMessage()), 2, e);
      }
      throw e;
    }
    PrintWriter out = out();
    switch (format) {
      case "csv" -> printCsv(result, out);
      case "json" -> result.toJSON().toLocalIterator().forEachRemaining(out::println);
      default -> printTable(result, out, limit);
    }
    out.flush();
    return 0;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void printCsv(Dataset<Row> result, PrintWriter out) {
    out.println(String.join(",", result.columns()));
    Iterator<Row> it = result.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        cells.add(csvCell(r.isNullAt(i) ? "" : String.valueOf(r.get(i))));
      }
      out.println(String.join(",", cells));
    }
  }

  static String csvCell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** An aligned text table of at most {@code limit} rows (bounded: taken, not collected). */
  static void printTable(Dataset<Row> result, PrintWriter out, int limit) {
    String[] cols = result.columns();
    List<Row> rows = result.takeAsList(limit + 1);
    boolean more = rows.size() > limit;
    if (more) {
      rows = rows.subList(0, limit);
    }
    int[] width = new int[cols.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < cols.length; i++) {
      width[i] = cols[i].length();
    }
    for (Row r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        c[i] = r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i));
        if (c[i].length() > 60) {
          c[i] = c[i].substring(0, 57) + "...";
        }
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : width) {
      sep.append("-".repeat(w + 2)).append('+');
    }
    out.println(sep);
    out.println(line(cols, width));
    out.println(sep);
    for (String[] c : cells) {
      out.println(line(c, width));
    }
    out.println(sep);
    out.printf(
        "%d row%s%s%n", rows.size(), rows.size() == 1 ? "" : "s", more ? " (limit reached)" : "");
  }

  private static String line(String[] c, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < c.length; i++) {
      b.append(' ').append(String.format("%-" + width[i] + "s", c[i])).append(" |");
    }
    return b.toString();
  }
}
