package id.pasif.report;

import static id.pasif.warehouse.Columns.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Province summary on hand-made followers with k = 3; every expected value worked out by hand. */
@Tag("quick")
class ProvinceSummaryTest {
  static SparkSession spark;
  static Map<String, Row> byProvince = new HashMap<>();

  static final StructType SEGMENTS =
      new StructType()
          .add(FOLLOWER_ID, DataTypes.LongType, false)
          .add(SEGMENT, DataTypes.StringType, false)
          .add(PROVINCE, DataTypes.StringType, true);
  static final StructType FEATURES =
      new StructType()
          .add(FOLLOWER_ID, DataTypes.LongType, false)
          .add(ENGAGED_SHARE, DataTypes.DoubleType, true);

  static long nextId = 1;
  static final List<Row> segments = new ArrayList<>();
  static final List<Row> features = new ArrayList<>();

  static void add(String province, String segment, Double engagedShare, int times) {
    for (int i = 0; i < times; i++) {
      long id = nextId++;
      segments.add(RowFactory.create(id, segment, province));
      features.add(RowFactory.create(id, engagedShare));
    }
  }

  @BeforeAll
  static void compute() {
    spark = SharedSpark.get();
    // A: 5 users, active 3, passive 1, bot 1; engaged shares 0.1 0.2 0.5 0.9 and one null.
    add("A", "active", 0.1, 1);
    add("A", "active", 0.2, 1);
    add("A", "active", 0.5, 1);
    add("A", "passive", 0.9, 1);
    add("A", "bot_like", null, 1);
    // B: 8 users, active 4, passive 3, bot 1.
    add("B", "active", 0.5, 4);
    add("B", "passive", 0.5, 3);
    add("B", "bot_like", 0.5, 1);
    // C: 2 users.
    add("C", "passive", 0.0, 2);
    // no province: 2 with null, 1 with blank -> unknown, all passive.
    add(null, "passive", 0.0, 2);
    add(" ", "passive", 0.0, 1);
    // D: 3 of each.
    add("D", "active", 1.0, 3);
    add("D", "passive", 0.0, 3);
    add("D", "bot_like", 0.0, 3);
    Dataset<Row> out =
        ProvinceSummary.provinceSummary(
            spark.createDataFrame(segments, SEGMENTS),
            spark.createDataFrame(features, FEATURES),
            3);
    for (Row r : out.collectAsList()) { // bounded: five provinces
      byProvince.put(r.getAs(PROVINCE), r);
    }
  }

  static Object cell(String province, String column) {
    return byProvince.get(province).getAs(column);
  }

  @Test
  void oneRowPerProvinceWithMissingProvincesAsUnknown() {
    assertThat(byProvince.keySet()).containsExactlyInAnyOrder("A", "B", "C", "D", "unknown");
  }

  @Test
  void nothingSuppressedWhenEveryCellReachesK() {
    assertThat(cell("D", USERS)).isEqualTo(9L);
    assertThat(cell("D", ACTIVE_FOLLOWERS)).isEqualTo(3L);
    assertThat(cell("D", PASSIVE_FOLLOWERS)).isEqualTo(3L);
    assertThat(cell("D", BOT_LIKE_FOLLOWERS)).isEqualTo(3L);
    assertThat(cell("D", PASSIVE_SHARE)).isEqualTo(0.333333);
    assertThat(cell("D", BOT_LIKE_SHARE)).isEqualTo(0.333333);
    assertThat(cell("D", MEDIAN_ENGAGED_SHARE)).isEqualTo(0.0);
    assertThat(cell("D", IS_SUPPRESSED)).isEqualTo(false);
  }

  @Test
  void twoSmallCellsAreNulledAndTheMedianSkipsMissingShares() {
    assertThat(cell("A", USERS)).isEqualTo(5L);
    assertThat(cell("A", ACTIVE_FOLLOWERS)).isEqualTo(3L);
    assertThat(cell("A", PASSIVE_FOLLOWERS)).isNull();
    assertThat(cell("A", BOT_LIKE_FOLLOWERS)).isNull();
    assertThat(cell("A", PASSIVE_SHARE)).isNull();
    assertThat(cell("A", BOT_LIKE_SHARE)).isNull();
    // median of 0.1, 0.2, 0.5, 0.9 (the null left out) = (0.2 + 0.5) / 2
    assertThat(cell("A", MEDIAN_ENGAGED_SHARE)).isEqualTo(0.35);
    assertThat(cell("A", IS_SUPPRESSED)).isEqualTo(true);
  }

  @Test
  void aSingleSmallCellTakesTheNextSmallestWithItSoSubtractionRevealsNothing() {
    assertThat(cell("B", USERS)).isEqualTo(8L);
    assertThat(cell("B", ACTIVE_FOLLOWERS)).isEqualTo(4L);
    assertThat(cell("B", PASSIVE_FOLLOWERS)).as("secondary suppression").isNull();
    assertThat(cell("B", BOT_LIKE_FOLLOWERS)).isNull();
    assertThat(cell("B", PASSIVE_SHARE)).isNull();
    assertThat(cell("B", IS_SUPPRESSED)).isEqualTo(true);
  }

  @Test
  void aProvinceBelowKIsNulledEntirely() {
    for (String c :
        List.of(
            USERS,
            ACTIVE_FOLLOWERS,
            PASSIVE_FOLLOWERS,
            BOT_LIKE_FOLLOWERS,
            PASSIVE_SHARE,
            BOT_LIKE_SHARE,
            MEDIAN_ENGAGED_SHARE)) {
      assertThat(cell("C", c)).as(c).isNull();
    }
    assertThat(cell("C", IS_SUPPRESSED)).isEqualTo(true);
  }

  @Test
  void zeroCountsAreSuppressedLikeSmallOnes() {
    assertThat(cell("unknown", USERS)).isEqualTo(3L);
    assertThat(cell("unknown", PASSIVE_FOLLOWERS)).isEqualTo(3L);
    assertThat(cell("unknown", PASSIVE_SHARE)).isEqualTo(1.0);
    assertThat(cell("unknown", ACTIVE_FOLLOWERS)).isNull();
    assertThat(cell("unknown", BOT_LIKE_FOLLOWERS)).isNull();
    assertThat(cell("unknown", BOT_LIKE_SHARE)).isNull();
  }
}
