package id.pasif.activity;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The posts the trade's engagement rate looks at: each account's latest {@link #N} posts of the
 * window, and the likes and comments they received. The activity stage, which has the window's
 * events at hand, writes what the report needs of them, so the report never reads bronze:
 *
 * <ul>
 *   <li>{@code relationships.latest_post_reactions}: likes + comments by the follower on the
 *       account's latest posts ({@link #byFollower});
 *   <li>{@code account_day.latest_posts} and {@code account_day.latest_post_reactions}: how many of
 *       the account's latest posts were published that local day, and the likes + comments they
 *       received from anyone ({@link #byDay}).
 * </ul>
 *
 * The report's engagement rates ({@code id.pasif.report.AccountAudience}) add these up per account.
 */
public final class LatestPosts {
  private LatestPosts() {}

  /** Posts the engagement rate looks at: the latest ones of the window, at most this many. */
  public static final int N = 12;

  /**
   * post_id, account_id, posted_at of each account's latest {@link #N} posts published inside the
   * window (each post id once; of two posts at the same time the larger id counts as later).
   */
  public static Dataset<Row> latest(Dataset<Row> postsDF, Window w) {
    return postsDF
        .where(col(POSTED_AT).geq(lit(w.startTs())).and(col(POSTED_AT).lt(lit(w.endTs()))))
        .select(POST_ID, ACCOUNT_ID, POSTED_AT)
        .dropDuplicates(POST_ID)
        .withColumn(
            "rank",
            row_number()
                .over(
                    org.apache.spark.sql.expressions.Window.partitionBy(ACCOUNT_ID)
                        .orderBy(col(POSTED_AT).desc(), col(POST_ID).desc())))
        .where(col("rank").leq(N))
        .select(POST_ID, ACCOUNT_ID, POSTED_AT);
  }

  /**
   * The likes and comments on the latest posts: actor_id, post_id, account_id (the post's), one row
   * per event.
   *
   * @param eventsDF from {@link Activity#windowEvents} (actor_id, post_id, type)
   * @param latestDF from {@link #latest}
   */
  public static Dataset<Row> reactions(Dataset<Row> eventsDF, Dataset<Row> latestDF) {
    return eventsDF
        .where(col(TYPE).isin("like", "comment"))
        .select(col(ACTOR_ID), col(POST_ID))
        .join(latestDF.select(POST_ID, ACCOUNT_ID), POST_ID);
  }

  /**
   * Per (follower_id = actor, account_id) with at least one: latest_post_reactions, the likes +
   * comments by that actor on the account's latest posts. Needs {@link #reactions}.
   */
  public static Dataset<Row> byFollower(Dataset<Row> reactionsDF) {
    return reactionsDF
        .groupBy(col(ACTOR_ID).as(FOLLOWER_ID), col(ACCOUNT_ID))
        .agg(count(lit(1)).as(LATEST_POST_REACTIONS));
  }

  /**
   * Per account and local day holding at least one of its latest posts: latest_posts (how many were
   * published that day) and latest_post_reactions (the likes + comments they received, from
   * anyone).
   *
   * @param latestDF from {@link #latest}
   * @param reactionsDF from {@link #reactions}
   */
  public static Dataset<Row> byDay(Dataset<Row> latestDF, Dataset<Row> reactionsDF, Window w) {
    Dataset<Row> perPost =
        reactionsDF.groupBy(POST_ID).agg(count(lit(1)).as(LATEST_POST_REACTIONS));
    return latestDF
        .join(perPost, new String[] {POST_ID}, "left")
        .groupBy(
            col(ACCOUNT_ID), to_date(from_utc_timestamp(col(POSTED_AT), w.zone().getId())).as(DAY))
        .agg(
            count(lit(1)).as(LATEST_POSTS),
            coalesce(sum(col(LATEST_POST_REACTIONS)), lit(0L)).as(LATEST_POST_REACTIONS));
  }

  /**
   * Adds latest_post_reactions to the pairs' activity, for {@link Activity#relationships} to carry
   * (0 without any): the two are stacked, not joined, and {@link Activity#relationships} sums them
   * per (follower, account) in the one aggregation that also reduces the follows; a row of either
   * leaves the other's columns null.
   *
   * @param pairDF from {@link EventPartials#pairRows}, {@link EventPartials#pairActivity} or {@link
   *     Activity#pairActivity}
   * @param byFollowerDF from {@link #byFollower}
   */
  public static Dataset<Row> onPairs(Dataset<Row> pairDF, Dataset<Row> byFollowerDF) {
    return pairDF.unionByName(byFollowerDF, true);
  }

  /**
   * Adds latest_post_reactions (0 without any) to each relationship, as {@link #onPairs} does
   * before the relationships are built.
   *
   * @param byFollowerDF from {@link #byFollower}
   */
  public static Dataset<Row> onRelationships(
      Dataset<Row> relationshipsDF, Dataset<Row> byFollowerDF) {
    return relationshipsDF
        .join(byFollowerDF, new String[] {FOLLOWER_ID, ACCOUNT_ID}, "left")
        .withColumn(LATEST_POST_REACTIONS, coalesce(col(LATEST_POST_REACTIONS), lit(0L)));
  }

  /**
   * Adds latest_posts and latest_post_reactions (0 on a day without any of the latest posts) to
   * each account day; a day holding one of them always has a row, since it has a post.
   *
   * @param accountDaysDF from {@link Activity#accountDays}
   * @param byDayDF from {@link #byDay}
   */
  public static Dataset<Row> onAccountDays(Dataset<Row> accountDaysDF, Dataset<Row> byDayDF) {
    return accountDaysDF
        .join(byDayDF, new String[] {ACCOUNT_ID, DAY}, "full")
        .select(
            col(ACCOUNT_ID),
            col(DAY),
            coalesce(col(POSTS_PUBLISHED), lit(0L)).as(POSTS_PUBLISHED),
            coalesce(col(NEW_FOLLOWS), lit(0L)).as(NEW_FOLLOWS),
            coalesce(col(NEW_FOLLOWS_YOUNG_NO_PIC), lit(0L)).as(NEW_FOLLOWS_YOUNG_NO_PIC),
            coalesce(col(LATEST_POSTS), lit(0L)).as(LATEST_POSTS),
            coalesce(col(LATEST_POST_REACTIONS), lit(0L)).as(LATEST_POST_REACTIONS));
  }
}
