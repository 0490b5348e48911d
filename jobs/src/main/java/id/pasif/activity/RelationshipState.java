package id.pasif.activity;

import java.util.Arrays;
import java.util.List;

/**
 * The states of a (follower, account) relationship, as stored in {@code relationships.state}: the
 * one home of their names. {@link Activity#relationships} holds the rule that chooses one.
 */
public enum RelationshipState {
  /** The follower interacted with the account in the window. */
  ENGAGED("engaged"),
  /** No interaction, though it was exposed to enough of the account's posts to judge. */
  SILENT("silent"),
  /** No interaction and too few exposed posts to judge. */
  NOT_JUDGED("not_judged");

  private final String label;

  RelationshipState(String label) {
    this.label = label;
  }

  /** The name as stored in tables, e.g. {@code not_judged}. */
  public String label() {
    return label;
  }

  /** The stored names of all states, in declaration order (engaged, silent, not_judged). */
  public static List<String> labels() {
    return Arrays.stream(values()).map(RelationshipState::label).toList();
  }

  /**
   * The state stored as {@code label}.
   *
   * @throws IllegalArgumentException naming the known states when {@code label} is none of them
   */
  public static RelationshipState fromLabel(String label) {
    for (RelationshipState s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown relationship state '" + label + "' (known: " + String.join(", ", labels()) + ")");
  }

  @Override
  public String toString() {
    return label;
  }
}
