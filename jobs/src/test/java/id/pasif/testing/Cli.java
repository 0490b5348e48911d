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

  /** Runs exactly {@code args}. */
  public static Outcome runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PasifCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, out.toString(), err.toString());
  }
}
