package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.config.PasifConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The MLlib pipeline of the segment stage: log-scales the heavy-tailed profile and behaviour
 * features, standardises them and clusters followers (KMeans, BisectingKMeans or GaussianMixture,
 * seeded). Which cluster is bot-like is decided afterwards by {@link ClusterMapping}, from what the
 * clusters contain, never from their numbers.
 */
public final class SegmentModel {
  private SegmentModel() {}

  /** Column of the assembled, unscaled feature vector. */
  public static final String RAW_FEATURES = "raw_features";

  /** Column of the standardised feature vector the clustering sees. */
  public static final String FEATURES = "features";

  /** Column holding the cluster index. */
  public static final String PREDICTION = "prediction";

  /**
   * The profile and behaviour features the clustering uses, each a SQL expression over {@code
   * follower_features} with nulls imputed to the human-typical value. How much a follower engages
   * is left out on purpose: it decides active vs passive, not bot-likeness; only how machine-like
   * its actions are (lockstep, bursts, timing, repeated comments) enters.
   */
  public static final List<String[]> PROFILE_FEATURES =
      List.of(
          new String[] {"f_following_to_followers", "log1p(coalesce(following_to_followers, 1.0))"},
          new String[] {"f_media", "log1p(coalesce(media_count, 30))"},
          new String[] {
            "f_no_pic", "CASE WHEN coalesce(has_profile_pic, true) THEN 0.0 ELSE 1.0 END"
          },
          new String[] {"f_age", "log1p(greatest(coalesce(account_age_days, 365), 0))"},
          new String[] {"f_digits", "coalesce(username_digit_share, 0.0)"},
          new String[] {"f_bio", "log1p(coalesce(biography_length, 0))"},
          new String[] {"f_following", "log1p(coalesce(following_count, 420))"},
          // the profile model's verdict, so look-alikes of labelled fakes share clusters
          new String[] {"f_profile_evidence", "coalesce(profile_evidence, 0.5)"},
          // behaviour: group following, scripted timing, repeated comments
          new String[] {"f_lockstep", "log1p(coalesce(lockstep_max, 0))"},
          new String[] {"f_burst", "coalesce(burst_follow_share, 0.0)"},
          new String[] {"f_dup_comments", "coalesce(comment_duplicate_share, 0.0)"},
          new String[] {"f_fast", "coalesce(fast_reaction_share, 0.0)"},
          new String[] {"f_clock", "coalesce(clock_regularity, 0.0)"},
          // group signals that count whatever the profile: cohort lockstep, closed mutual groups
          new String[] {"f_cohort", "log1p(coalesce(cohort_lockstep_max, 0))"},
          new String[] {
            "f_mutual_group",
            "coalesce(mutual_partner_links, 0.0) * coalesce(mutual_group_closure, 0.0)"
          });

  /** An unfitted pipeline for the configured algorithm. */
  public static Pipeline pipeline(PasifConfig config) {
    StringBuilder select = new StringBuilder("SELECT *");
    List<String> names = new ArrayList<>();
    for (String[] f : PROFILE_FEATURES) {
      select.append(", CAST(").append(f[1]).append(" AS DOUBLE) AS ").append(f[0]);
      names.add(f[0]);
    }
    select.append(" FROM __THIS__");
    SQLTransformer logScale = new SQLTransformer().setStatement(select.toString());
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(names.toArray(new String[0]))
            .setOutputCol(RAW_FEATURES)
            .setHandleInvalid("keep");
    StandardScaler scaler =
        new StandardScaler()
            .setInputCol(assembler.getOutputCol())
            .setOutputCol(FEATURES)
            .setWithMean(true)
            .setWithStd(true);
    PipelineStage clustering =
        switch (config.segmentAlgorithm()) {
          case "bisecting-kmeans" ->
              new BisectingKMeans()
                  .setK(config.segmentClusters())
                  .setSeed(config.seed())
                  .setFeaturesCol(scaler.getOutputCol())
                  .setPredictionCol(PREDICTION);
          case "gmm" ->
              new GaussianMixture()
                  .setK(config.segmentClusters())
                  .setSeed(config.seed())
                  .setFeaturesCol(scaler.getOutputCol())
                  .setPredictionCol(PREDICTION);
          default ->
              new KMeans()
                  .setK(config.segmentClusters())
                  .setSeed(config.seed())
                  .setMaxIter(30)
                  .setFeaturesCol(scaler.getOutputCol())
                  .setPredictionCol(PREDICTION);
        };
    return new Pipeline().setStages(new PipelineStage[] {logScale, assembler, scaler, clustering});
  }

  /** Fits the pipeline on follower features with {@link ClusterMapping#withBotEvidence}. */
  public static PipelineModel fit(PasifConfig config, Dataset<Row> featuresDF) {
    return pipeline(config).fit(featuresDF);
  }

  /**
   * Whether a saved model was fitted with the configured algorithm and number of clusters (a saved
   * model of other settings is not reused).
   */
  public static boolean matches(PipelineModel model, PasifConfig config) {
    org.apache.spark.ml.Transformer clustering = model.stages()[model.stages().length - 1];
    int k = -1;
    String algorithm = config.segmentAlgorithm();
    if (clustering instanceof org.apache.spark.ml.clustering.KMeansModel m
        && algorithm.equals("kmeans")) {
      k = m.getK();
    } else if (clustering instanceof org.apache.spark.ml.clustering.BisectingKMeansModel m
        && algorithm.equals("bisecting-kmeans")) {
      k = m.getK();
    } else if (clustering instanceof org.apache.spark.ml.clustering.GaussianMixtureModel m
        && algorithm.equals("gmm")) {
      k = m.getK();
    }
    // The features too: a model saved by a release with other features is not reused.
    String statement = ((SQLTransformer) pipeline(config).getStages()[0]).getStatement();
    return k == config.segmentClusters()
        && model.stages()[0] instanceof SQLTransformer sql
        && sql.getStatement().equals(statement);
  }

  /** Adds {@link #PREDICTION} (the cluster) and the scaled feature columns. */
  public static Dataset<Row> withCluster(PipelineModel model, Dataset<Row> featuresDF) {
    return model.transform(featuresDF).withColumn(CLUSTER, col(PREDICTION).cast("int"));
  }
}
