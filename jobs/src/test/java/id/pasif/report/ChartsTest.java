package id.pasif.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

/** The charts' shared style: colours that mean a segment, human labels, rounded ticks, SVG. */
@Tag("quick")
class ChartsTest {
  @Test
  void tickLabelsAreRoundedAndGrouped() {
    // the notebooks' axes used to print 41.562644475265834
    assertThat(Charts.tick(41.562644475265834)).isEqualTo("41.6");
    assertThat(Charts.tick(1200.0)).isEqualTo("1,200");
    assertThat(Charts.tick(3.0)).isEqualTo("3");
    assertThat(Charts.tick(-0.0000000001)).isEqualTo("0");
    assertThat(Charts.tick(null)).isEmpty();
  }

  @Test
  void segmentsAndCausesHaveHumanLabelsAndOneColourEach() {
    assertThat(Charts.label("bot_like")).isEqualTo("bot-like");
    assertThat(Charts.label(Cause.CONTENT_MISMATCH.label())).isEqualTo("engages elsewhere");
    assertThat(Charts.label("cause_dormant_share")).isEqualTo("cause dormant share");
    assertThat(Charts.colour("active")).isEqualTo(Charts.ACTIVE);
    assertThat(Charts.colour("passive")).isEqualTo(Charts.PASSIVE);
    assertThat(Charts.colour(Cause.BOT_LIKE.label())).isEqualTo(Charts.BOT_LIKE);
    assertThat(
            List.of(
                    "active",
                    "passive",
                    "bot_like",
                    Cause.FOLLOW_BACK.label(),
                    Cause.HERD.label(),
                    Cause.CONTENT_MISMATCH.label(),
                    Cause.DORMANT.label())
                .stream()
                .map(Charts::colour)
                .distinct())
        .as("every segment and cause has its own colour")
        .hasSize(7);
    assertThat(Charts.hex(Charts.ACTIVE)).isEqualTo("#2e7d32");
  }

  @Test
  void segmentBarsAreInlineResponsiveSvgInTheSegmentsColours() {
    CategoryChart chart = Charts.bars(800, 300, "Followers by segment", "segment", "followers");
    Charts.colouredBars(chart, List.of("active", "passive", "bot_like"), List.of(120L, 80L, 4L));
    String svg = Charts.svg(chart, "Followers by segment: active 120");
    assertThat(svg)
        .startsWith(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 300\" width=\"100%\"")
        .contains("<title>Followers by segment: active 120</title>")
        .doesNotContain("<?xml")
        .doesNotContain("800px")
        .endsWith("</svg>\n");
    // VectorGraphics2D writes fills as rgb(r,g,b): each segment's bar is in its colour
    assertThat(svg)
        .contains("fill:rgb(46,125,50)")
        .contains("fill:rgb(230,159,0)")
        .contains("fill:rgb(198,40,40)");
    // coordinates rounded to a tenth: no long decimals left
    assertThat(svg).doesNotContainPattern("\\d\\.\\d{2,}");
    // clip paths renamed per chart, and every reference follows the renamed id
    assertThat(svg).doesNotContain("id=\"clip").doesNotContain("url(#clip");
  }
}
