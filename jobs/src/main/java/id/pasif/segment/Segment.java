package id.pasif.segment;

import java.util.Arrays;
import java.util.List;

/**
 * The segments a follower is put in, as stored in {@code follower_segments.segment}: the one home
 * of their names. {@link ClusterMapping} holds the rules that choose one.
 */
public enum Segment {
  /** A human who engages with at least {@link ClusterMapping#ACTIVE_MIN} of what it follows. */
  ACTIVE("active"),
  /** A human who mostly stays silent. */
  PASSIVE("passive"),
  /** A follower whose bot score reached {@link ClusterMapping#BOT_MIN}. */
  BOT_LIKE("bot_like");

  private final String label;

  Segment(String label) {
    this.label = label;
  }

  /** The name as stored in tables, files and reports, e.g. {@code bot_like}. */
  public String label() {
    return label;
  }

  /** The stored names of all segments, in declaration order (active, passive, bot_like). */
  public static List<String> labels() {
    return Arrays.stream(values()).map(Segment::label).toList();
  }

  /**
   * The segment stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the known segments when {@code label} is none of them
   */
  public static Segment fromLabel(String label) {
    for (Segment s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown segment '" + label + "' (known: " + String.join(", ", labels()) + ")");
  }

  @Override
  public String toString() {
    return label;
  }
}
