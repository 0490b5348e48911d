package id.pasif.testing;

import id.pasif.cli.PasifCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the {@code pasif} command line in this JVM (sharing its SparkSession) and captures it. */
public final class Cli {
  public record Outcome(int exitCode, String out, String err) {}

  private Cli() {}

  /** Runs {@code args} with the test Spark settings appended to the subcommand. */
  public static Outcome run(String... args) {
    SharedSpark.get();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (!all.isEmpty() && !all.contains("--help")) {
      all.addAll(Arrays.asList(SharedSpark.cliSettings()));
    }
    return runRaw(all.toArray(new String[0]));
  }

  /** Runs {@code args} as {@link #run} and fails the test, showing stderr, unless it exits 0. */
  public static Outcome runOk(String... args) {
    Outcome o = run(args);
    org.assertj.core.api.Assertions.assertThat(o.exitCode()).as(o.err()).isZero();
    return o;
  }

  /**
   * Generates a dump of {@code users} with {@code seed} for {@code date}, then runs the nightly;
   * returns the nightly's outcome.
   */
  public static Outcome generateAndRunNightly(
      String dump, String warehouse, String date, int users, int seed) {
    runOk(
        "generate",
        "--out",
        dump,
        "--date",
        date,
        "--users",
        String.valueOf(users),
        "--seed",
        String.valueOf(seed));
    return runOk("nightly", "--date", date, "--input", dump, "--warehouse", warehouse);
  }

  /** Runs exactly {@code args}. */
  public static Outcome runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PasifCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, out.toString(), err.toString());
  }
}
