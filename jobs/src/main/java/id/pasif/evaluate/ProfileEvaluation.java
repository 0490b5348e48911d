package id.pasif.evaluate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.segment.ClusterMapping;
import id.pasif.segment.ProfileModel;
import id.pasif.segment.ProfileModelTrainer;
import id.pasif.segment.Segment;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code pasif evaluate-profiles}: scores labelled real profiles with the segment stage's own code
 * ({@link ClusterMapping#segment}: profile model, clustering over the scored population, cluster
 * mapping) and compares the bot-like decision with the labels.
 */
public final class ProfileEvaluation {
  private ProfileEvaluation() {}

  /** The date the profiles are scored as of (only account age depends on it). */
  static final LocalDate AS_OF = LocalDate.of(2026, 1, 1);

  /** One scored labelled profile. */
  public record Scored(
      long userId, boolean fake, boolean botLike, double botScore, boolean unsure) {}

  /**
   * The outcome.
   *
   * @param rows labelled profiles scored
   * @param tp fakes decided bot-like; fp genuine decided bot-like; fn fakes decided human; tn
   *     genuine decided human
   * @param auc area under the ROC curve of bot_score
   * @param prevalence the fake share precision is re-weighted to
   * @param precisionAtPrevalence precision if fakes were {@code prevalence} of the population
   *     (genuine rows re-weighted)
   * @param insufficient profiles flagged is_insufficient_evidence for their profile (unknown fields
   *     could decide)
   * @param method how the model was obtained (shipped, fitted on a split, cross-validated)
   */
  public record Result(
      long rows,
      long tp,
      long fp,
      long fn,
      long tn,
      double auc,
      double prevalence,
      double precisionAtPrevalence,
      long insufficient,
      String method) {
    public double precision() {
      return tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /**
   * Scores {@code features} (from {@link LabelledProfiles#asFollowerFeatures}) with {@code model}.
   */
  public static List<Scored> score(PasifConfig config, ProfileModel model, Dataset<Row> features) {
    Dataset<Row> segments = ClusterMapping.segment(null, config, model, features);
    List<Scored> out = new ArrayList<>();
    for (Row r :
        segments
            .join(features.select(FOLLOWER_ID, LabelledProfiles.IS_FAKE), FOLLOWER_ID)
            .select(
                col(FOLLOWER_ID),
                col(LabelledProfiles.IS_FAKE),
                col(SEGMENT).equalTo(Segment.BOT_LIKE.label()),
                col(BOT_SCORE),
                // unsure about the profile itself, not about activity (no relationships are judged)
                col(REASONS).contains("unknown=").and(col(IS_INSUFFICIENT_EVIDENCE)))
            .collectAsList()) {
      out.add(
          new Scored(
              r.getLong(0),
              r.getDouble(1) >= 0.5,
              r.getBoolean(2),
              r.getDouble(3),
              r.getBoolean(4)));
    }
    return out;
  }

  /** Metrics of scored profiles. */
  public static Result metrics(List<Scored> scored, double prevalence, String method) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    long unsure = 0;
    List<double[]> pairs = new ArrayList<>();
    for (Scored s : scored) {
      if (s.fake() && s.botLike()) {
        tp++;
      } else if (s.fake()) {
        fn++;
      } else if (s.botLike()) {
        fp++;
      } else {
        tn++;
      }
      unsure += s.unsure() ? 1 : 0;
      pairs.add(new double[] {s.fake() ? 1 : 0, s.botScore()});
    }
    double tpr = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double fpr = fp + tn == 0 ? 0 : fp / (double) (fp + tn);
    double pAt = ProfileModelTrainer.precisionAt(prevalence, tpr, fpr);
    return new Result(
        scored.size(),
        tp,
        fp,
        fn,
        tn,
        ProfileModelTrainer.auc(pairs),
        prevalence,
        pAt,
        unsure,
        method);
  }

  /** The labelled rows of one split (all rows when {@code split} is null). */
  public static Dataset<Row> split(Dataset<Row> features, String split) {
    if (split == null) {
      return features;
    }
    Dataset<Row> rows = features.filter(col(LabelledProfiles.SPLIT).equalTo(split));
    if (rows.isEmpty()) {
      throw new PasifException("no labelled profiles with split = '" + split + "'");
    }
    return rows;
  }

  /**
   * K-fold cross-validation over all rows: for each fold, a model is fitted on the other folds (its
   * threshold picked by an inner cross-validation on those folds only) and the fold is scored
   * through the segment stage's code. No row is ever scored by a model that saw it.
   */
  public static List<Scored> crossValidate(
      PasifConfig config, Dataset<Row> features, int folds, String version) {
    Column fold = pmod(xxhash64(col(FOLLOWER_ID), lit(11L)), lit((long) folds));
    Dataset<Row> cached = features.withColumn("fold", fold).cache();
    try {
      List<Scored> out = new ArrayList<>();
      for (int k = 0; k < folds; k++) {
        ProfileModel m =
            ProfileModelTrainer.fit(
                cached.filter(col("fold").notEqual(k)), version + "-cv" + k, Map.of());
        out.addAll(score(config, m, cached.filter(col("fold").equalTo(k))));
      }
      return out;
    } finally {
      cached.unpersist();
    }
  }

  /** follower_features of a labelled file, as of {@link #AS_OF}. */
  public static Dataset<Row> features(Dataset<Row> labelled) {
    return LabelledProfiles.asFollowerFeatures(labelled, AS_OF);
  }
}
