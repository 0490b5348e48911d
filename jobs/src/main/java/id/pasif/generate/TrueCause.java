package id.pasif.generate;

import id.pasif.report.Cause;
import id.pasif.segment.Segment;
import java.util.Arrays;
import java.util.List;

/**
 * The causes the generator gives its passive and bot-like users, as written to {@code
 * truth/users.csv} and to the profiles' true_cause: the one home of their names. A passive cause is
 * a {@link Cause} of silence and bears its name; the bot-like ones say how the bot was made.
 *
 * <p>The order of each segment's causes is the order of its shares ({@link
 * Populations#PASSIVE_CAUSES}, {@link Populations#BOT_CAUSES}) and of the generator's draws: do not
 * reorder.
 */
enum TrueCause {
  DORMANT(Segment.PASSIVE, Cause.DORMANT.label()),
  CONTENT_MISMATCH(Segment.PASSIVE, Cause.CONTENT_MISMATCH.label()),
  FOLLOW_BACK(Segment.PASSIVE, Cause.FOLLOW_BACK.label()),
  HERD(Segment.PASSIVE, Cause.HERD.label()),
  BOUGHT(Segment.BOT_LIKE, "bought"),
  AUTOMATED(Segment.BOT_LIKE, "automated"),
  ENGAGEMENT_POD(Segment.BOT_LIKE, "engagement_pod");

  private final Segment segment;
  private final String label;

  TrueCause(Segment segment, String label) {
    this.segment = segment;
    this.label = label;
  }

  /** The segment of the users given this cause. */
  Segment segment() {
    return segment;
  }

  /** The name as written to the truth files and profiles, e.g. {@code engagement_pod}. */
  String label() {
    return label;
  }

  /** The causes of {@code segment}'s users in draw order (none for active). */
  static List<TrueCause> of(Segment segment) {
    return Arrays.stream(values()).filter(c -> c.segment == segment).toList();
  }

  /**
   * The cause written as {@code label}.
   *
   * @throws IllegalArgumentException naming the known causes when {@code label} is none of them
   */
  static TrueCause fromLabel(String label) {
    for (TrueCause c : values()) {
      if (c.label.equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown true cause '"
            + label
            + "' (known: "
            + String.join(", ", Arrays.stream(values()).map(TrueCause::label).toList())
            + ")");
  }

  @Override
  public String toString() {
    return label;
  }
}
