package id.pasif.warehouse;

/**
 * Every column name of the dump and of the warehouse tables, in one place. Names are {@code
 * snake_case}; booleans start with {@code is_} or {@code has_}. The table reference in the README
 * gives each column's definition.
 */
public final class Columns {
  private Columns() {}

  // Partition column of every table: the run (or dump) date.
  public static final String DT = "dt";

  // Dump: follows
  public static final String FOLLOWER_ID = "follower_id";
  public static final String ACCOUNT_ID = "account_id";
  public static final String FOLLOWED_AT = "followed_at";
  public static final String UNFOLLOWED_AT = "unfollowed_at";

  // Dump: interactions
  public static final String EVENT_ID = "event_id";
  public static final String ACTOR_ID = "actor_id";
  public static final String POST_ID = "post_id";
  public static final String TYPE = "type";
  public static final String TS = "ts";
  public static final String COMMENT_TEXT = "comment_text";

  // Dump: posts
  public static final String POSTED_AT = "posted_at";
  public static final String MEDIA_TYPE = "media_type";

  // Dump: profiles
  public static final String USER_ID = "user_id";
  public static final String USERNAME = "username";
  public static final String CREATED_AT = "created_at";
  public static final String FOLLOWERS_COUNT = "followers_count";
  public static final String FOLLOWING_COUNT = "following_count";
  public static final String MEDIA_COUNT = "media_count";
  public static final String HAS_PROFILE_PIC = "has_profile_pic";
  public static final String IS_PRIVATE = "is_private";
  public static final String BIOGRAPHY_LENGTH = "biography_length";
  public static final String PROVINCE = "province";
  public static final String IS_BUSINESS = "is_business";

  // Quarantine
  public static final String RUN_ID = "run_id";
  public static final String DATASET = "dataset";
  public static final String SOURCE_FILE = "source_file";
  public static final String REASON = "reason";
  public static final String RAW = "raw";

  // relationships
  public static final String EXPOSED_POSTS = "exposed_posts";
  public static final String LIKES = "likes";
  public static final String COMMENTS = "comments";
  public static final String SHARES = "shares";
  public static final String SAVES = "saves";
  public static final String INTERACTIONS = "interactions";
  public static final String LAST_INTERACTION_AT = "last_interaction_at";
  public static final String IS_RECIPROCAL = "is_reciprocal";
  public static final String STATE = "state";

  // follower_features
  public static final String ACCOUNTS_FOLLOWED = "accounts_followed";
  public static final String ENGAGED_RELATIONSHIPS = "engaged_relationships";
  public static final String SILENT_RELATIONSHIPS = "silent_relationships";
  public static final String NOT_JUDGED_RELATIONSHIPS = "not_judged_relationships";
  public static final String ENGAGED_SHARE = "engaged_share";
  public static final String SILENT_SHARE = "silent_share";
  public static final String INTERACTIONS_ON_FOLLOWED = "interactions_on_followed";
  public static final String INTERACTIONS_NOT_FOLLOWED = "interactions_not_followed";
  public static final String INTERACTION_RATE = "interaction_rate";
  public static final String ACTIVE_DAYS = "active_days";
  public static final String DAYS_SINCE_LAST_INTERACTION = "days_since_last_interaction";
  public static final String FOLLOWING_TO_FOLLOWERS = "following_to_followers";
  public static final String ACCOUNT_AGE_DAYS = "account_age_days";
  public static final String USERNAME_DIGIT_SHARE = "username_digit_share";
  public static final String HAS_PROFILE = "has_profile";

  // follower_segments
  public static final String SEGMENT = "segment";
  public static final String CONFIDENCE = "confidence";
  public static final String REASONS = "reasons";
  public static final String CLUSTER = "cluster";
  public static final String IS_INSUFFICIENT_EVIDENCE = "is_insufficient_evidence";

  // account_audience
  public static final String FOLLOWERS = "followers";
  public static final String ACTIVE_FOLLOWERS = "active_followers";
  public static final String PASSIVE_FOLLOWERS = "passive_followers";
  public static final String BOT_LIKE_FOLLOWERS = "bot_like_followers";
  public static final String SILENT_FOLLOWERS = "silent_followers";
  public static final String ACTIVE_SHARE = "active_share";
  public static final String PASSIVE_SHARE = "passive_share";
  public static final String BOT_LIKE_SHARE = "bot_like_share";
  public static final String SILENT_FOLLOWER_SHARE = "silent_follower_share";

  // runs
  public static final String STAGE = "stage";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  public static final String STATUS = "status";
  public static final String ROWS_IN = "rows_in";
  public static final String ROWS_OUT = "rows_out";
  public static final String ROWS_QUARANTINED = "rows_quarantined";
  public static final String REJECT_RATIO = "reject_ratio";
  public static final String DETAILS = "details";
  public static final String CODE_VERSION = "code_version";
  public static final String CONFIG_HASH = "config_hash";
  public static final String ERROR = "error";

  // ---- issue 4 (activity): follower_features behaviour columns and account_day ----
  // follower_features
  public static final String FOLLOWS_MADE = "follows_made";
  public static final String FOLLOW_BURST_MAX = "follow_burst_max";
  public static final String BURST_FOLLOW_SHARE = "burst_follow_share";
  public static final String LOCKSTEP_MAX = "lockstep_max";
  public static final String COMMENTS_WITH_TEXT = "comments_with_text";
  public static final String COMMENT_DUPLICATE_SHARE = "comment_duplicate_share";
  // issue 14: group signals that need no suspicious profile
  public static final String COHORT_LOCKSTEP_MAX = "cohort_lockstep_max";
  public static final String MUTUAL_PARTNERS = "mutual_partners";
  public static final String MUTUAL_PARTNER_LINKS = "mutual_partner_links";
  public static final String MUTUAL_GROUP_CLOSURE = "mutual_group_closure";

  // account_day
  public static final String DAY = "day";
  public static final String POSTS_PUBLISHED = "posts";
  public static final String NEW_FOLLOWS = "new_follows";
  public static final String NEW_FOLLOWS_YOUNG_NO_PIC = "new_follows_young_no_pic";

  // ---- issue 5: timing of interactions ----
  public static final String FAST_REACTION_SHARE = "fast_reaction_share";
  public static final String CLOCK_REGULARITY = "clock_regularity";
  public static final String BOT_SCORE = "bot_score";

  // segment_clusters
  public static final String CLUSTER_SIZE = "cluster_size";
  public static final String CLUSTER_BOT_EVIDENCE = "cluster_bot_evidence";
  public static final String MEAN_ENGAGED_SHARE = "mean_engaged_share";
  public static final String BOT_LIKE_MEMBERS = "bot_like_members";
  public static final String SILHOUETTE = "silhouette";
  public static final String ALGORITHM = "algorithm";
  public static final String MODEL_DATE = "model_date";

  // relationship_causes, account_audience (issue 5)
  public static final String CAUSE = "cause";
  public static final String CAUSE_BOT_LIKE_SHARE = "cause_bot_like_share";
  public static final String CAUSE_FOLLOW_BACK_SHARE = "cause_follow_back_share";
  public static final String CAUSE_HERD_SHARE = "cause_herd_share";
  public static final String CAUSE_CONTENT_MISMATCH_SHARE = "cause_content_mismatch_share";
  public static final String CAUSE_DORMANT_SHARE = "cause_dormant_share";
  public static final String LATEST_POSTS = "latest_posts";
  public static final String LATEST_POST_REACTIONS = "latest_post_reactions";
  public static final String ENGAGEMENT_RATE = "engagement_rate";
  public static final String REAL_FOLLOWERS = "real_followers";
  public static final String ENGAGEMENT_RATE_REAL = "engagement_rate_real";
  public static final String AUDIENCE_QUALITY = "audience_quality";
  public static final String SPIKE_DAYS = "spike_days";
  public static final String LAST_SPIKE_DAY = "last_spike_day";
  public static final String SPIKE_FOLLOWERS = "spike_followers";
  public static final String SPIKE_BOT_LIKE_SHARE = "spike_bot_like_share";

  // ---- issue 8 (analysts): province_summary ----
  public static final String USERS = "users";
  public static final String MEDIAN_ENGAGED_SHARE = "median_engaged_share";
  public static final String IS_SUPPRESSED = "is_suppressed";

  // ---- issue 15 (incremental nights): event_partials ----
  public static final String GRAIN = "grain";
  public static final String EVENTS = "events";
  public static final String SECOND_MASK = "second_mask";
  public static final String TIMED_REACTIONS = "timed_reactions";
  public static final String FAST_REACTIONS = "fast_reactions";
}
