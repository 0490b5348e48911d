package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.report.HtmlReport;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Renders {@link HtmlReport} from the tables of a date and writes it to a path or URI; reads the
 * warehouse, never writes it.
 */
final class HtmlReportWriter {
  private HtmlReportWriter() {}

  /**
   * Fails with one line unless the report stage wrote account_audience for {@code date}: the HTML
   * report only reads the tables, it never runs a stage.
   */
  static void requireReport(SparkSession spark, PasifConfig config, LocalDate date) {
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    if (!warehouse.hasDate(Tables.ACCOUNT_AUDIENCE, date)) {
      throw new PasifException(
          "no account_audience for "
              + date
              + " in "
              + warehouse.root()
              + ": run pasif report --date "
              + date
              + " (or pasif nightly) first; --html only reads the tables");
    }
  }

  static void write(
      SparkSession spark, PasifConfig config, LocalDate date, String file, PrintWriter out) {
    spark.sparkContext().setJobDescription("pasif report " + date + ": html");
    String html =
        new HtmlReport(new Warehouse(spark, config.warehouse()), date, config.windowDays())
            .render();
    Path p = new Path(Warehouse.normalise(file));
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream o = fs.create(p, true)) {
        o.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new PasifException(
          "cannot write the HTML report to " + file + ": " + e.getMessage(), e);
    }
    out.printf("html report written to %s (%,d bytes)%n", p, html.length());
    out.flush();
  }
}
