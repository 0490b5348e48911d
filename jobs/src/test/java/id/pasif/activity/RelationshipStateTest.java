package id.pasif.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The relationship states as relationships.state stores them. */
@Tag("quick")
class RelationshipStateTest {
  @Test
  void storedNamesReadBackAndAnUnknownOneFailsClearly() {
    assertThat(RelationshipState.labels()).containsExactly("engaged", "silent", "not_judged");
    for (RelationshipState s : RelationshipState.values()) {
      assertThat(RelationshipState.fromLabel(s.label())).isSameAs(s);
    }
    assertThatThrownBy(() -> RelationshipState.fromLabel("Silent"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown relationship state 'Silent' (known: engaged, silent, not_judged)");
  }
}
