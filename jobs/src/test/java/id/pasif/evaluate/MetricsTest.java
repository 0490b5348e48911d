package id.pasif.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("quick")
class MetricsTest {
  @Test
  void scoresFromAHandWorkedConfusionMatrix() {
    // true \ predicted: active passive bot_like
    // active:   8 2 0 ; passive: 1 6 1 ; bot_like: 0 1 4 ; human: 3 0 1
    Metrics.Confusion c =
        Metrics.Confusion.of(
            Map.of(
                "active", Map.of("active", 8L, "passive", 2L),
                "passive", Map.of("active", 1L, "passive", 6L, "bot_like", 1L),
                "bot_like", Map.of("passive", 1L, "bot_like", 4L),
                "human", Map.of("active", 3L, "bot_like", 1L)));
    List<Metrics.Score> s = Metrics.scores(c);

    // active: tp 8, fp 1 (passive->active; human rows do not count), fn 2
    assertThat(s.get(0).precision()).isCloseTo(8 / 9.0, within(1e-9));
    assertThat(s.get(0).recall()).isCloseTo(8 / 10.0, within(1e-9));
    assertThat(s.get(0).f1()).isCloseTo(2 * (8 / 9.0) * 0.8 / (8 / 9.0 + 0.8), within(1e-9));
    // passive: tp 6, fp 2 + 1, fn 2
    assertThat(s.get(1).precision()).isCloseTo(6 / 9.0, within(1e-9));
    assertThat(s.get(1).recall()).isCloseTo(6 / 8.0, within(1e-9));
    // bot_like: tp 4, fp 1 (passive) + 1 (human), fn 1
    assertThat(s.get(2).precision()).isCloseTo(4 / 6.0, within(1e-9));
    assertThat(s.get(2).recall()).isCloseTo(4 / 5.0, within(1e-9));
    assertThat(s.get(2).support()).isEqualTo(5);
    // human: tp 8+2+1+6+3 = 20, fn 1 + 1 = 2, fp 1 (bot predicted passive)
    assertThat(s.get(3).precision()).isCloseTo(20 / 21.0, within(1e-9));
    assertThat(s.get(3).recall()).isCloseTo(20 / 22.0, within(1e-9));
    assertThat(c.total()).isEqualTo(8 + 2 + 1 + 6 + 1 + 1 + 4 + 3 + 1);
  }

  @Test
  void emptyClassesScoreZeroNotNaN() {
    Metrics.Confusion c = Metrics.Confusion.of(Map.of("active", Map.of("active", 3L)));
    Metrics.Score bot = Metrics.scores(c).get(2);
    assertThat(bot.precision()).isZero();
    assertThat(bot.recall()).isZero();
    assertThat(bot.f1()).isZero();
  }
}
