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
