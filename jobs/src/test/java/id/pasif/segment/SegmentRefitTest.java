package id.pasif.segment;

import static id.pasif.warehouse.Columns.DT;
import static id.pasif.warehouse.Columns.FOLLOWER_ID;
import static id.pasif.warehouse.Columns.SEGMENT;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import id.pasif.testing.SharedWarehouse;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment stage scores later nights with the saved model and refits on a schedule ({@code
 * pasif.segment.refit.days}) or on drift, and says which (issue 15). The nights are copies of the
 * shared warehouse's follower features under later dates, so the model fitted on its night fits
 * them exactly as well, unless a copy is made to drift.
 */
@ExtendWith(SharedWarehouse.ReadOnly.class)
class SegmentRefitTest {
  static final LocalDate FITTED = LocalDate.parse(SharedWarehouse.DATE);
  static final LocalDate NEXT = FITTED.plusDays(1);

  @TempDir Path tmp;
  String warehouse;
  Warehouse w;

  @BeforeEach
  void copyTheSharedWarehouse() {
    warehouse = SharedWarehouse.get().copy(tmp.resolve("warehouse"));
    w = new Warehouse(SharedSpark.get(), warehouse);
  }

  /** The fitted night's follower features, written again as the features of {@code date}. */
  void sameFeaturesOn(LocalDate date) {
    Dataset<Row> features = w.readDate(Tables.FOLLOWER_FEATURES, FITTED).drop(DT);
    w.replaceDate(Tables.FOLLOWER_FEATURES, date, features.withColumn(DT, lit(date)));
  }

  Cli.Outcome segment(LocalDate date, String... settings) {
    String[] args = {"segment", "--date", date.toString(), "--warehouse", warehouse};
    String[] all = Arrays.copyOf(args, args.length + settings.length);
    System.arraycopy(settings, 0, all, args.length, settings.length);
    Cli.Outcome o = Cli.run(all);
    assertThat(o.exitCode()).as(o.err()).isZero();
    return o;
  }

  List<String> segments(LocalDate date) {
    return w
        .readDate(Tables.FOLLOWER_SEGMENTS, date)
        .select(FOLLOWER_ID, SEGMENT)
        .orderBy(FOLLOWER_ID)
        .collectAsList()
        .stream()
        .map(r -> r.get(0) + "," + r.get(1))
        .toList();
  }

  boolean modelSavedFor(LocalDate date) {
    return Files.isDirectory(Path.of(warehouse, "_models", "segment", "dt=" + date, "stages"));
  }

  LocalDate modelDateIn(LocalDate date) {
    return w
        .readDate(Tables.SEGMENT_CLUSTERS, date)
        .select(col("model_date"))
        .distinct()
        .collectAsList()
        .stream()
        .map(r -> r.getDate(0).toLocalDate())
        .reduce(
            (a, b) -> {
              throw new AssertionError("two model dates in one night: " + a + ", " + b);
            })
        .orElseThrow();
  }

  @Test
  void aLaterNightScoresWithTheSavedModelAndGivesTheSameSegments() {
    sameFeaturesOn(NEXT);
    Cli.Outcome o = segment(NEXT);
    assertThat(o.out()).contains("model of " + FITTED).doesNotContain("model fitted");
    assertThat(modelSavedFor(NEXT)).isFalse();
    assertThat(modelDateIn(NEXT)).isEqualTo(FITTED);
    // the same features scored by the same model: the same segment for every follower
    assertThat(segments(NEXT)).hasSizeGreaterThan(100).containsExactlyElementsOf(segments(FITTED));
  }

  @Test
  void aRefitPeriodOfOneDayFitsEveryNight() {
    sameFeaturesOn(NEXT);
    Cli.Outcome o = segment(NEXT, "--set", "pasif.segment.refit.days=1");
    assertThat(o.out()).contains("model fitted (no model saved in the 1 days before " + NEXT + ")");
    assertThat(modelSavedFor(NEXT)).isTrue();
    assertThat(modelDateIn(NEXT)).isEqualTo(NEXT);
  }

  @Test
  void aNightTheSavedModelNoLongerFitsIsRefittedAndSaysWhy() {
    // every follower of the drifted night looks like one follower of the fitted night: the saved
    // model puts them all in one cluster
    Dataset<Row> features = w.readDate(Tables.FOLLOWER_FEATURES, FITTED).drop(DT);
    Dataset<Row> one = features.orderBy(FOLLOWER_ID).limit(1).drop(FOLLOWER_ID);
    Dataset<Row> drifted =
        features
            .select(FOLLOWER_ID)
            .crossJoin(one)
            .select(Arrays.stream(features.columns()).map(c -> col(c)).toArray(Column[]::new));
    w.replaceDate(Tables.FOLLOWER_FEATURES, NEXT, drifted.withColumn(DT, lit(NEXT)));
    Cli.Outcome o = segment(NEXT);
    assertThat(o.out())
        .contains(
            "model fitted (drift: the model of " + FITTED + " puts every follower in one cluster)");
    assertThat(modelSavedFor(NEXT)).isTrue();
    assertThat(modelDateIn(NEXT)).isEqualTo(NEXT);
  }
}
