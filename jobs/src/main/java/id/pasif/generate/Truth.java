package id.pasif.generate;

import static id.pasif.generate.Populations.*;
import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
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
   * {@code causes.csv}: {@code user_id, account_id, cause} for every standing follow of a posting
   * account that is silent by construction, with the cause that explains the silence. Needs {@link
   * Graph#follows}.
   */
  static Dataset<Row> causes(Dataset<Row> follows, long accounts) {
    return follows
        .where(
            col(UNFOLLOWED_AT)
                .isNull()
                .and(col(Graph.SILENT_CAUSE).isNotNull())
                .and(col(ACCOUNT_ID).leq(accounts)))
        .select(col(FOLLOWER_ID).as(USER_ID), col(ACCOUNT_ID), col(Graph.SILENT_CAUSE).as(CAUSE));
  }

  /**
   * {@code accounts.csv}: per followed account, standing followers and how many (and which share)
   * are truly passive and bot-like. Needs {@link Graph#follows}.
   */
  static Dataset<Row> accounts(Dataset<Row> follows) {
    Column passive = when(col(TRUE_SEGMENT).equalTo(Segments.PASSIVE), 1).otherwise(0);
    Column bot = when(col(TRUE_SEGMENT).equalTo(Segments.BOT_LIKE), 1).otherwise(0);
    return follows
        .where(col(UNFOLLOWED_AT).isNull())
        .groupBy(ACCOUNT_ID)
        .agg(
            count(lit(1)).as(FOLLOWERS),
            sum(passive).as(PASSIVE_FOLLOWERS_TRUE),
            sum(bot).as(BOT_LIKE_FOLLOWERS_TRUE))
        .withColumn(PASSIVE_SHARE, round(col(PASSIVE_FOLLOWERS_TRUE).divide(col(FOLLOWERS)), 6))
        .withColumn(BOT_LIKE_SHARE, round(col(BOT_LIKE_FOLLOWERS_TRUE).divide(col(FOLLOWERS)), 6));
  }
}
