package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code pasif quickstart} runs the four commands of a first run in one JVM. What it hands each
 * command must be what a user would type: the real parser of each command accepts it and reads the
 * values the quick start was given. The run itself is the one {@code scripts/quickstart} makes.
 */
@Tag("quick")
class QuickstartCommandTest {
  @TempDir Path tmp;

  private static List<List<String>> stepsOf(String... args) {
    QuickstartCommand q = new QuickstartCommand();
    new CommandLine(q).parseArgs(args);
    return q.steps();
  }

  /** The sub-command's parse result of one step, parsed by the product's own command line. */
  private static ParseResult parsed(List<String> step) {
    ParseResult top = new CommandLine(new PasifCommand()).parseArgs(step.toArray(String[]::new));
    return top.subcommand();
  }

  @Test
  void theStepsAreGenerateNightlyEvaluateAndSqlWithTheGivenValues() {
    List<List<String>> steps =
        stepsOf(
            "--out",
            "/d/sample/",
            "--warehouse",
            "/d/wh",
            "--date",
            "2026-11-20",
            "--users",
            "500",
            "--seed",
            "7",
            "--set",
            "pasif.window.days=14");
    assertThat(steps)
        .extracting(s -> s.get(0))
        .containsExactly("generate", "nightly", "evaluate", "sql");

    ParseResult generate = parsed(steps.get(0));
    assertThat(generate.matchedOptionValue("--out", "")).isEqualTo("/d/sample/");
    assertThat(generate.matchedOptionValue("--users", 0L)).isEqualTo(500L);
    assertThat(generate.matchedOptionValue("--seed", 0L)).isEqualTo(7L);
    assertThat(generate.matchedOptionValue("--date", null).toString()).isEqualTo("2026-11-20");

    ParseResult nightly = parsed(steps.get(1));
    assertThat(nightly.matchedOptionValue("--input", "")).isEqualTo("/d/sample/");
    assertThat(nightly.matchedOptionValue("--warehouse", "")).isEqualTo("/d/wh");
    assertThat(nightly.matchedOptionValue("--set", java.util.Map.of()))
        .isEqualTo(java.util.Map.of("pasif.window.days", "14"));

    ParseResult evaluate = parsed(steps.get(2));
    // The generator writes the truth under <out>/truth (docs/generator.md); a trailing slash of
    // --out does not double.
    assertThat(evaluate.matchedOptionValue("--labels", "")).isEqualTo("/d/sample/truth/labels.csv");
    assertThat(evaluate.matchedOptionValue("--warehouse", "")).isEqualTo("/d/wh");

    ParseResult sql = parsed(steps.get(3));
    assertThat(sql.matchedOptionValue("--warehouse", "")).isEqualTo("/d/wh");
    assertThat((String) sql.matchedPositionals().get(0).getValue())
        .contains("pasif.account_audience")
        .contains("DATE'2026-11-20'");
  }

  @Test
  void theDefaultsAreTheDocumentedFirstRun() {
    List<List<String>> steps = stepsOf("--out", "s", "--warehouse", "w");
    assertThat(steps.get(0))
        .containsSequence("--out", "s")
        .containsSequence("--users", "3000")
        .containsSequence("--seed", "42")
        .containsSequence("--date", "2026-11-24");
    assertThat(steps.get(1)).containsSequence("--warehouse", "w");
  }

  @Test
  void aFailingStepStopsTheRunWithItsExitCodeAndItsOwnMessage() {
    Path wh = tmp.resolve("wh");
    Cli.Outcome o =
        Cli.runRaw(
            "quickstart",
            "--users",
            "1",
            "--out",
            tmp.resolve("sample").toString(),
            "--warehouse",
            wh.toString());
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err().strip()).isEqualTo("pasif generate: error: --users must be at least 2");
    // generate failed before Spark: the nightly never ran, so no warehouse was made.
    assertThat(wh).doesNotExist();
  }
}
