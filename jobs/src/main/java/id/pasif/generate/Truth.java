package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The ground truth files of a generated dump, under {@code <root>/truth/}. */
final class Truth {
  private Truth() {}

  static final String CAUSE = "cause";
  static final String PASSIVE_FOLLOWERS_TRUE = "passive_followers";
  static final String BOT_LIKE_FOLLOWERS_TRUE = "bot_like_followers";

  /** {@code labels.csv}: {@code user_id, segment}. Needs {@link Populations#users}. */
  static Dataset<Row> labels(Dataset<Row> users) {
    return users.select(col(USER_ID), col(TRUE_SEGMENT).as(SEGMENT));
  }

  /** {@code users.csv}: {@code user_id, segment, cause} (cause empty for active users). */
  static Dataset<Row> users(Dataset<Row> users) {
    return users.select(col(USER_ID), col(TRUE_SEGMENT).as(SEGMENT), col(TRUE_CAUSE).as(CAUSE));
  }

  /**
   * {@code accounts.csv}: per followed account, standing followers and how many (and which share)
   * are truly passive and bot-like. Needs {@link Graph#standingTotals}.
   */
  static Dataset<Row> accounts(Dataset<Row> totals) {
    return totals
        .groupBy(ACCOUNT_ID)
        .agg(
            sum(FOLLOWERS).as(FOLLOWERS),
            sum(PASSIVE_FOLLOWERS_TRUE).as(PASSIVE_FOLLOWERS_TRUE),
            sum(BOT_LIKE_FOLLOWERS_TRUE).as(BOT_LIKE_FOLLOWERS_TRUE))
        .withColumn(PASSIVE_SHARE, round(col(PASSIVE_FOLLOWERS_TRUE).divide(col(FOLLOWERS)), 6))
        .withColumn(BOT_LIKE_SHARE, round(col(BOT_LIKE_FOLLOWERS_TRUE).divide(col(FOLLOWERS)), 6));
  }
}
