package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one line on stderr that names the problem, and a non-zero exit. */
@Tag("quick")
class CliErrorsTest {
  @TempDir Path tmp;

  private static void assertOneLine(Cli.Outcome o) {
    assertThat(o.err().strip().lines().count()).as(o.err()).isEqualTo(1);
    assertThat(o.err()).doesNotContain("\tat ");
  }

  @Test
  void invalidDateIsAUsageError() {
    Cli.Outcome o = Cli.run("nightly", "--date", "2026-13-01", "--input", tmp.toString());
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err()).contains("'2026-13-01' is not a valid date");
    assertOneLine(o);
  }

  @Test
  void missingInputNamesTheDatasetAndPath() {
    Cli.Outcome o =
        Cli.run(
            "ingest",
            "--date",
            "2026-11-24",
            "--input",
            tmp.resolve("nowhere").toString(),
            "--warehouse",
            tmp.resolve("wh").toString());
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err()).contains("missing input").contains("nowhere/follows/dt=2026-11-24");
    assertOneLine(o);
    // Checked before Spark and before the warehouse: nothing was created (issue 17 saw a
    // warehouse with a runs table after a missing input).
    assertThat(tmp.resolve("wh")).doesNotExist();
  }

  @Test
  void aMissingDatasetFolderIsNamedBeforeAnythingIsCreated() throws Exception {
    Path dump = tmp.resolve("dump");
    java.nio.file.Files.createDirectories(dump.resolve("follows/dt=2026-11-24"));
    java.nio.file.Files.createDirectories(dump.resolve("profiles/dt=2026-11-24"));
    Cli.Outcome o =
        Cli.run(
            "nightly",
            "--date",
            "2026-11-24",
            "--input",
            dump.toString(),
            "--warehouse",
            tmp.resolve("wh").toString());
    assertThat(o.exitCode()).isEqualTo(1);
    // DumpDataset order: follows, interactions, posts, profiles; the first missing is named.
    assertThat(o.err())
        .isEqualTo(
            "pasif nightly: error: missing input: no interactions for 2026-11-24 (file:"
                + dump
                + "/interactions/dt=2026-11-24)\n");
    assertThat(tmp.resolve("wh")).doesNotExist();
  }

  @Test
  void withoutAWarehouseNothingIsWrittenUnderTheCurrentFolder() {
    Path cwdWarehouse = Path.of("warehouse").toAbsolutePath();
    boolean existed = java.nio.file.Files.exists(cwdWarehouse);
    Cli.Outcome o = Cli.run("sql", "SELECT 1");
    assertThat(o.exitCode()).isEqualTo(2);
    assertThat(o.err())
        .startsWith("pasif sql: error: no warehouse given: pass --warehouse URI")
        .contains("PASIF_WAREHOUSE");
    assertOneLine(o);
    Cli.Outcome nightly = Cli.run("nightly", "--date", "2026-11-24", "--input", tmp.toString());
    assertThat(nightly.exitCode()).isEqualTo(2);
    assertThat(nightly.err()).contains("no warehouse given");
    assertThat(java.nio.file.Files.exists(cwdWarehouse)).isEqualTo(existed);
  }

  @Test
  void readingAWarehouseThatDoesNotExistCreatesNothing() {
    Path nowhere = tmp.resolve("no-warehouse");
    for (String[] args :
        new String[][] {
          {"sql", "--warehouse", nowhere.toString(), "SELECT 1"},
          {"activity", "--date", "2026-11-24", "--warehouse", nowhere.toString()},
          {"report", "--date", "2026-11-24", "--warehouse", nowhere.toString()}
        }) {
      Cli.Outcome o = Cli.run(args);
      assertThat(o.exitCode()).as(args[0]).isEqualTo(1);
      assertThat(o.err())
          .as(args[0])
          .isEqualTo(
              "pasif "
                  + args[0]
                  + ": error: no warehouse at "
                  + nowhere
                  + " (nothing was written there yet: run pasif nightly first, or check"
                  + " --warehouse)\n");
      assertThat(nowhere).doesNotExist();
    }
  }

  @Test
  void unknownFormatListsTheAcceptedOnes() {
    Cli.Outcome o =
        Cli.run("nightly", "--date", "2026-11-24", "--input", tmp.toString(), "--format", "xml");
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err()).contains("unknown format 'xml'").contains("jsonl, jsonl.gz, csv, parquet");
    assertOneLine(o);
  }

  @Test
  void verboseAddsTheStackTrace() {
    Cli.Outcome o =
        Cli.run(
            "ingest",
            "--verbose",
            "--date",
            "2026-11-24",
            "--input",
            tmp.resolve("nowhere").toString(),
            "--warehouse",
            tmp.resolve("wh").toString());
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err()).contains("\tat ");
  }

  @Test
  void aSyntaxErrorShowsTheParsersMessageAndPosition() {
    Cli.Outcome o = Cli.run("sql", "--warehouse", tmp.toString(), "SELEC 1");
    assertThat(o.exitCode()).isEqualTo(2);
    // Issue 17 saw "bad query: " with nothing after it (the message starts with a newline).
    assertThat(o.err())
        .startsWith("pasif sql: error: bad query: [PARSE_SYNTAX_ERROR] Syntax error at or near")
        .contains("'SELEC'")
        .contains("(line 1, pos 0)");
    assertOneLine(o);
  }

  @Test
  void versionNamesTheReleaseAndTheCommit() throws Exception {
    Cli.Outcome o = Cli.runRaw("--version");
    assertThat(o.exitCode()).isZero();
    String commit = "unknown";
    Process git =
        new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
            .redirectErrorStream(true)
            .start();
    String gitOut = new String(git.getInputStream().readAllBytes()).strip();
    if (git.waitFor() == 0) {
      commit = gitOut;
    }
    // Issue 17 saw "development build".
    assertThat(o.out().strip()).isEqualTo("pasif 0.1.0-SNAPSHOT (commit " + commit + ")");
  }

  @Test
  void everyCommandHasHelpDescribingItsOptions() {
    for (String c :
        new String[] {
          "generate", "nightly", "ingest", "activity", "segment", "report", "evaluate", "sql"
        }) {
      Cli.Outcome o = Cli.runRaw(c, "--help");
      assertThat(o.exitCode()).as(c).isZero();
      assertThat(o.out()).as(c).contains("Usage: pasif " + c).contains("--help");
    }
    Cli.Outcome root = Cli.runRaw("--help");
    assertThat(root.out()).contains("nightly").contains("evaluate").contains("sql");
  }
}
