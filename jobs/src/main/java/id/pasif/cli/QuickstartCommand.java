package id.pasif.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pasif quickstart}: a newcomer's first run, in one JVM. It runs the same four commands a
 * user would type ({@code generate}, {@code nightly}, {@code evaluate}, {@code sql}) through {@link
 * PasifCommand#execute}, so their output, checks and exit codes are exactly those of the commands
 * themselves; only the JVM and the Spark session are shared. Why one JVM: each command in a JVM of
 * its own pays the JVM's and Spark's start and compiles Spark's code again (about 10 s for {@code
 * pasif sql "select 1"} on 2 cores), which was a third of {@code scripts/quickstart}'s time
 * (docs/benchmarks.md, "The quick start in one JVM").
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "A first run on the embedded default, in one JVM: generate a sample dump, run the nightly"
          + " pipeline on it, score the segments against the sample's ground truth, and query"
          + " pasif.account_audience.",
      "The same as running pasif generate, nightly, evaluate and sql one after the other."
    })
final class QuickstartCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      paramLabel = "URI",
      description = "Where the sample dump goes (scripts/quickstart: the folder sample).")
  String out;

  @Option(
      names = "--warehouse",
      required = true,
      paramLabel = "URI",
      description =
          "Where the Delta tables go (scripts/quickstart: the folder warehouse). Like every"
              + " command, it has no default folder.")
  String warehouse;

  @Option(
      names = "--date",
      defaultValue = "2026-11-24",
      paramLabel = "YYYY-MM-DD",
      converter = DateConverter.class,
      description = "Dump and run date (default ${DEFAULT-VALUE}).")
  LocalDate date;

  @Option(
      names = "--users",
      defaultValue = "3000",
      description = "Users of the sample (default ${DEFAULT-VALUE}).")
  long users;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A config setting for every step (repeatable), as for the other commands.")
  Map<String, String> settings = new java.util.LinkedHashMap<>();

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "Properties file for every step (repeatable), as for the other commands.")
  List<String> conf = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The four commands, in order, with their arguments. */
  List<List<String>> steps() {
    String d = date.toString();
    List<String> common = new ArrayList<>();
    conf.forEach(f -> common.addAll(List.of("--conf", f)));
    settings.forEach((k, v) -> common.addAll(List.of("--set", k + "=" + v)));
    String labels = out.replaceAll("/+$", "") + "/truth/labels.csv";
    List<List<String>> steps = new ArrayList<>();
    steps.add(
        with(
            common,
            "generate",
            "--out",
            out,
            "--date",
            d,
            "--users",
            Long.toString(users),
            "--seed",
            Long.toString(seed)));
    steps.add(with(common, "nightly", "--date", d, "--input", out, "--warehouse", warehouse));
    steps.add(with(common, "evaluate", "--date", d, "--warehouse", warehouse, "--labels", labels));
    steps.add(
        with(
            common,
            "sql",
            "--warehouse",
            warehouse,
            "SELECT account_id, followers, passive_share, bot_like_share FROM"
                + " pasif.account_audience WHERE dt = DATE'"
                + d
                + "' ORDER BY followers DESC LIMIT 5"));
    return steps;
  }

  private static List<String> with(List<String> common, String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(args));
    all.addAll(common);
    return all;
  }

  /** The line printed before a step's output, by command (generate and nightly print their own). */
  private static final Map<String, String> HEADINGS =
      Map.of(
          "evaluate", "== segments vs the sample's ground truth (pasif evaluate)",
          "sql", "== query the tables by name (pasif sql)");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (List<String> step : steps()) {
      String heading = HEADINGS.get(step.get(0));
      if (heading != null) {
        out.println();
        out.println(heading);
        out.flush();
      }
      int code = PasifCommand.execute(step.toArray(String[]::new), out, err);
      if (code != 0) {
        return code;
      }
    }
    out.println();
    out.println("Sample dump: " + this.out);
    out.println("Delta tables under " + warehouse + " (in pasif sql: pasif.<table>):");
    out.println(
        "  "
            + id.pasif.warehouse.Tables.stream()
                .map(id.pasif.warehouse.TableSpec::name)
                .collect(java.util.stream.Collectors.joining(", ")));
    out.flush();
    return 0;
  }
}
