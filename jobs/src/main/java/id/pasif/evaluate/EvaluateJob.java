package id.pasif.evaluate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.warehouse.Schemas;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code pasif evaluate}: compares a run's follower segments with a labels CSV ({@code
 * user_id,segment}). Only the confusion counts (at most 4 × 3 rows) reach the driver.
 */
public final class EvaluateJob {
  static final String TRUE_SEGMENT = "true_segment";

  static final StructType LABELS_SCHEMA =
      Schemas.struct(
          Schemas.optional(USER_ID, DataTypes.LongType, "Labelled user."),
          Schemas.optional(SEGMENT, DataTypes.StringType, "active, passive, bot_like or human."));

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LocalDate date;
  private final String labels;

  public EvaluateJob(SparkSession spark, PasifConfig config, LocalDate date, String labels) {
    this.spark = spark;
    this.warehouse = new Warehouse(spark, config.warehouse());
    this.date = date;
    this.labels = Warehouse.normalise(labels);
  }

  /** The outcome: how many labels, how many matched a segmented follower, the scores. */
  public record Result(
      long labelled, long matched, Metrics.Confusion confusion, List<Metrics.Score> scores) {}

  /** Cause attribution of silent relationships against a truth file. */
  public record CauseResult(long truthRows, long matched, long correct, Map<String, Long> byCause) {
    public double accuracy() {
      return matched == 0 ? 0.0 : correct / (double) matched;
    }
  }

  static final StructType CAUSES_SCHEMA =
      Schemas.struct(
          Schemas.optional(USER_ID, DataTypes.LongType, "Silent follower."),
          Schemas.optional(ACCOUNT_ID, DataTypes.LongType, "Account it is silent on."),
          Schemas.optional(CAUSE, DataTypes.StringType, "True cause."));

  /**
   * Compares {@code relationship_causes} of the run with a truth CSV ({@code
   * user_id,account_id,cause}): accuracy over the truth rows that the run also judged silent. Only
   * per-cause counts (a handful of rows) reach the driver.
   */
  public CauseResult causes(String causesFile) {
    Dataset<Row> truth =
        spark
            .read()
            .option("header", "true")
            .schema(CAUSES_SCHEMA)
            .csv(Warehouse.normalise(causesFile))
            .select(col(USER_ID).as(FOLLOWER_ID), col(ACCOUNT_ID), col(CAUSE).as("true_cause"));
    Dataset<Row> ours = warehouse.readDate(Tables.RELATIONSHIP_CAUSES, date);
    long truthRows = truth.count();
    long matched = 0;
    long correct = 0;
    Map<String, Long> byCause = new java.util.TreeMap<>();
    for (Row r :
        truth
            .join(ours, new String[] {FOLLOWER_ID, ACCOUNT_ID})
            .groupBy(col("true_cause"), col(CAUSE))
            .count()
            .collectAsList()) {
      matched += r.getLong(2);
      if (r.getString(0).equals(r.getString(1))) {
        correct += r.getLong(2);
        byCause.merge(r.getString(0), r.getLong(2), Long::sum);
      }
    }
    return new CauseResult(truthRows, matched, correct, byCause);
  }

  public Result run() {
    spark.sparkContext().setJobDescription("pasif evaluate " + date);
    Dataset<Row> labelsDF;
    try {
      labelsDF =
          spark
              .read()
              .option("header", "true")
              .option("mode", "FAILFAST")
              .schema(LABELS_SCHEMA)
              .csv(labels)
              .select(col(USER_ID), lower(trim(col(SEGMENT))).as(TRUE_SEGMENT));
    } catch (RuntimeException e) {
      throw new PasifException("cannot read labels " + labels + ": " + e.getMessage(), e);
    }
    Row invalid =
        labelsDF
            .agg(
                count(lit(1)).as("n"),
                count(
                        when(
                            not(col(TRUE_SEGMENT).isin(Metrics.LABELS.toArray()))
                                .or(col(USER_ID).isNull()),
                            lit(1)))
                    .as("bad"))
            .first();
    long labelled = invalid.getLong(0);
    if (invalid.getLong(1) > 0) {
      throw new PasifException(
          invalid.getLong(1)
              + " label rows in "
              + labels
              + " have no user_id or a segment other than "
              + Metrics.LABELS);
    }
    Dataset<Row> segments = warehouse.readDate(Tables.FOLLOWER_SEGMENTS, date);
    List<Row> cells =
        labelsDF
            .join(segments.select(col(FOLLOWER_ID).as(USER_ID), col(SEGMENT)), USER_ID)
            .groupBy(TRUE_SEGMENT, SEGMENT)
            .count()
            .collectAsList();
    Map<String, Map<String, Long>> counts = new HashMap<>();
    long matched = 0;
    for (Row r : cells) {
      counts
          .computeIfAbsent(r.getString(0), k -> new HashMap<>())
          .put(r.getString(1), r.getLong(2));
      matched += r.getLong(2);
    }
    Metrics.Confusion confusion = Metrics.Confusion.of(counts);
    return new Result(labelled, matched, confusion, Metrics.scores(confusion));
  }
}
