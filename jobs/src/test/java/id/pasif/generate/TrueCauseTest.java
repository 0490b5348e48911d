package id.pasif.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.pasif.report.Cause;
import id.pasif.segment.Segment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The generator's true causes: each segment's causes in the order of their shares, and a passive
 * cause named as the cause of silence the report finds for it.
 */
@Tag("quick")
class TrueCauseTest {
  @Test
  void eachSegmentsCausesAreInTheOrderOfTheirShares() {
    assertThat(TrueCause.of(Segment.PASSIVE).stream().map(TrueCause::label))
        .containsExactly("dormant", "content_mismatch", "follow_back", "herd");
    assertThat(TrueCause.of(Segment.BOT_LIKE).stream().map(TrueCause::label))
        .containsExactly("bought", "automated", "engagement_pod");
    assertThat(TrueCause.of(Segment.ACTIVE)).isEmpty();
    assertThat(TrueCause.of(Segment.PASSIVE)).hasSize(Populations.PASSIVE_CAUSES.length);
    assertThat(TrueCause.of(Segment.BOT_LIKE)).hasSize(Populations.BOT_CAUSES.length);
  }

  @Test
  void passiveCausesAreCausesOfSilenceAndUnknownNamesFail() {
    for (TrueCause c : TrueCause.of(Segment.PASSIVE)) {
      assertThat(Cause.fromLabel(c.label()).label()).isEqualTo(c.label());
    }
    for (TrueCause c : TrueCause.values()) {
      assertThat(TrueCause.fromLabel(c.label())).isSameAs(c);
    }
    assertThatThrownBy(() -> TrueCause.fromLabel("bot_like"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown true cause 'bot_like' (known: dormant,");
  }
}
