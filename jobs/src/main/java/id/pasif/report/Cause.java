package id.pasif.report;

import id.pasif.segment.Segment;
import java.util.Arrays;
import java.util.List;

/**
 * The causes of a silent relationship, as stored in {@code relationship_causes.cause}: the one home
 * of their names, declared in the order {@link Causes} tries their rules (the first that holds
 * wins).
 */
public enum Cause {
  /** The follower is bot-like: the cause bears the segment's name. */
  BOT_LIKE(Segment.BOT_LIKE.label()),
  /** A heavy follower who follows for the follow-back. */
  FOLLOW_BACK("follow_back"),
  /** Followed on a growth-spike day of the account. */
  HERD("herd"),
  /** Engages elsewhere, not with this account. */
  CONTENT_MISMATCH("content_mismatch"),
  /** Silent everywhere. */
  DORMANT("dormant");

  private final String label;

  Cause(String label) {
    this.label = label;
  }

  /** The name as stored in tables, files and reports, e.g. {@code follow_back}. */
  public String label() {
    return label;
  }

  /** The stored names of all causes, in rule order. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Cause::label).toList();
  }

  /**
   * The cause stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the known causes when {@code label} is none of them
   */
  public static Cause fromLabel(String label) {
    for (Cause c : values()) {
      if (c.label.equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown cause '" + label + "' (known: " + String.join(", ", labels()) + ")");
  }

  @Override
  public String toString() {
    return label;
  }
}
