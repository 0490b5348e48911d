package id.pasif.warehouse;

import static id.pasif.warehouse.Columns.*;
import static id.pasif.warehouse.Schemas.optional;
import static id.pasif.warehouse.Schemas.prepend;
import static id.pasif.warehouse.Schemas.required;
import static id.pasif.warehouse.Schemas.struct;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import id.pasif.dump.DumpDataset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructField;

/**
 * Every table of the warehouse. The README's table reference documents the same columns; the
 * schemas here carry the same text as column comments, so {@code DESCRIBE TABLE} shows it too.
 */
public final class Tables {
  private Tables() {}

  static StructField dt(String what) {
    return required(DT, DateType, what);
  }

  private static TableSpec bronze(DumpDataset d, String comment) {
    return new TableSpec(
        d.tableName(),
        comment,
        prepend(dt("Date of the dump this row was delivered in."), d.schema()),
        List.of(DT));
  }

  public static final TableSpec FOLLOWS =
      bronze(
          DumpDataset.FOLLOWS,
          "Bronze: the follow graph as delivered by each dump (a full snapshot per dt).");
  public static final TableSpec INTERACTIONS =
      bronze(
          DumpDataset.INTERACTIONS,
          "Bronze: likes, comments, shares and saves delivered by each dump (events per dt).");
  public static final TableSpec POSTS =
      bronze(DumpDataset.POSTS, "Bronze: posts delivered by each dump (events per dt).");
  public static final TableSpec PROFILES =
      bronze(DumpDataset.PROFILES, "Bronze: user profiles as of each dump (a snapshot per dt).");

  public static final TableSpec QUARANTINE =
      new TableSpec(
          "quarantine",
          "Input rows that could not be accepted, with the reason; nothing is dropped silently.",
          struct(
              dt("Date of the dump the row came from."),
              required(RUN_ID, StringType, "Id of the ingest run that quarantined it."),
              required(DATASET, StringType, "follows, interactions, posts or profiles."),
              optional(SOURCE_FILE, StringType, "File the row was read from."),
              required(REASON, StringType, "Reason code; see docs/dump-format.md."),
              optional(RAW, StringType, "The raw line, or the parsed row as JSON.")),
          List.of(DT));

  public static final TableSpec RELATIONSHIPS =
      new TableSpec(
          "relationships",
          "One row per follower -> account follow standing on dt, with its activity in the window.",
          struct(
              dt("Run date."),
              required(FOLLOWER_ID, LongType, "The follower."),
              required(ACCOUNT_ID, LongType, "The account followed."),
              required(FOLLOWED_AT, TimestampType, "When the follow happened."),
              required(
                  EXPOSED_POSTS,
                  LongType,
                  "Posts by the account inside the window published after the follow."),
              required(LIKES, LongType, "Likes by the follower on the account's posts, in window."),
              required(COMMENTS, LongType, "Comments on the account's posts, in window."),
              required(SHARES, LongType, "Shares of the account's posts, in window."),
              required(SAVES, LongType, "Saves of the account's posts, in window."),
              required(Columns.INTERACTIONS, LongType, "likes + comments + shares + saves."),
              optional(LAST_INTERACTION_AT, TimestampType, "Latest interaction in the window."),
              required(IS_RECIPROCAL, BooleanType, "Whether the account follows the follower."),
              required(
                  STATE,
                  StringType,
                  "engaged (interactions > 0), silent (exposed_posts >= pasif.exposure.min and no"
                      + " interaction) or not_judged (too little exposure)."),
              optional(
                  LATEST_POST_REACTIONS,
                  LongType,
                  "Likes + comments by the follower on the account's latest <= 12 posts of the"
                      + " window (the engagement rate's posts); null on rows an earlier release"
                      + " wrote.")),
          List.of(DT));

  public static final TableSpec FOLLOWER_FEATURES =
      new TableSpec(
          "follower_features",
          "One row per follower: the evidence segmentation rests on.",
          struct(
              dt("Run date."),
              required(FOLLOWER_ID, LongType, "The follower."),
              required(ACCOUNTS_FOLLOWED, LongType, "Relationships standing on dt."),
              required(ENGAGED_RELATIONSHIPS, LongType, "Relationships in state engaged."),
              required(SILENT_RELATIONSHIPS, LongType, "Relationships in state silent."),
              required(NOT_JUDGED_RELATIONSHIPS, LongType, "Relationships in state not_judged."),
              optional(
                  ENGAGED_SHARE,
                  DoubleType,
                  "engaged / (engaged + silent); null when no relationship is judged."),
              optional(
                  SILENT_SHARE,
                  DoubleType,
                  "silent / (engaged + silent); null when no relationship is judged."),
              required(EXPOSED_POSTS, LongType, "Sum of exposed_posts over relationships."),
              required(
                  INTERACTIONS_ON_FOLLOWED, LongType, "Interactions on accounts followed, window."),
              required(
                  INTERACTIONS_NOT_FOLLOWED,
                  LongType,
                  "Interactions on accounts not followed on dt (self-interactions excluded)."),
              optional(
                  INTERACTION_RATE,
                  DoubleType,
                  "interactions_on_followed / exposed_posts; null when exposed_posts = 0."),
              required(LIKES, LongType, "Likes given in the window, all accounts."),
              required(COMMENTS, LongType, "Comments given in the window, all accounts."),
              required(SHARES, LongType, "Shares given in the window, all accounts."),
              required(SAVES, LongType, "Saves given in the window, all accounts."),
              required(
                  ACTIVE_DAYS,
                  LongType,
                  "Distinct local days (pasif.day.timezone) with an action."),
              optional(
                  DAYS_SINCE_LAST_INTERACTION,
                  IntegerType,
                  "Local days from the last interaction to dt; null if none in the window."),
              required(
                  HAS_PROFILE, BooleanType, "Whether the dump had a profile for the follower."),
              optional(FOLLOWERS_COUNT, LongType, "Profile: followers."),
              optional(FOLLOWING_COUNT, LongType, "Profile: accounts followed."),
              optional(
                  FOLLOWING_TO_FOLLOWERS,
                  DoubleType,
                  "following_count / greatest(followers_count, 1)."),
              optional(MEDIA_COUNT, LongType, "Profile: posts."),
              optional(HAS_PROFILE_PIC, BooleanType, "Profile: has a picture."),
              optional(ACCOUNT_AGE_DAYS, IntegerType, "Days from created_at to dt."),
              optional(
                  USERNAME_DIGIT_SHARE,
                  DoubleType,
                  "Digits in the username / its length; null without a username."),
              optional(BIOGRAPHY_LENGTH, IntegerType, "Profile: biography length."),
              optional(IS_PRIVATE, BooleanType, "Profile: private account."),
              optional(PROVINCE, StringType, "Profile: province."),
              // issue 4: behaviour over the window (docs/activity.md gives exact definitions)
              required(
                  FOLLOWS_MADE,
                  LongType,
                  "Follows the follower made inside the window (including ones since undone)."),
              required(
                  FOLLOW_BURST_MAX,
                  LongType,
                  "Most follows made in any half-open 1-hour interval of the window; 0 if none."),
              optional(
                  BURST_FOLLOW_SHARE,
                  DoubleType,
                  "Share of follows_made lying in a 1-hour interval holding >= 10 of its follows;"
                      + " null when follows_made = 0."),
              required(
                  LOCKSTEP_MAX,
                  LongType,
                  "Max over its window follows of the other follows of the same account in the"
                      + " same or a neighbouring 10-minute bucket; 0 if none."),
              required(
                  COMMENTS_WITH_TEXT, LongType, "Comments given in the window that carry a text."),
              optional(
                  COMMENT_DUPLICATE_SHARE,
                  DoubleType,
                  "Share of comments_with_text whose exact text the follower used in another of"
                      + " them; null when comments_with_text = 0."),
              optional(
                  FAST_REACTION_SHARE,
                  DoubleType,
                  "Share of its interactions on posts of known time made within 120 s of"
                      + " publication, over at least 5 such interactions (else null)."),
              optional(
                  CLOCK_REGULARITY,
                  DoubleType,
                  "1 - (distinct second-of-minute values - 1) / (min(n, 60) - 1) over its n"
                      + " interactions in the window; null when n < 5."),
              // issue 14: group signals (docs/activity.md)
              optional(
                  COHORT_LOCKSTEP_MAX,
                  LongType,
                  "lockstep_max among followers created within a day of it, over its follows"
                      + " made at least a day after its creation; null without such a follow."),
              optional(
                  MUTUAL_PARTNERS,
                  LongType,
                  "Users it follows who follow it, both standing at the window end."),
              optional(
                  MUTUAL_PARTNER_LINKS,
                  DoubleType,
                  "Share of the pairs of its mutual partners who follow each other both ways;"
                      + " null with fewer than 2 or more than 50 partners."),
              optional(
                  MUTUAL_GROUP_CLOSURE,
                  DoubleType,
                  "Share of its mutual partners' other mutual follows that stay among its"
                      + " partners; null when not measured.")),
          List.of(DT));

  public static final TableSpec ACCOUNT_DAY =
      new TableSpec(
          "account_day",
          "One row per account and local day of the window with a post or a new follow.",
          struct(
              dt("Run date; each run holds every day of its own window."),
              required(ACCOUNT_ID, LongType, "The account."),
              required(DAY, DateType, "Local day (pasif.day.timezone) inside the window."),
              required(POSTS_PUBLISHED, LongType, "Distinct posts the account published that day."),
              required(
                  NEW_FOLLOWS,
                  LongType,
                  "Follows of the account made that day (including ones since undone)."),
              required(
                  NEW_FOLLOWS_YOUNG_NO_PIC,
                  LongType,
                  "new_follows by followers without a profile picture whose account was less than"
                      + " 30 days old when they followed."),
              optional(
                  LATEST_POSTS,
                  LongType,
                  "Of the account's latest <= 12 posts of the window, how many were published that"
                      + " day; null on rows an earlier release wrote."),
              optional(
                  LATEST_POST_REACTIONS,
                  LongType,
                  "Likes + comments (by anyone, in the window) on those posts; null on rows an"
                      + " earlier release wrote.")),
          List.of(DT));

  public static final TableSpec EVENT_PARTIALS =
      new TableSpec(
          "event_partials",
          "The interactions of each delivery reduced to partial aggregates per local day, one row"
              + " per grain; activity sums those of its window (docs/activity.md).",
          struct(
              dt("Delivery date: the dump whose interactions these rows reduce."),
              required(
                  DAY,
                  DateType,
                  "Local day (pasif.day.timezone) of the events; the delivery date on the"
                      + " delivery row."),
              required(
                  GRAIN,
                  StringType,
                  "pair (per day, follower, account), follower (per day, follower), text (per"
                      + " day, follower, comment text) or delivery (one row per dt)."),
              optional(FOLLOWER_ID, LongType, "The actor; null on the delivery row."),
              optional(ACCOUNT_ID, LongType, "The account acted on; pair rows only."),
              optional(COMMENT_TEXT, StringType, "The exact comment text; text rows only."),
              optional(
                  EVENTS,
                  LongType,
                  "Interactions of any type (follower rows); the delivery's interactions reduced"
                      + " (delivery row)."),
              optional(LIKES, LongType, "Likes (pair and follower rows)."),
              optional(
                  COMMENTS,
                  LongType,
                  "Comments (pair and follower rows); comments with this text (text rows)."),
              optional(SHARES, LongType, "Shares (pair and follower rows)."),
              optional(SAVES, LongType, "Saves (pair and follower rows)."),
              optional(
                  LAST_INTERACTION_AT,
                  TimestampType,
                  "Latest interaction of the row's events (pair and follower rows)."),
              optional(
                  SECOND_MASK,
                  LongType,
                  "Bit s set when an event fell on second s of a minute (follower rows)."),
              optional(
                  TIMED_REACTIONS,
                  LongType,
                  "Events on posts of known publication time (follower rows;"
                      + " docs/activity.md, fast_reaction_share)."),
              optional(
                  FAST_REACTIONS,
                  LongType,
                  "Of them, made within 120 s of publication (follower rows).")),
          List.of(DT));

  public static final TableSpec FOLLOWER_SEGMENTS =
      new TableSpec(
          "follower_segments",
          "One row per follower: its segment, how sure, and why.",
          struct(
              dt("Run date."),
              required(FOLLOWER_ID, LongType, "The follower."),
              required(SEGMENT, StringType, "active, passive or bot_like."),
              required(CONFIDENCE, DoubleType, "How sure, 0 to 1."),
              required(REASONS, StringType, "The features that decided it, e.g. silent_on=41/41."),
              required(
                  IS_INSUFFICIENT_EVIDENCE,
                  BooleanType,
                  "True when too few relationships could be judged to tell active from passive."),
              required(CLUSTER, IntegerType, "Cluster of the fitted model (model-specific)."),
              optional(PROVINCE, StringType, "Province of the follower's profile."),
              required(
                  BOT_SCORE,
                  DoubleType,
                  String.format(
                      java.util.Locale.ROOT,
                      "%.2f x own bot evidence + %.2f x its cluster's mean; bot_like from 0.5.",
                      id.pasif.segment.ClusterMapping.OWN_WEIGHT,
                      1 - id.pasif.segment.ClusterMapping.OWN_WEIGHT))),
          List.of(DT));

  public static final TableSpec SEGMENT_CLUSTERS =
      new TableSpec(
          "segment_clusters",
          "The segment model of each run: one row per cluster, with the mapping and fit metrics.",
          struct(
              dt("Run date."),
              required(CLUSTER, IntegerType, "Cluster index of the model."),
              required(CLUSTER_SIZE, LongType, "Followers in the cluster."),
              required(CLUSTER_BOT_EVIDENCE, DoubleType, "Members' mean bot evidence."),
              required(MEAN_ENGAGED_SHARE, DoubleType, "Members' mean engaged share."),
              required(BOT_LIKE_MEMBERS, LongType, "Members whose segment is bot_like."),
              optional(
                  SILHOUETTE,
                  DoubleType,
                  "Silhouette of the whole clustering (same on every row), on a sample."),
              required(ALGORITHM, StringType, "kmeans, bisecting-kmeans or gmm, with k."),
              required(
                  MODEL_DATE, DateType, "Date the model was fitted (differs with --model-from).")),
          List.of(DT));

  public static final TableSpec ACCOUNT_AUDIENCE =
      new TableSpec(
          "account_audience",
          "One row per followed account: who its followers are, why the silent ones are silent,"
              + " engagement, growth spikes.",
          struct(
              dt("Run date."),
              required(ACCOUNT_ID, LongType, "The account."),
              required(FOLLOWERS, LongType, "Followers standing on dt."),
              required(ACTIVE_FOLLOWERS, LongType, "Followers in segment active."),
              required(PASSIVE_FOLLOWERS, LongType, "Followers in segment passive."),
              required(BOT_LIKE_FOLLOWERS, LongType, "Followers in segment bot_like."),
              required(
                  SILENT_FOLLOWERS,
                  LongType,
                  "Followers who never interacted with this account in the window (seed"
                      + " definition of a passive follower)."),
              required(ACTIVE_SHARE, DoubleType, "active_followers / followers."),
              required(PASSIVE_SHARE, DoubleType, "passive_followers / followers."),
              required(BOT_LIKE_SHARE, DoubleType, "bot_like_followers / followers."),
              required(SILENT_FOLLOWER_SHARE, DoubleType, "silent_followers / followers."),
              optional(
                  CAUSE_BOT_LIKE_SHARE,
                  DoubleType,
                  "Of the silent relationships (state silent): share whose cause is bot_like."),
              optional(CAUSE_FOLLOW_BACK_SHARE, DoubleType, "... cause follow_back."),
              optional(CAUSE_HERD_SHARE, DoubleType, "... cause herd."),
              optional(CAUSE_CONTENT_MISMATCH_SHARE, DoubleType, "... cause content_mismatch."),
              optional(CAUSE_DORMANT_SHARE, DoubleType, "... cause dormant."),
              required(
                  LATEST_POSTS, LongType, "Posts of the window the engagement rate uses (<= 12)."),
              optional(
                  ENGAGEMENT_RATE,
                  DoubleType,
                  "(likes + comments on the latest <= 12 posts of the window) / followers; null"
                      + " without posts."),
              required(REAL_FOLLOWERS, LongType, "active_followers + passive_followers."),
              optional(
                  ENGAGEMENT_RATE_REAL,
                  DoubleType,
                  "Likes + comments by the account's active or passive followers on those posts /"
                      + " real_followers."),
              required(
                  AUDIENCE_QUALITY,
                  DoubleType,
                  "100 x (active_share + 0.5 x passive_share): engaged humans count fully, silent"
                      + " humans half, bot-like followers nothing."),
              required(SPIKE_DAYS, LongType, "Growth-spike days in the window (account_day)."),
              optional(LAST_SPIKE_DAY, DateType, "The latest of them."),
              required(
                  SPIKE_FOLLOWERS, LongType, "Standing followers who followed on a spike day."),
              optional(
                  SPIKE_BOT_LIKE_SHARE,
                  DoubleType,
                  "Share of spike_followers whose segment is bot_like.")),
          List.of(DT));

  public static final TableSpec RELATIONSHIP_CAUSES =
      new TableSpec(
          "relationship_causes",
          "One row per silent relationship: the seed article's cause that explains it.",
          struct(
              dt("Run date."),
              required(FOLLOWER_ID, LongType, "The silent follower."),
              required(ACCOUNT_ID, LongType, "The account it is silent on."),
              required(
                  CAUSE,
                  StringType,
                  "bot_like, follow_back, herd, content_mismatch or dormant (first rule that"
                      + " holds; README, Causes).")),
          List.of(DT));

  public static final TableSpec PROVINCE_SUMMARY =
      new TableSpec(
          "province_summary",
          "One row per profile province: its followers by segment. Cells describing fewer than"
              + " pasif.privacy.k people are null (see docs/analysts.md).",
          struct(
              dt("Run date."),
              required(
                  PROVINCE,
                  StringType,
                  "Province of the follower's profile; 'unknown' without a profile province."),
              optional(
                  USERS,
                  LongType,
                  "Followers (users following >= 1 account on dt) with this province; null when"
                      + " fewer than k."),
              optional(
                  ACTIVE_FOLLOWERS, LongType, "Of them in segment active; null if suppressed."),
              optional(PASSIVE_FOLLOWERS, LongType, "In segment passive; null if suppressed."),
              optional(BOT_LIKE_FOLLOWERS, LongType, "In segment bot_like; null if suppressed."),
              optional(PASSIVE_SHARE, DoubleType, "passive_followers / users; null if suppressed."),
              optional(
                  BOT_LIKE_SHARE, DoubleType, "bot_like_followers / users; null if suppressed."),
              optional(
                  MEDIAN_ENGAGED_SHARE,
                  DoubleType,
                  "Median of follower_features.engaged_share over these users (users without a"
                      + " judged relationship left out); null when users is suppressed."),
              required(
                  IS_SUPPRESSED,
                  BooleanType,
                  "True when any cell of the row was nulled because it described fewer than k"
                      + " people (or would reveal such a cell).")),
          List.of(DT));

  public static final TableSpec RUNS =
      new TableSpec(
          "runs",
          "Run log: one row per stage of every run, appended (history of attempts).",
          struct(
              dt("Run date."),
              required(RUN_ID, StringType, "Id of the run (one per command invocation)."),
              required(STAGE, StringType, "ingest, activity, segment or report."),
              required(STARTED_AT, TimestampType, "When the stage started."),
              required(ENDED_AT, TimestampType, "When it ended."),
              required(STATUS, StringType, "succeeded or failed."),
              optional(ROWS_IN, LongType, "Rows the stage read (ingest: rows in the dump)."),
              optional(ROWS_OUT, LongType, "Rows it wrote to its main table(s)."),
              optional(ROWS_QUARANTINED, LongType, "Ingest: rows sent to quarantine."),
              optional(REJECT_RATIO, DoubleType, "Ingest: largest per-dataset quarantined share."),
              optional(DETAILS, StringType, "JSON: per-dataset counts and reasons, model metrics."),
              required(CODE_VERSION, StringType, "Version of pasif that ran."),
              required(CONFIG_HASH, StringType, "Hash of the resolved configuration."),
              optional(ERROR, StringType, "One-line reason of a failure.")),
          List.of(DT));

  /** All tables, in pipeline order. */
  public static final List<TableSpec> ALL =
      List.of(
          FOLLOWS,
          INTERACTIONS,
          POSTS,
          PROFILES,
          QUARANTINE,
          EVENT_PARTIALS,
          RELATIONSHIPS,
          FOLLOWER_FEATURES,
          ACCOUNT_DAY,
          FOLLOWER_SEGMENTS,
          SEGMENT_CLUSTERS,
          RELATIONSHIP_CAUSES,
          ACCOUNT_AUDIENCE,
          PROVINCE_SUMMARY,
          RUNS);

  private static final Map<String, TableSpec> BY_NAME =
      ALL.stream().collect(Collectors.toMap(TableSpec::name, Function.identity()));

  public static TableSpec bronze(DumpDataset dataset) {
    return BY_NAME.get(dataset.tableName());
  }

  /** The table named {@code name}, or empty when there is none. */
  public static java.util.Optional<TableSpec> byName(String name) {
    return java.util.Optional.ofNullable(BY_NAME.get(name));
  }

  public static Stream<TableSpec> stream() {
    return ALL.stream();
  }
}
