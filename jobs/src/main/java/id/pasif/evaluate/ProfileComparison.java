package id.pasif.evaluate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.activity.Activity;
import id.pasif.activity.Window;
import id.pasif.segment.Segment;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How far generated profiles are from real labelled ones: per profile feature and per class (fake,
 * genuine), the two-sample Kolmogorov–Smirnov distance between the real values and the generated
 * values, with both medians. 0 means the same distribution, 1 disjoint ones.
 */
public final class ProfileComparison {
  private ProfileComparison() {}

  /** The features compared: name and expression over follower_features profile columns. */
  static final List<String[]> FEATURES =
      List.of(
          new String[] {"followers_count", "CAST(followers_count AS DOUBLE)"},
          new String[] {"following_count", "CAST(following_count AS DOUBLE)"},
          new String[] {"following_to_followers", "following_to_followers"},
          new String[] {"media_count", "CAST(media_count AS DOUBLE)"},
          new String[] {"has_profile_pic", "CASE WHEN has_profile_pic THEN 1.0 ELSE 0.0 END"},
          new String[] {"username_digit_share", "username_digit_share"},
          new String[] {"biography_length", "CAST(biography_length AS DOUBLE)"},
          new String[] {"is_private", "CASE WHEN is_private THEN 1.0 ELSE 0.0 END"});

  /** One line of the comparison. */
  public record Line(
      String feature,
      String cls,
      long realRows,
      long generatedRows,
      double realMedian,
      double generatedMedian,
      double ks) {}

  /**
   * Compares {@code labelled} (from {@link LabelledProfiles#read}) with a generated dump's profiles
   * and its {@code truth/labels.csv} (bot_like = fake; active, passive = genuine).
   */
  public static List<Line> compare(
      SparkSession spark, Dataset<Row> labelled, Dataset<Row> generatedProfiles, String labels) {
    Window w = Window.of(LocalDate.of(2026, 1, 1), 28, ZoneId.of("Asia/Jakarta"));
    Dataset<Row> truth =
        spark
            .read()
            .option("header", "true")
            .csv(Warehouse.normalise(labels))
            .select(
                col(USER_ID).cast("long").as(FOLLOWER_ID),
                when(col(SEGMENT).equalTo(Segment.BOT_LIKE.label()), lit(1.0))
                    .when(
                        col(SEGMENT)
                            .isin(Segment.ACTIVE.label(), Segment.PASSIVE.label(), Metrics.HUMAN),
                        lit(0.0))
                    .as(LabelledProfiles.IS_FAKE));
    Dataset<Row> real =
        Activity.profileFeatures(labelled, w)
            .join(
                labelled.select(col(USER_ID).as(FOLLOWER_ID), col(LabelledProfiles.IS_FAKE)),
                FOLLOWER_ID);
    Dataset<Row> generated =
        Activity.profileFeatures(generatedProfiles, w)
            .join(truth, FOLLOWER_ID)
            .where(col(LabelledProfiles.IS_FAKE).isNotNull());
    if (generated.isEmpty()) {
      throw new PasifException("no generated profile matched a row of " + labels);
    }
    List<Line> out = new ArrayList<>();
    for (double cls : new double[] {1.0, 0.0}) {
      for (String[] f : FEATURES) {
        double[] a = values(real, cls, f[1]);
        double[] b = values(generated, cls, f[1]);
        out.add(
            new Line(
                f[0],
                cls == 1.0 ? "fake" : "genuine",
                a.length,
                b.length,
                median(a),
                median(b),
                ks(a, b)));
      }
    }
    return out;
  }

  static double[] values(Dataset<Row> rows, double cls, String expression) {
    Column v = expr(expression);
    return rows
        .where(col(LabelledProfiles.IS_FAKE).equalTo(cls))
        .select(v.cast("double").as("v"))
        .where(col("v").isNotNull())
        .collectAsList()
        .stream()
        .mapToDouble(r -> r.getDouble(0))
        .sorted()
        .toArray();
  }

  static double median(double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Two-sample Kolmogorov–Smirnov distance of two sorted samples: max |F_a(x) − F_b(x)|. */
  static double ks(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      return Double.NaN;
    }
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      double x = Math.min(a[i], b[j]);
      while (i < a.length && a[i] <= x) {
        i++;
      }
      while (j < b.length && b[j] <= x) {
        j++;
      }
      d = Math.max(d, Math.abs(i / (double) a.length - j / (double) b.length));
    }
    return d;
  }
}
