package id.pasif.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The summary's layout, from hand-made lines (no Spark); the numbers are checked end to end. */
@Tag("quick")
class AudienceSummaryTest {
  static final LocalDate D = LocalDate.parse("2026-11-24");

  @Test
  void countsAreAlignedAndEachShareIsCountOverFollowersInPercent() {
    String text =
        AudienceSummary.render(
            D,
            List.of(new AudienceSummary.Line("42", 1234, 500, 600, 134)),
            new AudienceSummary.Line("all 2 accounts", 1240, 501, 600, 139),
            2);
    // 500 / 1234 = 40.52 %, 600 / 1234 = 48.62 %, 134 / 1234 = 10.86 %;
    // 501 / 1240 = 40.40 %, 600 / 1240 = 48.39 %, 139 / 1240 = 11.21 %
    assertThat(text)
        .isEqualTo(
            "pasif 2026-11-24: followers by segment, the 1 of 2 accounts with the most followers\n"
                + "account         followers  active     %  passive     %  bot-like     %\n"
                + "42                  1,234     500 40.5%      600 48.6%       134 10.9%\n"
                + "all 2 accounts      1,240     501 40.4%      600 48.4%       139 11.2%\n");
  }

  @Test
  void noShareOfNoFollowersAndAWordWhenThereIsNoAccount() {
    assertThat(AudienceSummary.share(0, 0)).isEqualTo("-");
    assertThat(AudienceSummary.share(1, 3)).isEqualTo("33.3%");
    assertThat(
            AudienceSummary.render(
                D, List.of(), new AudienceSummary.Line("all 0 accounts", 0, 0, 0, 0), 0))
        .isEqualTo("pasif 2026-11-24: no followed accounts\n");
  }
}
