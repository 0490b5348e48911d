package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.ProductionCodegen;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Catalog;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The JLine shell of {@code pasif sql}, driven through a dumb terminal over streams (what a
 * terminal sends, minus the escape sequences): multi-line statements, the parser's message with its
 * position, {@code \d}, history in a file, completion words, and a cancelled query that leaves the
 * shell running.
 *
 * <p>With Spark's code generation, as the product runs: the completion words list the catalog's
 * tables ({@code spark.catalog().listTables}), whose rows Spark 4's interpreted decoder cannot
 * build (EXPRESSION_DECODING_FAILED on {@code newInstance(class
 * org.apache.spark.sql.catalog.Table)}), so under the tests' interpreted expressions the shell
 * would complete keywords only.
 */
@ExtendWith(ProductionCodegen.class)
class SqlShellTest {
  @TempDir Path tmp;
  SparkSession spark;

  @BeforeEach
  void registerOneTable() {
    spark = SharedSpark.get();
    Warehouse warehouse = new Warehouse(spark, tmp.resolve("warehouse").toString());
    LocalDate d = LocalDate.parse("2026-11-24");
    warehouse.replaceDate(
        Tables.PROVINCE_SUMMARY,
        d,
        spark.createDataFrame(
            List.of(RowFactory.create(d, "Aceh", 40L, 10L, 20L, 10L, 0.5, 0.25, 0.2, false)),
            Tables.PROVINCE_SUMMARY.schema()));
    Catalog.register(spark, warehouse);
  }

  /**
   * A dumb terminal writing straight into {@code screen}. Not TerminalBuilder: in the whole suite
   * it built a PosixPtyTerminal, whose pump thread copies the output to {@code screen} after the
   * fact and stops when the terminal closes, so the end of a session's output was lost (CI of stop
   * 21 and a clean-clone run: the \d table cut after its second row; "Stream Closed" in pumpOut).
   */
  private static Terminal dumbTerminal(java.io.InputStream keys, java.io.OutputStream screen)
      throws java.io.IOException {
    return new DumbTerminal("test", Terminal.TYPE_DUMB, keys, screen, StandardCharsets.UTF_8);
  }

  private static SqlCommand command() {
    SqlCommand c = new SqlCommand();
    new CommandLine(c).parseArgs(); // the options' defaults (limit, width)
    return c;
  }

  @Test
  void statementsHistoryDescribeAndTheParsersMessage() throws Exception {
    String typed =
        "SELEC 1;\n"
            + "SELECT province,\n  users FROM pasif.province_summary;\n"
            + "\\d province_summary\n"
            + "quit\n";
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Path history = tmp.resolve("history");
    // Typed into an open stream, as on a terminal: the shell leaves on "quit", not at the end.
    PipedOutputStream keys = new PipedOutputStream();
    try (Terminal t = dumbTerminal(new PipedInputStream(keys), screen)) {
      t.echo(false);
      keys.write(typed.getBytes(StandardCharsets.UTF_8));
      keys.flush();
      assertThat(new SqlShell(command(), spark, t, history).run()).isZero();
    }
    keys.close();
    String shown = screen.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .contains("error: bad query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'")
        .contains("(line 1, pos 0)")
        // The parser's caret under the statement.
        .contains("  SELEC 1")
        .contains("  ^^^")
        .containsPattern("\\| Aceh +\\| 40 +\\|");
    // \d TABLE describes it. The description leads the message with what \d printed: CI shows
    // only the start and the end of a long failure message (stop 21 lost this part).
    int describe = Math.max(0, shown.indexOf("col_name"));
    assertThat(shown)
        .as("what \\d printed: %s", shown.substring(describe))
        .containsPattern("\\| passive_share +\\| double");
    List<String> saved = Files.readAllLines(history);
    assertThat(saved).contains("SELEC 1;", "\\\\d province_summary", "quit");
    assertThat(String.join("\n", saved)).contains("users FROM pasif.province_summary;");
  }

  @Test
  void tabCompletesTablesViewsAndColumns() {
    assertThat(SqlShell.completionWords(spark))
        .contains("pasif.province_summary", "province_summary", "pasif.province_summary_latest")
        .contains("passive_share", "bot_like_share", "SELECT", "select");
  }

  @Test
  void cancellingARunningQueryKeepsTheShell() throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keys);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Terminal t = dumbTerminal(in, screen);
    t.echo(false);
    CompletableFuture<Integer> shell =
        CompletableFuture.supplyAsync(
            () -> new SqlShell(command(), spark, t, tmp.resolve("h")).run());
    // About a minute of work on two threads if it were not cancelled.
    keys.write("SELECT count(*) FROM range(0, 100000000000, 1, 2) WHERE id % 7 = 3;\n".getBytes());
    keys.flush();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String group = null;
    while (System.nanoTime() < deadline) {
      group = SqlCommand.runningGroup();
      if (group != null
          && spark.sparkContext().statusTracker().getJobIdsForGroup(group).length > 0) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(group).as("the query started").isNotNull();
    assertThat(SqlCommand.cancelRunning(spark)).isTrue(); // what Ctrl-C does
    // The user types the next statement once the shell said so (typed during the cancellation,
    // the line raced the cancelled query's end: CI run of stop 20 showed no result for it).
    long said = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!screen.toString(StandardCharsets.UTF_8).contains("cancelled")
        && System.nanoTime() < said) {
      Thread.sleep(20);
    }
    keys.write("SELECT 42 AS after;\nquit\n".getBytes());
    keys.flush();
    assertThat(shell.get(60, TimeUnit.SECONDS)).isZero();
    t.close();
    String shown = screen.toString(StandardCharsets.UTF_8);
    // Not the count: the query was cancelled, and the next statement ran in the same shell.
    assertThat(shown).contains("cancelled").containsPattern("\\| 42 +\\|");
  }
}
