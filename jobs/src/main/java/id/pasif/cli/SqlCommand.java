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
          + " e.g. SELECT segment, count(*) FROM pasif.follower_segments GROUP BY segment.",
      "Without QUERY: an interactive prompt reading statements ending with ';' from standard"
          + " input (quit; or end of input leaves), kept in a history file; results wider than"
          + " --width are shown one record at a time."
    })
final class SqlCommand extends SparkCommand {
  @Parameters(paramLabel = "QUERY", arity = "0..1", description = "The query.")
  String query;

  @Option(
      names = "--vertical",
      description = "Show table results one record at a time (column | value).")
  boolean vertical;

  @Option(
      names = "--width",
      defaultValue = "160",
      description = "Interactive: tables wider than this many characters are shown vertically.")
  int width;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description = "Interactive: history file (default ~/.pasif_sql_history).")
  java.nio.file.Path history;

  /** Standard input of the interactive prompt; tests replace it. */
  static java.util.function.Supplier<java.io.InputStream> input = () -> System.in;

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
    if (query == null) {
      try {
        return interactive(spark);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
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
      default -> {
        if (vertical) {
          printVertical(result, out, limit);
        } else {
          printTable(result, out, limit);
        }
      }
    }
    out.flush();
    return 0;
  }

  /** The prompt: statements may span lines and end with ';'; errors do not end the session. */
  int interactive(SparkSession spark) throws java.io.IOException {
    PrintWriter out = out();
    java.nio.file.Path historyFile =
        history != null
            ? history
            : java.nio.file.Path.of(System.getProperty("user.home"), ".pasif_sql_history");
    java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(input.get(), java.nio.charset.StandardCharsets.UTF_8));
    out.println("pasif sql: statements end with ';', quit; leaves. Tables: SHOW TABLES IN pasif;");
    StringBuilder statement = new StringBuilder();
    out.print("pasif> ");
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      statement.append(statement.length() == 0 ? "" : "\n").append(line);
      String text = statement.toString().strip();
      if (!text.endsWith(";")) {
        out.print(text.isEmpty() ? "pasif> " : "    -> ");
        out.flush();
        continue;
      }
      statement.setLength(0);
      String sql = text.substring(0, text.length() - 1).strip();
      if (sql.equalsIgnoreCase("quit") || sql.equalsIgnoreCase("exit")) {
        break;
      }
      if (!sql.isEmpty()) {
        appendHistory(historyFile, sql + ";");
        runInteractive(spark, sql, out);
      }
      out.print("pasif> ");
      out.flush();
    }
    out.println();
    out.flush();
    return 0;
  }

  private void runInteractive(SparkSession spark, String sql, PrintWriter out) {
    try {
      Dataset<Row> result = spark.sql(sql);
      java.io.StringWriter buffer = new java.io.StringWriter();
      PrintWriter table = new PrintWriter(buffer);
      printTable(result, table, limit);
      table.flush();
      String text = buffer.toString();
      boolean wide = text.lines().mapToInt(String::length).max().orElse(0) > width;
      if (vertical || wide) {
        printVertical(result, out, limit);
      } else {
        out.print(text);
      }
    } catch (Exception e) {
      out.println("error: " + firstLine(e.getMessage()));
    }
    out.flush();
  }

  private static void appendHistory(java.nio.file.Path file, String statement) {
    try {
      java.nio.file.Files.writeString(
          file,
          statement.replace('\n', ' ') + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      // History is a convenience; a read-only home must not end the session.
    }
  }

  /** One block per record, {@code column | value}, at most {@code limit} records (taken). */
  static void printVertical(Dataset<Row> result, PrintWriter out, int limit) {
    String[] cols = result.columns();
    int nameWidth = 0;
    for (String c : cols) {
      nameWidth = Math.max(nameWidth, c.length());
    }
    List<Row> rows = result.takeAsList(limit + 1);
    boolean more = rows.size() > limit;
    if (more) {
      rows = rows.subList(0, limit);
    }
    int n = 0;
    for (Row r : rows) {
      out.println("-[ RECORD " + (++n) + " ]" + "-".repeat(Math.max(0, nameWidth)));
      for (int i = 0; i < cols.length; i++) {
        out.printf(
            "%-" + nameWidth + "s | %s%n",
            cols[i],
            r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i)));
      }
    }
    out.printf(
        "%d row%s%s%n", rows.size(), rows.size() == 1 ? "" : "s", more ? " (limit reached)" : "");
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
