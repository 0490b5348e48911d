package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns clusters into {@link Segment}s, independently of cluster numbering and of which segment is
 * the majority: every decision is made against absolute, documented evidence, never against the
 * population's own distribution (which is what makes anomaly detectors invert when fakes are the
 * majority, and plain KMeans miss a 10 % minority).
 *
 * <ol>
 *   <li><b>Profile evidence</b>: the {@link ProfileModel}'s posterior that the profile is fake, a
 *       logistic regression fitted by MLlib on real labelled accounts (≥ 0.5 exactly when the
 *       model's probability reaches its threshold). Unknown fields are neutral, and when they could
 *       decide either way the follower is flagged {@code is_insufficient_evidence}.
 *   <li><b>Behaviour evidence</b> (the strongest of seven signals). Group following: lockstep
 *       following (1 at ≥ {@link #LOCKSTEP_FULL} other new followers of an account in the same 10
 *       minutes, only where registration dates are unknown) and burst following (share of follows
 *       in bursts), both only with a profile evidence ≥ {@link #GROUP_FOLLOWING_PROFILE_MIN}; with
 *       any profile, lockstep among accounts registered together (cohort lockstep, 1 at ≥ {@link
 *       #LOCKSTEP_FULL}) and a closed group of mutual follows (an engagement pod: ≥ {@link
 *       #POD_MIN_PARTNERS} partners, ≥ {@link #POD_MIN_LINKS} of their pairs linked, ≥ {@link
 *       #POD_MIN_CLOSURE} of their mutual follows inside the group). Machine interaction: repeated
 *       generic comments (share, with ≥ {@link #REPEATED_MIN_COMMENTS} comments), scripted timing
 *       (clock regularity ≥ {@link #CLOCK_REGULARITY_MIN}), reactions within {@link
 *       id.pasif.activity.Activity#FAST_REACTION_SECONDS} s of publication (share ≥ {@link
 *       #FAST_REACTION_SHARE_MIN}).
 *   <li><b>Bot evidence</b> = max(profile, behaviour), except for a follower who engages with at
 *       least {@link #HUMAN_ENGAGED_MIN} accounts and shows no machine interaction (below {@link
 *       #HUMAN_MACHINE_MAX}): it keeps only {@link #HUMAN_EVIDENCE_KEPT} of max(profile, group
 *       following). A human with an odd profile who interacts is not bot-like, and neither is a new
 *       user who followed the suggested accounts in one sitting and then engages.
 *   <li>Each cluster's <b>cluster evidence</b> is its members' mean bot evidence. A follower's
 *       <b>bot score</b> = {@link #OWN_WEIGHT} × own + (1 − {@link #OWN_WEIGHT}) × cluster
 *       evidence; bot-like when ≥ {@link #BOT_MIN}.
 *   <li>Everyone else: <b>active</b> when at least {@link #ACTIVE_MIN} of its judged relationships
 *       are engaged, <b>passive</b> otherwise; too few judged relationships ({@code <} {@link
 *       #MIN_JUDGED}), too little of the profile known ({@code <} {@link #MIN_KNOWN_SHARE} of the
 *       model's weight) or a profile decision that its unknown fields could turn set {@code
 *       is_insufficient_evidence}.
 * </ol>
 */
public final class ClusterMapping {
  private ClusterMapping() {}

  /**
   * Weight of the follower's own evidence in its bot score; the rest is its cluster's. Chosen by
   * 5-fold cross-validation on the calibration train split (docs/segments.md): own weight 0.7 /
   * 0.85 / 1.0 gave bot-like F1 0.912 / 0.911 / 0.911 and precision at 10 % fakes 0.775 / 0.820 /
   * 0.845; the cluster term is kept small so that look-alikes of fakes still lift each other.
   */
  public static final double OWN_WEIGHT = 0.85;

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

  /**
   * Profile evidence from which group following (lockstep, bursts) counts as a bot signal: a
   * profile the model finds at least one third as likely fake as needed to decide on it alone (odds
   * 1:3 at the decision prior). New people also follow many accounts in one sitting (the suggested
   * accounts of a new sign-up) and trend spikes bring crowds of real followers in the same minutes,
   * so following together proves nothing with an ordinary profile.
   */
  public static final double GROUP_FOLLOWING_PROFILE_MIN = 0.4;

  /** Share of the profile model's weight that must be known for a decision to count as made. */
  public static final double MIN_KNOWN_SHARE = 0.5;

  /** Log-odds a profile input must add towards "fake" to be named in the reasons. */
  public static final double REASON_MIN_LOG_ODDS = 0.5;

  // Working columns of withBotEvidence, read by assign.
  static final String PROFILE_UNDECIDED = "profile_undecided";
  static final String KNOWN_SHARE = "profile_known_share";
  static final String UNKNOWN = "profile_unknown";

  /** Other followers in lockstep from which (cohort) lockstep counts fully; half at half. */
  public static final double LOCKSTEP_FULL = 8;

  /**
   * Mutual partners a follower's closed group must have to count as an engagement pod: a group of
   * at least six. Small closed circles (a few friends, a family) are common among people.
   */
  public static final int POD_MIN_PARTNERS = 5;

  /** Share of the pairs of its mutual partners who must follow each other both ways (pod). */
  public static final double POD_MIN_LINKS = 0.8;

  /** Share of its partners' other mutual follows that must stay inside the group (pod). */
  public static final double POD_MIN_CLOSURE = 0.8;

  /**
   * Group-following signals, each in [0, 1]: lockstep and burst following, counted only with a
   * suspicious profile ({@link #GROUP_FOLLOWING_PROFILE_MIN}), because people also follow together;
   * cohort lockstep and a closed mutual-follow group, counted with any profile. Plain lockstep
   * counts only where cohort lockstep could not be measured (no known registration date): where it
   * could, a lockstep crowd whose members were registered apart is people.
   *
   * <ul>
   *   <li>Cohort lockstep: followers of an account in the same minutes who were registered within a
   *       day of each other and at least a day before. Fake-account merchants register accounts in
   *       bulk and deliver an order from one stock (Thomas et al., USENIX Security 2013), so a
   *       customer's bought followers arrive together <i>and</i> were born together, whatever their
   *       profiles were dressed with; a crowd of people following in the same minutes registered
   *       over years.
   *   <li>Closed group: engagement pods and follow-for-follow rings are groups whose members all
   *       follow each other and few others both ways; a person's mutual follows spread over circles
   *       that have mutual follows of their own outside them.
   * </ul>
   */
  static Column[] groupFollowingSignals(Column profile) {
    Column suspicious = profile.geq(GROUP_FOLLOWING_PROFILE_MIN);
    // where the registration dates are known, cohort lockstep tells a delivery from a crowd, and
    // plain lockstep of strangers registered apart is a crowd
    Column crowdUnknown = col(COHORT_LOCKSTEP_MAX).isNull();
    Column pod =
        coalesce(col(MUTUAL_PARTNERS), lit(0L))
            .geq(POD_MIN_PARTNERS)
            .and(col(MUTUAL_PARTNER_LINKS).geq(POD_MIN_LINKS))
            .and(col(MUTUAL_GROUP_CLOSURE).geq(POD_MIN_CLOSURE));
    return new Column[] {
      when(
              suspicious.and(crowdUnknown),
              clamp01(coalesce(col(LOCKSTEP_MAX), lit(0L)).divide(LOCKSTEP_FULL)))
          .otherwise(lit(0.0)),
      when(suspicious, coalesce(col(BURST_FOLLOW_SHARE), lit(0.0))).otherwise(lit(0.0)),
      clamp01(coalesce(col(COHORT_LOCKSTEP_MAX), lit(0L)).divide(LOCKSTEP_FULL)),
      flag(pod)
    };
  }

  /** Comments with text from which the share of repeated ones counts as a machine signal. */
  public static final int REPEATED_MIN_COMMENTS = 3;

  /** Clock regularity from which interactions count as scripted (machine signal 1). */
  public static final double CLOCK_REGULARITY_MIN = 0.8;

  /**
   * Share of reactions within {@link id.pasif.activity.Activity#FAST_REACTION_SECONDS} of
   * publication from which they count as a machine's.
   */
  public static final double FAST_REACTION_SHARE_MIN = 0.5;

  /**
   * Engaged relationships from which a follower without machine interaction (all machine signals
   * below {@link #HUMAN_MACHINE_MAX}) engages like a human and keeps only {@link
   * #HUMAN_EVIDENCE_KEPT} of max(profile, group following).
   */
  public static final int HUMAN_ENGAGED_MIN = 2;

  /** Machine-interaction evidence below which a follower engaging with others is human-like. */
  public static final double HUMAN_MACHINE_MAX = 0.2;

  /** Share of its evidence a follower who engages like a human keeps. */
  public static final double HUMAN_EVIDENCE_KEPT = 0.5;

  /** Machine-interaction signals, each in [0, 1]: repeated comments, scripted timing. */
  static Column[] machineInteractionSignals() {
    return new Column[] {
      when(
              coalesce(col(COMMENTS_WITH_TEXT), lit(0L)).geq(REPEATED_MIN_COMMENTS),
              coalesce(col(COMMENT_DUPLICATE_SHARE), lit(0.0)))
          .otherwise(lit(0.0)),
      flag(col(CLOCK_REGULARITY).geq(CLOCK_REGULARITY_MIN)),
      flag(col(FAST_REACTION_SHARE).geq(FAST_REACTION_SHARE_MIN))
    };
  }

  /**
   * Adds {@link #PROFILE_EVIDENCE}, {@link #BEHAVIOUR_EVIDENCE} and {@link #BOT_EVIDENCE}, each in
   * [0, 1], and the profile model's working columns. Needs the profile and behaviour columns of
   * follower_features.
   */
  public static Dataset<Row> withBotEvidence(Dataset<Row> featuresDF, ProfileModel model) {
    Column group = greatest(groupFollowingSignals(col(PROFILE_EVIDENCE)));
    Column machine = greatest(machineInteractionSignals());
    Column engagesLikeAHuman =
        coalesce(col(ENGAGED_RELATIONSHIPS), lit(0L))
            .geq(HUMAN_ENGAGED_MIN)
            .and(machine.lt(HUMAN_MACHINE_MAX));
    return featuresDF
        .withColumn(PROFILE_EVIDENCE, round(model.evidence(), 4))
        .withColumn(PROFILE_UNDECIDED, model.undecided())
        .withColumn(KNOWN_SHARE, model.knownShare())
        .withColumn(UNKNOWN, model.unknownNames())
        .withColumn(BEHAVIOUR_EVIDENCE, round(greatest(group, machine), 4))
        .withColumn(
            BOT_EVIDENCE,
            when(
                    engagesLikeAHuman,
                    greatest(col(PROFILE_EVIDENCE), group).multiply(HUMAN_EVIDENCE_KEPT))
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
   * {@link #clusterTable}, collected (k rows) and made a local table again, so that it is computed
   * once and broadcast to the assignment.
   */
  public static Dataset<Row> collectedClusterTable(Dataset<Row> clusteredDF) {
    Dataset<Row> clusters = clusterTable(clusteredDF);
    return clusteredDF.sparkSession().createDataFrame(clusters.collectAsList(), clusters.schema());
  }

  /**
   * Segments followers start to end: profile evidence, clusters from {@code clustering} (fitted on
   * the same population when null), segments. What the segment stage and {@code pasif
   * evaluate-profiles} both run.
   */
  public static Dataset<Row> segment(
      org.apache.spark.ml.PipelineModel clustering,
      id.pasif.config.PasifConfig config,
      ProfileModel model,
      Dataset<Row> featuresDF) {
    Dataset<Row> scored = withBotEvidence(featuresDF, model);
    org.apache.spark.ml.PipelineModel fitted =
        clustering != null ? clustering : SegmentModel.fit(config, scored);
    Dataset<Row> clustered = SegmentModel.withCluster(fitted, scored);
    return assign(clustered, collectedClusterTable(clustered), model);
  }

  /**
   * Assigns segment, confidence, reasons and the insufficient-evidence flag.
   *
   * @param clusteredDF follower features with {@code cluster} and {@link #withBotEvidence}
   * @param clustersDF from {@link #clusterTable}
   */
  public static Dataset<Row> assign(
      Dataset<Row> clusteredDF, Dataset<Row> clustersDF, ProfileModel model) {
    Column judged = col(ENGAGED_RELATIONSHIPS).plus(col(SILENT_RELATIONSHIPS));
    Column engagedShare = coalesce(col(ENGAGED_SHARE), lit(0.0));
    Column evidence = judged.divide(judged.plus(2.0));
    Column score =
        col(BOT_EVIDENCE)
            .multiply(OWN_WEIGHT)
            .plus(col(CLUSTER_BOT_EVIDENCE).multiply(1 - OWN_WEIGHT));
    Column bot = col(BOT_SCORE).geq(BOT_MIN);
    Column active = engagedShare.geq(ACTIVE_MIN);
    Column segment =
        when(bot, lit(Segment.BOT_LIKE.label()))
            .when(active, lit(Segment.ACTIVE.label()))
            .otherwise(lit(Segment.PASSIVE.label()));
    // How far the deciding value is from its threshold, scaled to [0, 1].
    Column botMargin = clamp01(col(BOT_SCORE).minus(BOT_MIN).divide(1 - BOT_MIN));
    Column humanMargin = clamp01(lit(BOT_MIN).minus(col(BOT_SCORE)).divide(BOT_MIN));
    Column shareMargin =
        when(active, clamp01(engagedShare.minus(ACTIVE_MIN).divide(1 - ACTIVE_MIN)))
            .otherwise(clamp01(lit(ACTIVE_MIN).minus(engagedShare).divide(ACTIVE_MIN)));
    // Confidence shrinks with the share of the profile that is unknown.
    Column confidence =
        when(bot, lit(0.5).plus(botMargin.multiply(0.5)))
            .otherwise(
                evidence
                    .multiply(lit(0.5).plus(shareMargin.multiply(0.5)))
                    .multiply(lit(0.5).plus(humanMargin.multiply(0.5))))
            .multiply(col(KNOWN_SHARE));
    // The profile alone could go either way on its unknown fields, and behaviour did not decide.
    Column undecided =
        col(PROFILE_UNDECIDED)
            .and(col(BEHAVIOUR_EVIDENCE).lt(BOT_MIN))
            .or(col(KNOWN_SHARE).lt(MIN_KNOWN_SHARE));
    Column unknown = when(col(UNKNOWN).isNotNull(), concat(lit("unknown="), col(UNKNOWN)));
    // Only the inputs and signals that pushed towards bot-like are named: what decided it.
    Column[] g = groupFollowingSignals(col(PROFILE_EVIDENCE));
    Column[] m = machineInteractionSignals();
    Column botReasons =
        concat_ws(
            "; ",
            format_string(
                "bot_score=%.2f (own %.2f, cluster %.2f)",
                col(BOT_SCORE), col(BOT_EVIDENCE), col(CLUSTER_BOT_EVIDENCE)),
            model.fakeReasons(REASON_MIN_LOG_ODDS),
            fired(g[0], format_string("lockstep_max=%d", col(LOCKSTEP_MAX))),
            fired(g[1], format_string("burst_follow_share=%.2f", col(BURST_FOLLOW_SHARE))),
            fired(g[2], format_string("cohort_lockstep_max=%d", col(COHORT_LOCKSTEP_MAX))),
            fired(
                g[3],
                format_string(
                    "mutual_group=%d (links %.2f, closure %.2f)",
                    col(MUTUAL_PARTNERS), col(MUTUAL_PARTNER_LINKS), col(MUTUAL_GROUP_CLOSURE))),
            fired(
                m[0], format_string("comment_duplicate_share=%.2f", col(COMMENT_DUPLICATE_SHARE))),
            fired(m[1], format_string("clock_regularity=%.2f", col(CLOCK_REGULARITY))),
            fired(m[2], format_string("fast_reaction_share=%.2f", col(FAST_REACTION_SHARE))),
            unknown);
    Column humanReasons =
        concat_ws(
            "; ",
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
                        col(BOT_SCORE))),
            unknown);
    return clusteredDF
        .join(broadcast(clustersDF.select(CLUSTER, CLUSTER_BOT_EVIDENCE)), CLUSTER)
        .withColumn(BOT_SCORE, round(score, 4))
        .select(
            col(FOLLOWER_ID),
            segment.as(SEGMENT),
            round(confidence, 4).as(CONFIDENCE),
            when(bot, botReasons).otherwise(humanReasons).as(REASONS),
            not(bot).and(judged.lt(MIN_JUDGED)).or(undecided).as(IS_INSUFFICIENT_EVIDENCE),
            col(CLUSTER),
            col(PROVINCE),
            col(BOT_SCORE));
  }
}
