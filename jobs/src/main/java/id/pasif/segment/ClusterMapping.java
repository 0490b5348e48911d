package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns clusters into segments, independently of cluster numbering and of which segment is the
 * majority: every decision is made against absolute, documented evidence, never against the
 * population's own distribution (which is what makes anomaly detectors invert when fakes are the
 * majority, and plain KMeans miss a 10 % minority).
 *
 * <ol>
 *   <li><b>Profile evidence</b> (mean of five signals, each in [0, 1]): following ÷ followers (0 at
 *       ≤ 3, 1 at ≥ 30, log-linear between), posts (1 at ≤ 1, 0.5 at ≤ 5), no profile picture,
 *       account age (1 under 90 days, 0.3 under a year), digits in the username (1 at ≥ 40 %,
 *       proportional below).
 *   <li><b>Behaviour evidence</b> (the strongest of five signals). Group following: lockstep
 *       following (1 at ≥ 8 other new followers of an account in the same 10 minutes) and burst
 *       following (share of follows in bursts), both only with a profile evidence ≥ {@link
 *       #GROUP_FOLLOWING_PROFILE_MIN}. Machine interaction: repeated generic comments (share, with
 *       ≥ 3 comments), scripted timing (clock regularity ≥ 0.8), reactions within 2 minutes of
 *       publication (share ≥ 0.5).
 *   <li><b>Bot evidence</b> = max(profile, behaviour), except for a follower who engages with at
 *       least two accounts and shows no machine interaction: it keeps only half of max(profile,
 *       group following). A human with an odd profile who interacts is not bot-like, and neither is
 *       a new user who followed the suggested accounts in one sitting and then engages.
 *   <li>Each cluster's <b>cluster evidence</b> is its members' mean bot evidence. A follower's
 *       <b>bot score</b> = {@link #OWN_WEIGHT} × own + (1 − {@link #OWN_WEIGHT}) × cluster
 *       evidence; bot-like when ≥ {@link #BOT_MIN}.
 *   <li>Everyone else: <b>active</b> when at least {@link #ACTIVE_MIN} of its judged relationships
 *       are engaged, <b>passive</b> otherwise; too few judged relationships ({@code <} {@link
 *       #MIN_JUDGED}) set {@code is_insufficient_evidence}.
 * </ol>
 */
public final class ClusterMapping {
  private ClusterMapping() {}

  public static final String ACTIVE = "active";
  public static final String PASSIVE = "passive";
  public static final String BOT_LIKE = "bot_like";

  /** Weight of the follower's own evidence in its bot score; the rest is its cluster's. */
  public static final double OWN_WEIGHT = 0.7;

  /** Bot score from which a follower is bot-like. */
  public static final double BOT_MIN = 0.5;

  /** Engaged share of judged relationships from which a human is active. */
  public static final double ACTIVE_MIN = 0.25;

  /** Judged relationships below which the follower is flagged insufficient_evidence. */
  public static final int MIN_JUDGED = 2;

  public static final String PROFILE_EVIDENCE = "profile_evidence";
  public static final String BEHAVIOUR_EVIDENCE = "behaviour_evidence";
  public static final String BOT_EVIDENCE = "bot_evidence";

  private static Column clamp01(Column c) {
    return least(lit(1.0), greatest(lit(0.0), c));
  }

  /** {@code text} when {@code signal} reached 0.5, else null (skipped by concat_ws). */
  private static Column fired(Column signal, Column text) {
    return when(coalesce(signal, lit(0.0)).geq(0.5), text);
  }

  private static Column flag(Column c) {
    return when(coalesce(c, lit(false)), lit(1.0)).otherwise(lit(0.0));
  }

  /** Profile signals, each in [0, 1]; nulls count as the human-typical value (0). */
  static Column[] profileSignals() {
    Column ratio = coalesce(col(FOLLOWING_TO_FOLLOWERS), lit(1.0));
    Column media = col(MEDIA_COUNT);
    Column age = col(ACCOUNT_AGE_DAYS);
    return new Column[] {
      clamp01(log10(greatest(ratio, lit(1e-9))).minus(log10(lit(3.0))).divide(1.0)),
      when(media.leq(1), lit(1.0)).when(media.leq(5), lit(0.5)).otherwise(lit(0.0)),
      flag(col(HAS_PROFILE_PIC).equalTo(false)),
      when(age.lt(90), lit(1.0)).when(age.lt(365), lit(0.3)).otherwise(lit(0.0)),
      clamp01(coalesce(col(USERNAME_DIGIT_SHARE), lit(0.0)).divide(0.4))
    };
  }

  /**
   * Profile evidence from which group following (lockstep, bursts) counts as a bot signal: at least
   * three of the five profile signals. New people also follow many accounts in one sitting (the
   * suggested accounts of a new sign-up), trend spikes bring crowds of real followers in the same
   * minutes, and a young account without posts already scores 0.4.
   */
  public static final double GROUP_FOLLOWING_PROFILE_MIN = 0.6;

  /**
   * Group-following signals, each in [0, 1], counted only with a suspicious profile ({@link
   * #GROUP_FOLLOWING_PROFILE_MIN}): many young, profile-less accounts following a target together
   * is what bought followers look like (CopyCatch), while people also follow together.
   */
  static Column[] groupFollowingSignals(Column profile) {
    Column suspicious = profile.geq(GROUP_FOLLOWING_PROFILE_MIN);
    return new Column[] {
      when(suspicious, clamp01(coalesce(col(LOCKSTEP_MAX), lit(0L)).divide(8.0)))
          .otherwise(lit(0.0)),
      when(suspicious, coalesce(col(BURST_FOLLOW_SHARE), lit(0.0))).otherwise(lit(0.0))
    };
  }

  /** Machine-interaction signals, each in [0, 1]: repeated comments, scripted timing. */
  static Column[] machineInteractionSignals() {
    return new Column[] {
      when(
              coalesce(col(COMMENTS_WITH_TEXT), lit(0L)).geq(3),
              coalesce(col(COMMENT_DUPLICATE_SHARE), lit(0.0)))
          .otherwise(lit(0.0)),
      flag(col(CLOCK_REGULARITY).geq(0.8)),
      flag(col(FAST_REACTION_SHARE).geq(0.5))
    };
  }

  /**
   * Adds {@link #PROFILE_EVIDENCE}, {@link #BEHAVIOUR_EVIDENCE} and {@link #BOT_EVIDENCE}, each in
   * [0, 1]. Needs the profile and behaviour columns of follower_features.
   */
  public static Dataset<Row> withBotEvidence(Dataset<Row> featuresDF) {
    Column profile = lit(0.0);
    for (Column c : profileSignals()) {
      profile = profile.plus(c);
    }
    profile = profile.divide(profileSignals().length);
    Column group = greatest(groupFollowingSignals(col(PROFILE_EVIDENCE)));
    Column machine = greatest(machineInteractionSignals());
    Column engagesLikeAHuman =
        coalesce(col(ENGAGED_RELATIONSHIPS), lit(0L)).geq(2).and(machine.lt(0.2));
    return featuresDF
        .withColumn(PROFILE_EVIDENCE, round(profile, 4))
        .withColumn(BEHAVIOUR_EVIDENCE, round(greatest(group, machine), 4))
        .withColumn(
            BOT_EVIDENCE,
            when(engagesLikeAHuman, greatest(col(PROFILE_EVIDENCE), group).multiply(0.5))
                .otherwise(greatest(col(PROFILE_EVIDENCE), col(BEHAVIOUR_EVIDENCE))));
  }

  /**
   * One row per cluster: size and mean bot evidence (k rows). Needs {@link #withBotEvidence} and
   * {@code cluster}.
   */
  public static Dataset<Row> clusterTable(Dataset<Row> clusteredDF) {
    return clusteredDF
        .groupBy(CLUSTER)
        .agg(
            count(lit(1)).as(CLUSTER_SIZE),
            round(avg(BOT_EVIDENCE), 4).as(CLUSTER_BOT_EVIDENCE),
            round(avg(coalesce(col(ENGAGED_SHARE), lit(0.0))), 4).as(MEAN_ENGAGED_SHARE));
  }

  /**
   * Assigns segment, confidence, reasons and the insufficient-evidence flag.
   *
   * @param clusteredDF follower features with {@code cluster} and {@link #withBotEvidence}
   * @param clustersDF from {@link #clusterTable}
   */
  public static Dataset<Row> assign(Dataset<Row> clusteredDF, Dataset<Row> clustersDF) {
    Column judged = col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS));
    Column engagedShare = coalesce(col(ENGAGED_SHARE), lit(0.0));
    Column evidence = judged.divide(judged.plus(2.0));
    Column score =
        col(BOT_EVIDENCE)
            .multiply(OWN_WEIGHT)
            .plus(col(CLUSTER_BOT_EVIDENCE).multiply(1 - OWN_WEIGHT));
    Column bot = col(BOT_SCORE).geq(BOT_MIN);
    Column active = engagedShare.geq(ACTIVE_MIN);
    Column segment = when(bot, lit(BOT_LIKE)).when(active, lit(ACTIVE)).otherwise(lit(PASSIVE));
    // How far the deciding value is from its threshold, scaled to [0, 1].
    Column botMargin = clamp01(col(BOT_SCORE).minus(BOT_MIN).divide(1 - BOT_MIN));
    Column humanMargin = clamp01(lit(BOT_MIN).minus(col(BOT_SCORE)).divide(BOT_MIN));
    Column shareMargin =
        when(active, clamp01(engagedShare.minus(ACTIVE_MIN).divide(1 - ACTIVE_MIN)))
            .otherwise(clamp01(lit(ACTIVE_MIN).minus(engagedShare).divide(ACTIVE_MIN)));
    Column confidence =
        when(bot, lit(0.5).plus(botMargin.multiply(0.5)))
            .otherwise(
                evidence
                    .multiply(lit(0.5).plus(shareMargin.multiply(0.5)))
                    .multiply(lit(0.5).plus(humanMargin.multiply(0.5))));
    // Only the signals that fired (>= 0.5) are named: the few features that decided it.
    Column[] p = profileSignals();
    Column[] g = groupFollowingSignals(col(PROFILE_EVIDENCE));
    Column[] m = machineInteractionSignals();
    Column botReasons =
        concat_ws(
            "; ",
            format_string(
                "bot_score=%.2f (own %.2f, cluster %.2f)",
                col(BOT_SCORE), col(BOT_EVIDENCE), col(CLUSTER_BOT_EVIDENCE)),
            fired(p[0], format_string("following_to_followers=%.1f", col(FOLLOWING_TO_FOLLOWERS))),
            fired(p[1], format_string("media_count=%d", col(MEDIA_COUNT))),
            fired(p[2], lit("has_profile_pic=false")),
            fired(p[3], format_string("account_age_days=%d", col(ACCOUNT_AGE_DAYS))),
            fired(p[4], format_string("username_digit_share=%.2f", col(USERNAME_DIGIT_SHARE))),
            fired(g[0], format_string("lockstep_max=%d", col(LOCKSTEP_MAX))),
            fired(g[1], format_string("burst_follow_share=%.2f", col(BURST_FOLLOW_SHARE))),
            fired(
                m[0], format_string("comment_duplicate_share=%.2f", col(COMMENT_DUPLICATE_SHARE))),
            fired(m[1], format_string("clock_regularity=%.2f", col(CLOCK_REGULARITY))),
            fired(m[2], format_string("fast_reaction_share=%.2f", col(FAST_REACTION_SHARE))));
    Column humanReasons =
        when(
                active,
                format_string(
                    "engaged_on=%d/%d; interaction_rate=%.2f; bot_score=%.2f",
                    col(ENGAGED_RELATIONSHIPS),
                    judged,
                    coalesce(col(INTERACTION_RATE), lit(0.0)),
                    col(BOT_SCORE)))
            .otherwise(
                format_string(
                    "silent_on=%d/%d; interactions_on_followed=%d; bot_score=%.2f",
                    col(SILENT_RELATIONSHIPS),
                    judged,
                    col(INTERACTIONS_ON_FOLLOWED),
                    col(BOT_SCORE)));
    return clusteredDF
        .join(broadcast(clustersDF.select(CLUSTER, CLUSTER_BOT_EVIDENCE)), CLUSTER)
        .withColumn(BOT_SCORE, round(score, 4))
        .select(
            col(FOLLOWER_ID),
            segment.as(SEGMENT),
            round(confidence, 4).as(CONFIDENCE),
            when(bot, botReasons).otherwise(humanReasons).as(REASONS),
            not(bot).and(judged.lt(MIN_JUDGED)).as(IS_INSUFFICIENT_EVIDENCE),
            col(CLUSTER),
            col(PROVINCE),
            col(BOT_SCORE));
  }
}
