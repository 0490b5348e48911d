package id.pasif.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.pasif.segment.Segment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The causes of silence as relationship_causes stores them, in the order their rules are tried. */
@Tag("quick")
class CauseTest {
  @Test
  void storedNamesAreInRuleOrderAndBotLikeIsTheSegmentsName() {
    assertThat(Cause.labels())
        .containsExactly("bot_like", "follow_back", "herd", "content_mismatch", "dormant");
    assertThat(Cause.BOT_LIKE.label()).isEqualTo(Segment.BOT_LIKE.label());
  }

  @Test
  void storedNamesReadBackAndAnUnknownOneFailsClearly() {
    for (Cause c : Cause.values()) {
      assertThat(Cause.fromLabel(c.label())).isSameAs(c);
    }
    assertThatThrownBy(() -> Cause.fromLabel("bought"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown cause 'bought' (known: bot_like, follow_back, herd, content_mismatch,"
                + " dormant)");
  }
}
