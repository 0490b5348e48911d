package id.pasif.segment;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import id.pasif.evaluate.LabelledProfiles;
import id.pasif.evaluate.ProfileEvaluation;
import id.pasif.testing.Cli;
import id.pasif.testing.SharedSpark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The shipped profile model against the only outside truth we have: 696 real Instagram accounts
 * labelled fake or genuine ({@code ../shared/calibration}, the publisher's train/test split). The
 * model was fitted on the train split only; every figure here is on the test split.
 */
@Tag("quick")
class ProfileModelTest {
  static Path calibration;
  static Dataset<Row> features;
  static PasifConfig config;

  static Path findCalibration() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path f = p.resolve("shared/calibration/labelled-profiles.csv");
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    throw new IllegalStateException("shared/calibration/labelled-profiles.csv not found above cwd");
  }

  @BeforeAll
  static void read() {
    SparkSession spark = SharedSpark.get();
    calibration = findCalibration();
    features =
        ProfileEvaluation.features(LabelledProfiles.read(spark, calibration.toString())).cache();
    config = ConfigLoader.load(List.of(), Map.of(), SharedSpark.TEST_SETTINGS);
  }

  @Test
  void theShippedModelIsWhatTheTrainingCommandMakesFromTheTrainSplit() throws Exception {
    ProfileModel shipped = ProfileModel.shipped();
    byte[] digest;
    try (InputStream in = Files.newInputStream(calibration)) {
      digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
    }
    assertThat(shipped.training().get("data_sha256")).isEqualTo(HexFormat.of().formatHex(digest));
    assertThat(shipped.training().get("split")).isEqualTo("train");
    ProfileModel refit =
        ProfileModelTrainer.fit(ProfileEvaluation.split(features, "train"), "refit", Map.of());
    assertThat(refit.threshold()).isEqualTo(shipped.threshold());
    assertThat(refit.intercept()).isCloseTo(shipped.intercept(), within(1e-3));
    for (int i = 0; i < shipped.features().size(); i++) {
      assertThat(refit.features().get(i).coefficient())
          .as(shipped.features().get(i).name())
          .isCloseTo(shipped.features().get(i).coefficient(), within(1e-3));
    }
  }

  @Test
  void onTheCalibrationTestSplitBotLikeReachesTheIssueTargets() {
    ProfileEvaluation.Result r =
        ProfileEvaluation.metrics(
            ProfileEvaluation.score(
                config, ProfileModel.shipped(), ProfileEvaluation.split(features, "test")),
            0.1,
            "test");
    assertThat(r.rows()).isEqualTo(120);
    assertThat(r.tp() + r.fn()).isEqualTo(60);
    assertThat(r.f1()).isGreaterThanOrEqualTo(0.90);
    assertThat(r.auc()).isGreaterThanOrEqualTo(0.95);
    assertThat(r.precisionAtPrevalence()).isGreaterThanOrEqualTo(0.75);
  }

  /**
   * Each model input made unknown in turn for every test profile: a fake that was bot-like stays
   * bot-like or is flagged is_insufficient_evidence; never a confident human.
   */
  @Test
  void aMissingFieldNeverTurnsAFakeIntoAHumanOnItsOwn() {
    ProfileModel model = ProfileModel.shipped();
    Dataset<Row> test = ProfileEvaluation.split(features, "test");
    Set<Long> caught = new HashSet<>();
    for (ProfileEvaluation.Scored s : ProfileEvaluation.score(config, model, test)) {
      if (s.fake() && s.botLike()) {
        caught.add(s.userId());
      }
    }
    assertThat(caught).hasSizeGreaterThan(40);
    for (ProfileModel.Feature f : model.features()) {
      Dataset<Row> blanked =
          test.withColumn(f.column(), lit(null).cast(test.schema().apply(f.column()).dataType()));
      for (Row r :
          ClusterMapping.segment(null, config, model, blanked)
              .select(FOLLOWER_ID, SEGMENT, IS_INSUFFICIENT_EVIDENCE, REASONS)
              .collectAsList()) {
        if (caught.contains(r.getLong(0))) {
          assertThat(r.getString(1).equals(Segment.BOT_LIKE.label()) || r.getBoolean(2))
              .as(f.column() + " unknown for fake " + r.getLong(0) + ": " + r.getString(3))
              .isTrue();
          assertThat(r.getString(3)).contains("unknown=" + f.column());
        }
      }
    }
  }

  @Test
  void aProfileWithNothingKnownIsInsufficientEvidenceNotHuman() {
    ProfileModel model = ProfileModel.shipped();
    Dataset<Row> test = ProfileEvaluation.split(features, "test");
    Dataset<Row> blank = test;
    for (ProfileModel.Feature f : model.features()) {
      blank =
          blank.withColumn(f.column(), lit(null).cast(test.schema().apply(f.column()).dataType()));
    }
    List<Row> rows =
        ClusterMapping.segment(null, config, model, blank)
            .select(col(IS_INSUFFICIENT_EVIDENCE), col(CONFIDENCE))
            .collectAsList();
    assertThat(rows).hasSize(120);
    for (Row r : rows) {
      assertThat(r.getBoolean(0)).isTrue();
      assertThat(r.getDouble(1)).isEqualTo(0.0);
    }
  }

  /** The command a researcher runs: no warehouse needed, the same figures as the code path. */
  @Test
  void evaluateProfilesRunsWithoutAWarehouseAndPrintsTheTestSplitFigures() {
    Cli.Outcome o =
        Cli.runOk(
            "evaluate-profiles", "--labelled", calibration.toString(), "--split", "test", "--json");
    assertThat(o.out()).contains("\"rows\":120", "\"fakes\":60");
    int at = o.out().indexOf("\"f1\":") + 5;
    assertThat(Double.parseDouble(o.out().substring(at, o.out().indexOf(',', at))))
        .isGreaterThanOrEqualTo(0.90);
  }
}
