package id.pasif.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The two-sample Kolmogorov–Smirnov distance on samples whose CDFs are worked out by hand. */
@Tag("quick")
class ProfileComparisonTest {
  @Test
  void identicalSamplesAreAtDistanceZeroAndDisjointOnesAtOne() {
    assertThat(ProfileComparison.ks(new double[] {1, 2, 3}, new double[] {1, 2, 3})).isZero();
    assertThat(ProfileComparison.ks(new double[] {1, 2}, new double[] {5, 6, 7})).isEqualTo(1.0);
  }

  @Test
  void theDistanceIsTheLargestGapBetweenTheTwoStepFunctions() {
    // a = {1, 2, 3, 4}, b = {3, 4}: at x = 2, F_a = 0.5 and F_b = 0; elsewhere the gap is smaller
    assertThat(ProfileComparison.ks(new double[] {1, 2, 3, 4}, new double[] {3, 4}))
        .isCloseTo(0.5, within(1e-12));
    // ties: a = {0, 0, 1}, b = {0, 1, 1}: at x = 0, 2/3 vs 1/3
    assertThat(ProfileComparison.ks(new double[] {0, 0, 1}, new double[] {0, 1, 1}))
        .isCloseTo(1 / 3.0, within(1e-12));
  }

  @Test
  void theMedianOfAnEvenSampleIsTheMeanOfTheMiddleTwo() {
    assertThat(ProfileComparison.median(new double[] {1, 2, 10, 20})).isEqualTo(6.0);
    assertThat(ProfileComparison.median(new double[] {1, 2, 10})).isEqualTo(2.0);
  }
}
