package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stage 3, {@code pasif segment}: scores the run's follower features with the segment pipeline,
 * maps clusters to segments and writes {@code follower_segments} and {@code segment_clusters}.
 *
 * <p>Which model scores: {@code --model-from D0}'s when given; else the newest model saved in the
 * last {@code pasif.segment.refit.days} days before D, unless the data drifted away from it (its
 * silhouette on D's features fell more than {@link #DRIFT_SILHOUETTE_DROP} below the silhouette it
 * had on the night it was fitted) or the settings changed; else a model is fitted on D and saved
 * under {@code <warehouse>/_models/segment/dt=D}. Scoring with a saved model skips the fit, the
 * costliest part of the stage.
 */
public final class SegmentJob {
  private final SparkSession spark;
  private final PasifConfig config;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final LocalDate modelFrom;

  public SegmentJob(SparkSession spark, PasifConfig config, LocalDate date, LocalDate modelFrom) {
    this.spark = spark;
    this.config = config;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.modelFrom = modelFrom;
  }

  /**
   * Followers per segment, in segment order; the model's date; why it was fitted this run (null
   * when a saved model scored).
   */
  public record Result(
      Map<String, Long> bySegment, long insufficientEvidence, LocalDate modelDate, String refit) {}

  /** Rows the silhouette is computed on at most: it is quadratic-free but not free. */
  static final int SILHOUETTE_SAMPLE = 20_000;

  /**
   * A saved model is refitted when its silhouette on the run's features is lower than its
   * silhouette on the night it was fitted by more than this: the clusters no longer fit the data.
   */
  public static final double DRIFT_SILHOUETTE_DROP = 0.10;

  /**
   * Silhouette of the clustering on a seeded sample of its {@code n} rows; null for one cluster.
   */
  Double silhouette(Dataset<Row> clustered, long n) {
    double fraction = Math.min(1.0, SILHOUETTE_SAMPLE / (double) Math.max(1, n));
    Dataset<Row> sample = clustered.sample(false, fraction, config.seed());
    if (sample.select(SegmentModel.PREDICTION).distinct().count() < 2) {
      return null;
    }
    return new org.apache.spark.ml.evaluation.ClusteringEvaluator()
        .setFeaturesCol(SegmentModel.FEATURES)
        .setPredictionCol(SegmentModel.PREDICTION)
        .evaluate(sample);
  }

  public String modelLocation(LocalDate d) {
    return warehouse.root() + "/_models/segment/dt=" + d;
  }

  /** The model that scores the run, its date, its silhouette on the run and why it was fitted. */
  private record Choice(
      PipelineModel model,
      LocalDate date,
      Dataset<Row> clustered,
      Double silhouette,
      String refit) {}

  public Result run() {
    Dataset<Row> read = warehouse.readDate(Tables.FOLLOWER_FEATURES, date);
    long followers = read.count();
    if (followers == 0) {
      throw new PasifException("no follower_features for " + date + "; run pasif activity first");
    }
    // A layout that depends only on the data and the settings: KMeans|| initialisation and the
    // silhouette sample draw per partition, so the same followers must sit in the same partitions,
    // in the same order, whether the table was read by one local JVM or by executors on a cluster.
    int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "200"));
    Dataset<Row> features =
        read.repartition(partitions, col(FOLLOWER_ID)).sortWithinPartitions(FOLLOWER_ID);
    ProfileModel profileModel = ProfileModel.shipped();
    Dataset<Row> scored = ClusterMapping.withBotEvidence(features, profileModel);
    Choice choice = chooseModel(scored, followers);
    Dataset<Row> clustered = choice.clustered();
    Dataset<Row> clusterTable = ClusterMapping.collectedClusterTable(clustered);
    Dataset<Row> segments = ClusterMapping.assign(clustered, clusterTable, profileModel);
    spark.sparkContext().setJobDescription("pasif segment " + date + ": follower_segments");
    warehouse.replaceDate(Tables.FOLLOWER_SEGMENTS, date, segments.withColumn(DT, lit(date)));

    // One small aggregation of what was written gives both the stage's counts and the clusters'
    // bot-like members.
    spark.sparkContext().setJobDescription("pasif segment " + date + ": model metrics");
    Map<String, Long> bySegment = new LinkedHashMap<>();
    for (String s : Segment.labels()) {
      bySegment.put(s, 0L);
    }
    long insufficient = 0;
    Map<Integer, Long> botMembers = new TreeMap<>();
    for (Row r :
        warehouse
            .readDate(Tables.FOLLOWER_SEGMENTS, date)
            .groupBy(CLUSTER, SEGMENT)
            .agg(count(lit(1)).as("n"), count(when(col(IS_INSUFFICIENT_EVIDENCE), lit(1))).as("ie"))
            .collectAsList()) {
      int cluster = r.getInt(0);
      String segment = r.getString(1);
      bySegment.merge(segment, r.getLong(2), Long::sum);
      insufficient += r.getLong(3);
      botMembers.merge(
          cluster, segment.equals(Segment.BOT_LIKE.label()) ? r.getLong(2) : 0L, Long::sum);
    }
    List<Row> botRows = new ArrayList<>();
    botMembers.forEach((c, n) -> botRows.add(RowFactory.create(c, n)));
    Dataset<Row> bots =
        spark.createDataFrame(
            botRows,
            new StructType()
                .add(CLUSTER, DataTypes.IntegerType, false)
                .add(BOT_LIKE_MEMBERS, DataTypes.LongType, false));
    Dataset<Row> metrics =
        clusterTable
            .join(bots, CLUSTER)
            .withColumn(SILHOUETTE, lit(choice.silhouette()).cast("double"))
            .withColumn(
                ALGORITHM, lit(config.segmentAlgorithm() + " k=" + config.segmentClusters()))
            .withColumn(MODEL_DATE, lit(choice.date()))
            .withColumn(DT, lit(date));
    warehouse.replaceDate(Tables.SEGMENT_CLUSTERS, date, metrics);
    return new Result(bySegment, insufficient, choice.date(), choice.refit());
  }

  /**
   * The model of {@code --model-from}; else the newest saved model of the refit period unless the
   * settings changed or the data drifted; else a model fitted (and saved) now.
   */
  private Choice chooseModel(Dataset<Row> scored, long followers) {
    spark.sparkContext().setJobDescription("pasif segment " + date + ": fit");
    if (modelFrom != null) {
      PipelineModel model = load(modelFrom);
      Dataset<Row> clustered = SegmentModel.withCluster(model, scored);
      return new Choice(model, modelFrom, clustered, silhouette(clustered, followers), null);
    }
    String refit = "no model saved in the " + config.segmentRefitDays() + " days before " + date;
    LocalDate saved = newestSavedModel();
    if (saved != null) {
      PipelineModel model = load(saved);
      if (!SegmentModel.matches(model, config)) {
        refit = "the model of " + saved + " was fitted with other segment settings";
      } else {
        Dataset<Row> clustered = SegmentModel.withCluster(model, scored);
        Double now = silhouette(clustered, followers);
        Double then = fittedSilhouette(saved);
        // a model that puts every follower in one cluster (no silhouette) fits the data no more
        if (then == null || (now != null && now >= then - DRIFT_SILHOUETTE_DROP)) {
          return new Choice(model, saved, clustered, now, null);
        }
        refit =
            now == null
                ? "drift: the model of " + saved + " puts every follower in one cluster"
                : String.format(
                    java.util.Locale.ROOT,
                    "drift: the silhouette of the model of %s fell from %.3f to %.3f",
                    saved,
                    then,
                    now);
      }
    }
    PipelineModel model = SegmentModel.fit(config, scored);
    try {
      model.write().overwrite().save(modelLocation(date));
    } catch (IOException e) {
      throw new PasifException("cannot save the segment model: " + e.getMessage(), e);
    }
    Dataset<Row> clustered = SegmentModel.withCluster(model, scored);
    return new Choice(model, date, clustered, silhouette(clustered, followers), refit);
  }

  private PipelineModel load(LocalDate d) {
    try {
      return PipelineModel.load(modelLocation(d));
    } catch (RuntimeException e) {
      throw new PasifException("no segment model for " + d + " at " + modelLocation(d), e);
    }
  }

  /**
   * The newest date in {@code [D - refit days + 1, D - 1]} with a saved model, or null (always null
   * with {@code pasif.segment.refit.days = 1}: a model is fitted every night).
   */
  LocalDate newestSavedModel() {
    try {
      FileSystem fs = warehouse.fileSystem();
      for (int back = 1; back < config.segmentRefitDays(); back++) {
        LocalDate d = date.minusDays(back);
        if (fs.exists(new Path(modelLocation(d), "stages"))) {
          return d;
        }
      }
      return null;
    } catch (IOException e) {
      throw new PasifException("cannot list the saved segment models: " + e.getMessage(), e);
    }
  }

  /** The silhouette recorded on the night the model of {@code d} was fitted, or null. */
  private Double fittedSilhouette(LocalDate d) {
    if (!warehouse.exists(Tables.SEGMENT_CLUSTERS)) {
      return null;
    }
    List<Row> rows =
        warehouse
            .readDate(Tables.SEGMENT_CLUSTERS, d)
            .where(col(MODEL_DATE).equalTo(lit(d)).and(col(SILHOUETTE).isNotNull()))
            .select(SILHOUETTE)
            .limit(1)
            .collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getDouble(0);
  }
}
