package id.pasif.cli;

import id.pasif.config.PasifConfig;
import id.pasif.report.AudienceSummary;
import id.pasif.warehouse.Warehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --top N} of the commands that end with the audience summary ({@link AudienceSummary}), and
 * the order of their output: the summary first, then the stage lines (left out under {@code
 * --quiet}).
 */
final class SummaryOption {
  int top = AudienceSummary.DEFAULT_TOP;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--top",
      paramLabel = "N",
      description =
          "Accounts in the summary printed first: the N with the most followers (default: "
              + AudienceSummary.DEFAULT_TOP
              + "; 0 prints only the line for all accounts).")
  void top(int n) {
    if (n < 0) {
      // a usage error, reported before Spark starts
      throw new ParameterException(spec.commandLine(), "--top must be 0 or more, not " + n);
    }
    top = n;
  }

  /** Prints the summary of {@code date} from account_audience. */
  void print(SparkSession spark, PasifConfig config, LocalDate date, PrintWriter out) {
    spark.sparkContext().setJobDescription("pasif summary " + date);
    out.print(AudienceSummary.of(new Warehouse(spark, config.warehouse()), date, top));
  }

  /**
   * Runs {@code stages}, which print their lines to the writer they are given, then prints the
   * summary and after it those lines (only the summary under {@code quiet}). When a stage fails,
   * the lines of the stages done so far are printed and the failure goes on.
   */
  int answerFirst(
      SparkSession spark,
      PasifConfig config,
      LocalDate date,
      PrintWriter out,
      boolean quiet,
      Consumer<PrintWriter> stages) {
    StringWriter buffer = new StringWriter();
    PrintWriter lines = new PrintWriter(buffer);
    boolean done = false;
    try {
      stages.accept(lines);
      done = true;
      print(spark, config, date, out);
    } finally {
      lines.flush();
      if (!done || !quiet) {
        out.print(buffer);
      }
      out.flush();
    }
    return 0;
  }
}
