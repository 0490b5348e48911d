package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 3, {@code pasif segment}: fits the segment pipeline on the run's follower features (or
 * loads the model of an earlier date with {@code --model-from}), maps clusters to segments and
 * writes {@code follower_segments}. The fitted model is saved under {@code
 * <warehouse>/_models/segment/dt=D}.
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

  /** Followers per segment, in segment order. */
  public record Result(Map<String, Long> bySegment, long insufficientEvidence) {}

  /** Rows the silhouette is computed on at most: it is quadratic-free but not free. */
  static final int SILHOUETTE_SAMPLE = 20_000;

  /** Silhouette of the clustering on a seeded sample; null when there is one cluster. */
  Double silhouette(Dataset<Row> clustered) {
    long n = clustered.count();
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

  public Result run() {
    Dataset<Row> read = warehouse.readDate(Tables.FOLLOWER_FEATURES, date);
    if (read.isEmpty()) {
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
    spark.sparkContext().setJobDescription("pasif segment " + date + ": fit");
    PipelineModel model;
    if (modelFrom != null) {
      try {
        model = PipelineModel.load(modelLocation(modelFrom));
      } catch (RuntimeException e) {
        throw new PasifException(
            "no segment model for " + modelFrom + " at " + modelLocation(modelFrom), e);
      }
    } else {
      model = SegmentModel.fit(config, scored);
      try {
        model.write().overwrite().save(modelLocation(date));
      } catch (IOException e) {
        throw new PasifException("cannot save the segment model: " + e.getMessage(), e);
      }
    }
    Dataset<Row> clustered = SegmentModel.withCluster(model, scored);
    Dataset<Row> clusterTable = ClusterMapping.collectedClusterTable(clustered);
    Dataset<Row> segments = ClusterMapping.assign(clustered, clusterTable, profileModel);
    spark.sparkContext().setJobDescription("pasif segment " + date + ": follower_segments");
    warehouse.replaceDate(Tables.FOLLOWER_SEGMENTS, date, segments.withColumn(DT, lit(date)));

    spark.sparkContext().setJobDescription("pasif segment " + date + ": model metrics");
    Double silhouette = silhouette(clustered);
    Dataset<Row> botMembers =
        warehouse
            .readDate(Tables.FOLLOWER_SEGMENTS, date)
            .groupBy(CLUSTER)
            .agg(
                count(when(col(SEGMENT).equalTo(ClusterMapping.BOT_LIKE), lit(1)))
                    .as(BOT_LIKE_MEMBERS));
    Dataset<Row> metrics =
        clusterTable
            .join(botMembers, CLUSTER)
            .withColumn(SILHOUETTE, lit(silhouette).cast("double"))
            .withColumn(
                ALGORITHM, lit(config.segmentAlgorithm() + " k=" + config.segmentClusters()))
            .withColumn(MODEL_DATE, lit(modelFrom == null ? date : modelFrom))
            .withColumn(DT, lit(date));
    warehouse.replaceDate(Tables.SEGMENT_CLUSTERS, date, metrics);

    Map<String, Long> bySegment = new LinkedHashMap<>();
    for (String s :
        List.of(ClusterMapping.ACTIVE, ClusterMapping.PASSIVE, ClusterMapping.BOT_LIKE)) {
      bySegment.put(s, 0L);
    }
    long insufficient = 0;
    for (Row r :
        warehouse
            .readDate(Tables.FOLLOWER_SEGMENTS, date)
            .groupBy(SEGMENT)
            .agg(count(lit(1)).as("n"), count(when(col(IS_INSUFFICIENT_EVIDENCE), lit(1))).as("ie"))
            .collectAsList()) {
      bySegment.put(r.getString(0), r.getLong(1));
      insufficient += r.getLong(2);
    }
    return new Result(bySegment, insufficient);
  }
}
