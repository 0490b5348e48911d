package id.pasif.dump;

import static id.pasif.warehouse.Columns.*;
import static id.pasif.warehouse.Schemas.optional;
import static id.pasif.warehouse.Schemas.required;
import static id.pasif.warehouse.Schemas.struct;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructType;

/**
 * The four datasets of a dump, with their exact schemas. {@code docs/dump-format.md} is the
 * human-readable form of this class; keep the two in step.
 *
 * <p>{@link Kind#SNAPSHOT} datasets hold the full state as of the dump date; {@link Kind#EVENTS}
 * datasets hold the events delivered on the dump date (any timestamp; the first dump delivers the
 * history).
 */
public enum DumpDataset {
  FOLLOWS(
      Kind.SNAPSHOT,
      struct(
          required(FOLLOWER_ID, LongType, "User who follows."),
          required(ACCOUNT_ID, LongType, "Account that is followed."),
          required(FOLLOWED_AT, TimestampType, "When the follow happened (UTC instant)."),
          optional(
              UNFOLLOWED_AT,
              TimestampType,
              "When the follower unfollowed, if it did; null while the follow stands.")),
      List.of(FOLLOWER_ID, ACCOUNT_ID, FOLLOWED_AT)),
  INTERACTIONS(
      Kind.EVENTS,
      struct(
          required(EVENT_ID, StringType, "Unique id of the event; a repeated id is one event."),
          required(ACTOR_ID, LongType, "User who liked, commented, shared or saved."),
          required(ACCOUNT_ID, LongType, "Owner of the post acted on."),
          required(POST_ID, LongType, "Post acted on."),
          required(TYPE, StringType, "One of like, comment, share, save."),
          required(TS, TimestampType, "When it happened (UTC instant)."),
          optional(COMMENT_TEXT, StringType, "Text of a comment; null for other types.")),
      List.of(EVENT_ID, ACTOR_ID, ACCOUNT_ID, POST_ID, TYPE, TS)),
  POSTS(
      Kind.EVENTS,
      struct(
          required(POST_ID, LongType, "Unique id of the post."),
          required(ACCOUNT_ID, LongType, "Account that published it."),
          required(POSTED_AT, TimestampType, "When it was published (UTC instant)."),
          optional(MEDIA_TYPE, StringType, "photo, video, carousel or reel.")),
      List.of(POST_ID, ACCOUNT_ID, POSTED_AT)),
  PROFILES(
      Kind.SNAPSHOT,
      struct(
          required(USER_ID, LongType, "Unique id of the user."),
          optional(USERNAME, StringType, "Handle, without the @."),
          optional(CREATED_AT, TimestampType, "When the account was created (UTC instant)."),
          optional(FOLLOWERS_COUNT, LongType, "Followers the profile displays."),
          optional(FOLLOWING_COUNT, LongType, "Accounts followed, as the profile displays."),
          optional(MEDIA_COUNT, LongType, "Posts the profile displays."),
          optional(HAS_PROFILE_PIC, BooleanType, "Whether the profile has a picture."),
          optional(IS_PRIVATE, BooleanType, "Whether the account is private."),
          optional(BIOGRAPHY_LENGTH, IntegerType, "Characters in the biography (0 if none)."),
          optional(PROVINCE, StringType, "Indonesian province, one of 38 names; null if unknown."),
          optional(IS_BUSINESS, BooleanType, "Whether it is a business or creator account.")),
      List.of(USER_ID));

  /** Whether a dataset is a full snapshot or a batch of events. */
  public enum Kind {
    SNAPSHOT,
    EVENTS
  }

  private final Kind kind;
  private final StructType schema;
  private final List<String> requiredColumns;

  DumpDataset(Kind kind, StructType schema, List<String> requiredColumns) {
    this.kind = kind;
    this.schema = schema;
    this.requiredColumns = requiredColumns;
  }

  /**
   * Folder and table name: {@code follows}, {@code interactions}, {@code posts}, {@code profiles}.
   */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Kind kind() {
    return kind;
  }

  /** The dataset's schema, with nullability: what a valid row looks like. */
  public StructType schema() {
    return schema;
  }

  /** Columns a row cannot do without; a row missing one is quarantined. */
  public List<String> requiredColumns() {
    return requiredColumns;
  }
}
