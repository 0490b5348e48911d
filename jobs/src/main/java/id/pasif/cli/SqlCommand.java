package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.spark.ReadOnly;
import id.pasif.spark.SparkSessions;
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
      "Without QUERY: an interactive shell. On a terminal: line editing, history in"
          + " ~/.pasif_history (Ctrl-R searches), Tab completes table and column names, Ctrl-C"
          + " cancels the running query and keeps the shell, Ctrl-D leaves. Statements end with"
          + " ';'; \\d lists the tables, \\d TABLE describes one; results wider than --width"
          + " are shown one record at a time.",
      "Read-only: DML and DDL (DELETE, UPDATE, INSERT, MERGE, DROP, ALTER, CREATE, ...), files"
          + " by path (text.`/etc/passwd`), reflect/java_method and SET of a value are refused"
          + " (exit 2); maintenance is pasif maintain.",
      "A bad query prints Spark's message with its line and position and exits 2."
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
      description = "Interactive: history file (default ~/.pasif_history).")
  java.nio.file.Path history;

  /** Standard input of the interactive prompt; tests replace it. */
  static final java.util.function.Supplier<java.io.InputStream> DEFAULT_INPUT = () -> System.in;

  static java.util.function.Supplier<java.io.InputStream> input = DEFAULT_INPUT;

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
  void preflight(PasifConfig config) {
    if (!List.of("table", "csv", "json").contains(format)) {
      throw new PasifException(
          "unknown --format " + format + "; expected table, csv or json", 2, null);
    }
  }

  @Override
  SparkSession session(PasifConfig config) {
    return SparkSessions.createForAnalysts(config);
  }

  @Override
  boolean showsProgress() {
    return query != null;
  }

  @Override
  int run(PasifConfig config, SparkSession spark) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    Catalog.register(spark, warehouse);
    // From here on every plan is checked: the tables can be read, not changed (ReadOnly).
    ReadOnly.enable(warehouse.root());
    try {
      if (query == null) {
        try {
          return interactive(spark);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return oneShot(spark);
    } finally {
      ReadOnly.disable();
    }
  }

  private int oneShot(SparkSession spark) {
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      throw queryError(e);
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

  /**
   * The error of a query the user wrote, exit 2: the read-only rule's line, or Spark's own first
   * line (a syntax error's message with its line and position, an unknown column, ...).
   */
  static RuntimeException queryError(Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof PasifException p) {
        return p;
      }
    }
    if (e instanceof AnalysisException || e.getClass().getName().contains("ParseException")) {
      return new PasifException("bad query: " + firstLine(e.getMessage()), 2, e);
    }
    return e instanceof RuntimeException r ? r : new RuntimeException(e);
  }

  /** The statement and caret Spark's parser prints under "== SQL ==", if any. */
  static List<String> sqlContext(String message) {
    List<String> lines = new ArrayList<>();
    if (message == null) {
      return lines;
    }
    int at = message.indexOf("== SQL ==");
    if (at < 0) {
      return lines;
    }
    for (String l : message.substring(at + "== SQL ==".length()).strip().split("\n")) {
      if (l.isBlank()) {
        break;
      }
      lines.add(l);
    }
    return lines;
  }

  /**
   * The prompt. On a terminal: {@link SqlShell} (JLine: line editing, history, completion, Ctrl-C
   * cancels the running query). From a pipe or file: statements read line by line. In both,
   * statements may span lines and end with ';', {@code \\d [TABLE]} describes, and errors do not
   * end the session.
   */
  int interactive(SparkSession spark) throws java.io.IOException {
    PrintWriter out = out();
    java.nio.file.Path historyFile =
        history != null
            ? history
            : java.nio.file.Path.of(System.getProperty("user.home"), HISTORY_FILE);
    if (System.console() != null && input == DEFAULT_INPUT) {
      try (org.jline.terminal.Terminal terminal =
          org.jline.terminal.TerminalBuilder.builder().system(true).build()) {
        return new SqlShell(this, spark, terminal, historyFile).run();
      }
    }
    java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(input.get(), java.nio.charset.StandardCharsets.UTF_8));
    out.println(BANNER);
    StringBuilder statement = new StringBuilder();
    out.print("pasif> ");
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      if (statement.length() == 0 && line.strip().startsWith("\\")) {
        if (!meta(spark, line.strip(), out)) {
          break;
        }
        out.print("pasif> ");
        out.flush();
        continue;
      }
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

  static final String HISTORY_FILE = ".pasif_history";

  static final String BANNER =
      "pasif sql: statements end with ';', quit; leaves. \\d lists the tables, \\d TABLE"
          + " describes one. Read-only.";

  /**
   * A backslash command: {@code \\d} lists the tables and views, {@code \\d TABLE} describes one
   * ({@code pasif.} is added when the name has no database), {@code \\q} leaves. Returns false to
   * leave.
   */
  boolean meta(SparkSession spark, String command, PrintWriter out) {
    String[] parts = command.substring(1).strip().split("\\s+", 2);
    switch (parts[0]) {
      case "q" -> {
        return false;
      }
      case "d" -> {
        if (parts.length == 1 || parts[1].isBlank()) {
          runInteractive(spark, "SHOW TABLES IN " + Catalog.DATABASE, out);
        } else {
          String name = parts[1].strip().replaceAll(";$", "");
          if (!name.contains(".")) {
            name = Catalog.DATABASE + "." + name;
          }
          runInteractive(spark, "DESCRIBE TABLE " + name, out);
        }
      }
      default -> out.println("error: unknown command \\" + parts[0] + " (\\d, \\d TABLE, \\q)");
    }
    out.flush();
    return true;
  }

  /** The job group of the query running now, if any (Ctrl-C cancels it). */
  private static volatile String runningGroup;

  private static volatile boolean cancelled;

  private static final java.util.concurrent.atomic.AtomicLong QUERIES =
      new java.util.concurrent.atomic.AtomicLong();

  /** Cancels the running query's Spark jobs; the shell goes on. Ctrl-C calls it. */
  static boolean cancelRunning(SparkSession spark) {
    String group = runningGroup;
    if (group == null) {
      return false;
    }
    cancelled = true;
    spark.sparkContext().cancelJobGroup(group);
    return true;
  }

  /** The group of the running query, for tests that wait for it to start. */
  static String runningGroup() {
    return runningGroup;
  }

  void runInteractive(SparkSession spark, String sql, PrintWriter out) {
    String group = "pasif-sql-" + QUERIES.incrementAndGet();
    cancelled = false;
    spark.sparkContext().setJobGroup(group, "pasif sql", true);
    runningGroup = group;
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
      if (cancelled) {
        out.println("cancelled");
      } else {
        RuntimeException error = queryError(e);
        out.println("error: " + firstLine(error.getMessage()));
        for (String l : sqlContext(e.getMessage())) {
          out.println("  " + l);
        }
      }
    } finally {
      runningGroup = null;
      spark.sparkContext().clearJobGroup();
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

  /**
   * The first line that is not blank: Spark's parser starts its message with a newline, and the
   * first line alone was empty ("bad query: " with no reason).
   */
  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
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
