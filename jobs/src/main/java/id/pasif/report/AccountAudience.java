package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.activity.Activity;
import id.pasif.segment.ClusterMapping;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Per-account audience: who the followers of each account are. */
public final class AccountAudience {
  private AccountAudience() {}

  /**
   * One row per followed account.
   *
   * @param relationshipsDF needs follower_id, account_id, interactions
   * @param segmentsDF needs follower_id, segment
   */
  public static Dataset<Row> accountAudience(
      Dataset<Row> relationshipsDF, Dataset<Row> segmentsDF) {
    Column followers = count(lit(1));
    Dataset<Row> counted =
        relationshipsDF
            .join(segmentsDF.select(FOLLOWER_ID, SEGMENT), FOLLOWER_ID)
            .groupBy(ACCOUNT_ID)
            .agg(
                followers.as(FOLLOWERS),
                countIf(col(SEGMENT).equalTo(ClusterMapping.ACTIVE)).as(ACTIVE_FOLLOWERS),
                countIf(col(SEGMENT).equalTo(ClusterMapping.PASSIVE)).as(PASSIVE_FOLLOWERS),
                countIf(col(SEGMENT).equalTo(ClusterMapping.BOT_LIKE)).as(BOT_LIKE_FOLLOWERS),
                countIf(col(STATE).notEqual(Activity.ENGAGED)).as(SILENT_FOLLOWERS));
    return counted
        .withColumn(ACTIVE_SHARE, share(ACTIVE_FOLLOWERS))
        .withColumn(PASSIVE_SHARE, share(PASSIVE_FOLLOWERS))
        .withColumn(BOT_LIKE_SHARE, share(BOT_LIKE_FOLLOWERS))
        .withColumn(SILENT_FOLLOWER_SHARE, share(SILENT_FOLLOWERS));
  }

  private static Column countIf(Column condition) {
    return count(when(condition, lit(1)));
  }

  private static Column share(String countColumn) {
    return round(col(countColumn).divide(col(FOLLOWERS)), 6);
  }
}
