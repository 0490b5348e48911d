package id.pasif.cli;

import id.pasif.config.PasifConfig;
import id.pasif.evaluate.EvaluateJob;
import id.pasif.evaluate.Metrics;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Compare date D's follower_segments with a labels CSV (header user_id,segment; segment one"
          + " of active, passive, bot_like, or human = active or passive).",
      "Prints per-segment precision, recall and F1, the confusion matrix and how many labelled"
          + " users matched."
    })
final class EvaluateCommand extends SparkCommand {
  @Mixin DateOption date = new DateOption();

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description = "Labels CSV (path or URI).")
  String labels;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(
      names = "--causes",
      paramLabel = "FILE",
      description =
          "Also score cause attribution against a truth CSV user_id,account_id,cause (a"
              + " generated dump's truth/causes.csv): accuracy over the silent relationships"
              + " both judged silent.")
  String causes;

  @Override
  int run(PasifConfig config, SparkSession spark) {
    EvaluateJob job = new EvaluateJob(spark, config, date.date, labels);
    EvaluateJob.Result r = job.run();
    EvaluateJob.CauseResult c = causes == null ? null : job.causes(causes);
    if (json) {
      String body = toJson(r);
      if (c != null) {
        body =
            body.substring(0, body.length() - 1)
                + String.format(
                    Locale.ROOT,
                    ",\"causes\":{\"truth\":%d,\"matched\":%d,\"accuracy\":%.6f}}",
                    c.truthRows(),
                    c.matched(),
                    c.accuracy());
      }
      out().println(body);
    } else {
      print(r, out());
      if (c != null) {
        out()
            .printf(
                Locale.ROOT,
                "%ncauses: truth %,d  matched %,d  accuracy %.4f  correct by cause %s%n",
                c.truthRows(),
                c.matched(),
                c.accuracy(),
                c.byCause());
      }
    }
    out().flush();
    return 0;
  }

  static void print(EvaluateJob.Result r, PrintWriter out) {
    out.printf("labelled %,d  matched %,d%n%n", r.labelled(), r.matched());
    out.printf("%-9s %9s %9s %9s %9s%n", "segment", "support", "precision", "recall", "f1");
    for (Metrics.Score s : r.scores()) {
      out.printf(
          Locale.ROOT,
          "%-9s %9d %9.4f %9.4f %9.4f%n",
          s.segment(),
          s.support(),
          s.precision(),
          s.recall(),
          s.f1());
    }
    out.printf("%nconfusion (rows: true label, columns: predicted)%n%-9s", "");
    for (String p : Metrics.PREDICTED) {
      out.printf(" %9s", p);
    }
    out.println();
    for (String t : Metrics.LABELS) {
      out.printf("%-9s", t);
      for (String p : Metrics.PREDICTED) {
        out.printf(" %9d", r.confusion().get(t, p));
      }
      out.println();
    }
  }

  static String toJson(EvaluateJob.Result r) {
    StringBuilder b = new StringBuilder("{");
    b.append("\"labelled\":").append(r.labelled()).append(",\"matched\":").append(r.matched());
    b.append(",\"scores\":{");
    for (int i = 0; i < r.scores().size(); i++) {
      Metrics.Score s = r.scores().get(i);
      b.append(i == 0 ? "" : ",")
          .append(
              String.format(
                  Locale.ROOT,
                  "\"%s\":{\"support\":%d,\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f}",
                  s.segment(),
                  s.support(),
                  s.precision(),
                  s.recall(),
                  s.f1()));
    }
    b.append("},\"confusion\":{");
    for (int i = 0; i < Metrics.LABELS.size(); i++) {
      String t = Metrics.LABELS.get(i);
      b.append(i == 0 ? "" : ",").append('"').append(t).append("\":{");
      for (int j = 0; j < Metrics.PREDICTED.size(); j++) {
        String p = Metrics.PREDICTED.get(j);
        b.append(j == 0 ? "" : ",")
            .append('"')
            .append(p)
            .append("\":")
            .append(r.confusion().get(t, p));
      }
      b.append('}');
    }
    return b.append("}}").toString();
  }
}
