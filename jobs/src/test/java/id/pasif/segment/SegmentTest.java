package id.pasif.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The segment names as tables store them, and a clear failure on a name that is none of them. */
@Tag("quick")
class SegmentTest {
  @Test
  void storedNamesAreTheTablesNamesInOrder() {
    assertThat(Segment.labels()).containsExactly("active", "passive", "bot_like");
    assertThat(Segment.BOT_LIKE.label()).isEqualTo("bot_like");
    assertThat(Segment.BOT_LIKE).hasToString("bot_like");
  }

  @Test
  void everyStoredNameReadsBackAsItsSegment() {
    for (Segment s : Segment.values()) {
      assertThat(Segment.fromLabel(s.label())).isSameAs(s);
    }
  }

  @Test
  void anUnknownNameFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> Segment.fromLabel("bot-like"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown segment 'bot-like' (known: active, passive, bot_like)");
    assertThatThrownBy(() -> Segment.fromLabel(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown segment 'null'");
  }
}
