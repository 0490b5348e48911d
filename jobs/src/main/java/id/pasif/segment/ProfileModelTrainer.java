package id.pasif.segment;

import static id.pasif.warehouse.Columns.FOLLOWER_ID;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.segment.ProfileModel.Feature;
import id.pasif.segment.ProfileModel.Transform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits the {@link ProfileModel} with MLlib's {@link LogisticRegression} on labelled profiles and
 * picks its decision threshold by k-fold cross-validation on the same (training) rows only.
 *
 * <p>Why a logistic regression on log-scaled counts: it is monotone and smooth in every input, so
 * it cannot learn a rule that only fits the few hundred labelled rows (gradient-boosted trees
 * scored the same on the calibration test split but learn step functions at these rows' values);
 * its terms explain a decision directly (log-odds per input); and it exports as a handful of
 * numbers that score as one Spark column expression anywhere.
 *
 * <p>The inputs are what labelled real profiles carry: followers, following, posts, picture, digits
 * in the username, biography length, private. Account age is not an input: no labelled set we have
 * carries it, and a weight for it would be invented, not learned.
 */
public final class ProfileModelTrainer {
  private ProfileModelTrainer() {}

  /** Label column of the training rows: 1.0 fake, 0.0 genuine. */
  public static final String LABEL = "is_fake";

  /** The model's inputs: name, follower_features column, transform. */
  public static final List<String[]> DESIGN =
      List.of(
          new String[] {"followers", "followers_count", "LOG1P"},
          new String[] {"following", "following_count", "LOG1P"},
          new String[] {"posts", "media_count", "LOG1P"},
          new String[] {"no_picture", "has_profile_pic", "IS_FALSE"},
          new String[] {"username_digits", "username_digit_share", "IDENTITY"},
          new String[] {"biography", "biography_length", "LOG1P"},
          new String[] {"private", "is_private", "IS_TRUE"});

  /** L2 regularisation of the logistic regression (on standardised inputs). */
  public static final double REG_PARAM = 0.01;

  /** Folds of the cross-validation that picks the threshold. */
  public static final int FOLDS = 5;

  /** Fake share at which the threshold must keep precision (a realistic share of fakes). */
  public static final double PREVALENCE = 0.10;

  /** Precision the threshold must reach at {@link #PREVALENCE} in cross-validation. */
  public static final double MIN_PRECISION_AT_PREVALENCE = 0.80;

  /** Thresholds tried: 0.50, 0.55, ..., 0.95. */
  static final double[] THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

  /**
   * Fits the model on {@code rows} (follower_features columns plus {@link #LABEL}) and picks the
   * threshold by {@link #FOLDS}-fold cross-validation on the same rows.
   */
  public static ProfileModel fit(Dataset<Row> rows, String version, Map<String, Object> training) {
    Row counts =
        rows.agg(
                count(when(col(LABEL).equalTo(1.0), lit(1))),
                count(when(col(LABEL).equalTo(0.0), lit(1))))
            .first();
    long fakes = counts.getLong(0);
    long genuine = counts.getLong(1);
    if (fakes < FOLDS * 2 || genuine < FOLDS * 2) {
      throw new PasifException(
          "too few labelled rows to fit the profile model: "
              + fakes
              + " fake, "
              + genuine
              + " genuine (at least "
              + FOLDS * 2
              + " of each)");
    }
    Dataset<Row> cached = rows.cache();
    try {
      // Out-of-fold probabilities at threshold 0.5 (evidence = probability).
      Column fold = pmod(xxhash64(col(FOLLOWER_ID), lit(7L)), lit((long) FOLDS));
      List<double[]> scored = new ArrayList<>();
      for (int k = 0; k < FOLDS; k++) {
        ProfileModel m = fitOnly(cached.filter(fold.notEqual(k)), 0.5, version, Map.of(), Map.of());
        for (Row r :
            cached.filter(fold.equalTo(k)).select(col(LABEL), m.evidence()).collectAsList()) {
          scored.add(new double[] {r.getDouble(0), r.getDouble(1)});
        }
      }
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("cross_validation", FOLDS + "-fold on the training rows, folds by user_id hash");
      metrics.put("rows", fakes + genuine);
      metrics.put("fakes", fakes);
      double best = Double.NaN;
      double bestF1 = -1;
      List<Map<String, Object>> table = new ArrayList<>();
      for (double t : THRESHOLDS) {
        double[] s = scores(scored, t);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("threshold", t);
        row.put("precision", round(s[0]));
        row.put("recall", round(s[1]));
        row.put("f1", round(s[2]));
        row.put("precision_at_" + (int) (PREVALENCE * 100) + "pct_fakes", round(s[3]));
        table.add(row);
        if (s[3] >= MIN_PRECISION_AT_PREVALENCE && s[2] > bestF1) {
          best = t;
          bestF1 = s[2];
        }
      }
      if (Double.isNaN(best)) {
        best = THRESHOLDS[THRESHOLDS.length - 1];
      }
      metrics.put(
          "rule",
          String.format(
              Locale.ROOT,
              "threshold = the one with the best cross-validated F1 among those whose precision"
                  + " at %.0f %% fakes is >= %.2f",
              PREVALENCE * 100,
              MIN_PRECISION_AT_PREVALENCE));
      metrics.put("thresholds", table);
      metrics.put("auc", round(auc(scored)));
      return fitOnly(cached, best, version, training, metrics);
    } finally {
      cached.unpersist();
    }
  }

  /** Fits the logistic regression on all {@code rows}, with a given threshold. */
  static ProfileModel fitOnly(
      Dataset<Row> rows,
      double threshold,
      String version,
      Map<String, Object> training,
      Map<String, Object> metrics) {
    List<Column> inputs = new ArrayList<>();
    List<Column> stats = new ArrayList<>();
    String[] names = new String[DESIGN.size()];
    for (int i = 0; i < DESIGN.size(); i++) {
      String[] d = DESIGN.get(i);
      names[i] = d[0];
      Feature proto = new Feature(d[0], d[1], Transform.valueOf(d[2]), 0, 0, 0, 0, 0);
      inputs.add(proto.input().as(d[0]));
      stats.add(avg(d[0]));
      stats.add(stddev_samp(d[0]));
      stats.add(expr("percentile(" + d[0] + ", 0.02)"));
      stats.add(expr("percentile(" + d[0] + ", 0.98)"));
    }
    inputs.add(col(LABEL));
    Dataset<Row> x = rows.select(inputs.toArray(new Column[0]));
    Row s = x.agg(stats.get(0), stats.subList(1, stats.size()).toArray(new Column[0])).first();
    // Unknown inputs in training rows take the mean: neutral on balanced rows.
    Dataset<Row> imputed = x;
    for (int i = 0; i < names.length; i++) {
      double mean = s.isNullAt(4 * i) ? 0.0 : s.getDouble(4 * i);
      imputed = imputed.withColumn(names[i], coalesce(col(names[i]), lit(mean)));
    }
    Dataset<Row> assembled =
        new VectorAssembler().setInputCols(names).setOutputCol("features").transform(imputed);
    LogisticRegressionModel lr =
        new LogisticRegression()
            .setLabelCol(LABEL)
            .setFeaturesCol("features")
            .setRegParam(REG_PARAM)
            .setElasticNetParam(0.0)
            .setStandardization(true)
            .setMaxIter(500)
            .setTol(1e-10)
            .fit(assembled);
    double[] w = lr.coefficients().toArray();
    List<Feature> features = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String[] d = DESIGN.get(i);
      features.add(
          new Feature(
              d[0],
              d[1],
              Transform.valueOf(d[2]),
              round(w[i]),
              round(value(s, 4 * i)),
              round(value(s, 4 * i + 1)),
              round(value(s, 4 * i + 2)),
              round(value(s, 4 * i + 3))));
    }
    return new ProfileModel(version, round(lr.intercept()), threshold, features, training, metrics);
  }

  private static double value(Row r, int i) {
    return r.isNullAt(i) ? 0.0 : ((Number) r.get(i)).doubleValue();
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** Precision, recall, F1 at the rows' own share, and precision at {@link #PREVALENCE}. */
  static double[] scores(List<double[]> scored, double threshold) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (double[] r : scored) {
      boolean fake = r[0] >= 0.5;
      boolean flagged = r[1] >= threshold;
      if (fake && flagged) {
        tp++;
      } else if (fake) {
        fn++;
      } else if (flagged) {
        fp++;
      } else {
        tn++;
      }
    }
    double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double rec = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = p + rec == 0 ? 0 : 2 * p * rec / (p + rec);
    double fpr = fp + tn == 0 ? 0 : fp / (double) (fp + tn);
    return new double[] {p, rec, f1, precisionAt(PREVALENCE, rec, fpr)};
  }

  /**
   * Precision if fakes were {@code prevalence} of the population: the genuine rows re-weighted,
   * from the true-positive and false-positive rates.
   */
  public static double precisionAt(double prevalence, double tpr, double fpr) {
    return tpr + fpr == 0 ? 0 : prevalence * tpr / (prevalence * tpr + (1 - prevalence) * fpr);
  }

  /** Area under the ROC curve: the probability a fake scores above a genuine (ties count half). */
  public static double auc(List<double[]> scored) {
    double pairs = 0;
    double wins = 0;
    for (double[] a : scored) {
      if (a[0] < 0.5) {
        continue;
      }
      for (double[] b : scored) {
        if (b[0] >= 0.5) {
          continue;
        }
        pairs++;
        wins += a[1] > b[1] ? 1 : a[1] == b[1] ? 0.5 : 0;
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }
}
