package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns clusters into segments, independently of cluster numbering and of which segment is the
 * majority.
 *
 * <ol>
 *   <li>Every follower gets a <b>bot evidence</b> score: the share of five profile signals it shows
 *       (following ÷ followers ≥ 10, at most one post, no profile picture, account younger than 180
 *       days, at least 40 % digits in the username).
 *   <li>A cluster is <b>bot-like</b> when its members' mean bot evidence is at least {@link
 *       #BOT_CLUSTER_MIN}: a cluster, not a single odd profile, carries the decision.
 *   <li>Members of other clusters are <b>active</b> when at least {@link #ACTIVE_MIN} of their
 *       judged relationships are engaged, <b>passive</b> otherwise: interactions, not profile look,
 *       decide between the two.
 * </ol>
 */
public final class ClusterMapping {
  private ClusterMapping() {}

  public static final String ACTIVE = "active";
  public static final String PASSIVE = "passive";
  public static final String BOT_LIKE = "bot_like";

  /** Mean bot evidence from which a cluster is bot-like. */
  public static final double BOT_CLUSTER_MIN = 0.5;

  /** Engaged share of judged relationships from which a human is active. */
  public static final double ACTIVE_MIN = 0.25;

  /** Judged relationships below which the follower is flagged insufficient_evidence. */
  public static final int MIN_JUDGED = 2;

  public static final String BOT_EVIDENCE = "bot_evidence";
  public static final String CLUSTER_BOT_EVIDENCE = "cluster_bot_evidence";
  public static final String CLUSTER_SIZE = "cluster_size";
  public static final String IS_BOT_CLUSTER = "is_bot_cluster";

  private static Column flag(Column c) {
    return when(coalesce(c, lit(false)), lit(1.0)).otherwise(lit(0.0));
  }

  /** Adds {@link #BOT_EVIDENCE} in [0, 1]. Needs the profile columns of follower_features. */
  public static Dataset<Row> withBotEvidence(Dataset<Row> featuresDF) {
    Column score =
        flag(col(FOLLOWING_TO_FOLLOWERS).geq(10))
            .plus(flag(col(MEDIA_COUNT).leq(1)))
            .plus(flag(col(HAS_PROFILE_PIC).equalTo(false)))
            .plus(flag(col(ACCOUNT_AGE_DAYS).lt(180)))
            .plus(flag(col(USERNAME_DIGIT_SHARE).geq(0.4)))
            .divide(5.0);
    return featuresDF.withColumn(BOT_EVIDENCE, score);
  }

  /**
   * One row per cluster: size, mean bot evidence and whether it is bot-like. Small (k rows). Needs
   * {@link #withBotEvidence} and {@code cluster}.
   */
  public static Dataset<Row> clusterTable(Dataset<Row> clusteredDF) {
    return clusteredDF
        .groupBy(CLUSTER)
        .agg(count(lit(1)).as(CLUSTER_SIZE), avg(BOT_EVIDENCE).as(CLUSTER_BOT_EVIDENCE))
        .withColumn(IS_BOT_CLUSTER, col(CLUSTER_BOT_EVIDENCE).geq(BOT_CLUSTER_MIN));
  }

  /**
   * Assigns segment, confidence, reasons and the insufficient-evidence flag.
   *
   * @param clusteredDF follower features with {@code cluster} and {@link #BOT_EVIDENCE}
   * @param clustersDF from {@link #clusterTable}
   */
  public static Dataset<Row> assign(Dataset<Row> clusteredDF, Dataset<Row> clustersDF) {
    Column judged = col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS));
    Column engagedShare = coalesce(col(ENGAGED_SHARE), lit(0.0));
    Column evidence = judged.divide(judged.plus(2.0));
    Column bot = col(IS_BOT_CLUSTER);
    Column active = engagedShare.geq(ACTIVE_MIN);
    Column segment = when(bot, lit(BOT_LIKE)).when(active, lit(ACTIVE)).otherwise(lit(PASSIVE));
    Column confidence =
        when(bot, col(CLUSTER_BOT_EVIDENCE))
            .when(active, evidence.multiply(least(lit(1.0), engagedShare.plus(0.5))))
            .otherwise(
                evidence.multiply(
                    least(lit(1.0), coalesce(col(SILENT_SHARE), lit(0.0)).plus(0.5))));
    Column botReasons =
        format_string(
            "following_to_followers=%.1f; media_count=%d; has_profile_pic=%s; account_age_days=%d;"
                + " username_digit_share=%.2f; cluster_bot_evidence=%.2f",
            coalesce(col(FOLLOWING_TO_FOLLOWERS), lit(0.0)),
            coalesce(col(MEDIA_COUNT), lit(-1L)),
            coalesce(col(HAS_PROFILE_PIC).cast("string"), lit("unknown")),
            coalesce(col(ACCOUNT_AGE_DAYS), lit(-1)),
            coalesce(col(USERNAME_DIGIT_SHARE), lit(0.0)),
            col(CLUSTER_BOT_EVIDENCE));
    Column humanReasons =
        when(
                active,
                format_string(
                    "engaged_on=%d/%d; interaction_rate=%.2f",
                    col(ENGAGED_RELATIONSHIPS), judged, coalesce(col(INTERACTION_RATE), lit(0.0))))
            .otherwise(
                format_string(
                    "silent_on=%d/%d; interactions_on_followed=%d",
                    col(SILENT_RELATIONSHIPS), judged, col(INTERACTIONS_ON_FOLLOWED)));
    return clusteredDF
        .join(broadcast(clustersDF.select(CLUSTER, CLUSTER_BOT_EVIDENCE, IS_BOT_CLUSTER)), CLUSTER)
        .select(
            col(FOLLOWER_ID),
            segment.as(SEGMENT),
            round(confidence, 4).as(CONFIDENCE),
            when(bot, botReasons).otherwise(humanReasons).as(REASONS),
            not(bot).and(judged.lt(MIN_JUDGED)).as(IS_INSUFFICIENT_EVIDENCE),
            col(CLUSTER),
            col(PROVINCE));
  }
}
