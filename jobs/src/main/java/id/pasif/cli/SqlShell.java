package id.pasif.cli;

import id.pasif.warehouse.Catalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

/**
 * The interactive {@code pasif sql} on a terminal, with JLine: arrow keys and line editing, history
 * kept in {@code ~/.pasif_history} (Ctrl-R searches it), Tab completes table, view and column
 * names, a statement may span lines until ';'. Ctrl-C during a query cancels its Spark jobs (job
 * group) and the shell goes on; at the prompt it clears the line; Ctrl-D leaves.
 */
final class SqlShell {
  private final SqlCommand command;
  private final SparkSession spark;
  private final Terminal terminal;
  private final LineReader reader;
  private final PrintWriter out;

  SqlShell(SqlCommand command, SparkSession spark, Terminal terminal, Path historyFile) {
    this.command = command;
    this.spark = spark;
    this.terminal = terminal;
    this.out = terminal.writer();
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("pasif")
            .parser(new StatementParser())
            .completer(new StringsCompleter(completionWords(spark)))
            .variable(LineReader.HISTORY_FILE, historyFile)
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, "    -> ")
            .variable(LineReader.INDENTATION, 0)
            // '!' is SQL (!=), not history expansion.
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.HISTORY_TIMESTAMPED, false)
            .build();
  }

  int run() {
    out.println(SqlCommand.BANNER);
    out.flush();
    while (true) {
      String line;
      try {
        line = reader.readLine("pasif> ");
      } catch (UserInterruptException ctrlC) {
        continue;
      } catch (EndOfFileException ctrlD) {
        break;
      }
      String text = line.strip();
      if (text.isEmpty()) {
        continue;
      }
      if (text.startsWith("\\")) {
        if (!command.meta(spark, text, out)) {
          break;
        }
        continue;
      }
      String sql = text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
      if (sql.equalsIgnoreCase("quit") || sql.equalsIgnoreCase("exit")) {
        break;
      }
      if (sql.isEmpty()) {
        continue;
      }
      Terminal.SignalHandler previous =
          terminal.handle(Terminal.Signal.INT, signal -> SqlCommand.cancelRunning(spark));
      try {
        command.runInteractive(spark, sql, out);
      } finally {
        terminal.handle(Terminal.Signal.INT, previous);
      }
    }
    out.println();
    out.flush();
    try {
      reader.getHistory().save();
    } catch (java.io.IOException e) {
      // History is a convenience; a read-only home must not fail the session.
    }
    return 0;
  }

  /**
   * What Tab completes: {@code pasif.<table>} and the bare names of the tables and views, their
   * column names, and the SQL words most queries use.
   */
  static List<String> completionWords(SparkSession spark) {
    TreeSet<String> words = new TreeSet<>();
    for (String w :
        List.of(
            "SELECT",
            "FROM",
            "WHERE",
            "GROUP BY",
            "ORDER BY",
            "HAVING",
            "LIMIT",
            "JOIN",
            "ON",
            "AND",
            "OR",
            "NOT",
            "DESC",
            "ASC",
            "COUNT",
            "DISTINCT",
            "DESCRIBE",
            "SHOW TABLES",
            "quit")) {
      words.add(w);
      words.add(w.toLowerCase(Locale.ROOT));
    }
    List<String> names = new ArrayList<>();
    try {
      for (org.apache.spark.sql.catalog.Table t :
          spark.catalog().listTables(Catalog.DATABASE).collectAsList()) {
        names.add(t.name());
      }
    } catch (Exception noDatabase) {
      // Nothing registered: keywords only.
    }
    for (String name : names) {
      words.add(Catalog.DATABASE + "." + name);
      words.add(name);
      try {
        for (String c : spark.table(Catalog.DATABASE + "." + name).columns()) {
          words.add(c);
        }
      } catch (RuntimeException unreadable) {
        // A view over a missing table: its name still completes.
      }
    }
    return new ArrayList<>(words);
  }

  /**
   * Asks JLine for more lines until the statement ends with ';' (backslash commands and quit/exit
   * need none), so a multi-line statement is one history entry.
   */
  static final class StatementParser extends DefaultParser {
    StatementParser() {
      setEofOnUnclosedQuote(true);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE) {
        String t = line.strip();
        boolean complete =
            t.isEmpty()
                || t.endsWith(";")
                || t.startsWith("\\")
                || t.equalsIgnoreCase("quit")
                || t.equalsIgnoreCase("exit");
        if (!complete) {
          throw new EOFError(-1, -1, "the statement goes on until ';'", ";");
        }
      }
      return super.parse(line, cursor, context);
    }
  }
}
