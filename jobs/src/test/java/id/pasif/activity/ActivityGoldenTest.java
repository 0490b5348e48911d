package id.pasif.activity;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.testing.Bronze;
import id.pasif.testing.ProductionCodegen;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.Schemas;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The golden dataset of the activity stage: input CSVs and expected tables under {@code
 * src/test/resources/golden/activity/}. The expected files were checked by hand against the
 * derivations in {@code golden/activity/README.md}. With {@code PASIF_REGENERATE_GOLDEN=1} the test
 * rewrites them from the current code instead of comparing (then check the diff by hand).
 *
 * <p>Run date 2026-11-24, 7-day window in WIB: [2026-11-17T17:00Z, 2026-11-24T17:00Z), minimum
 * exposure 2.
 */
@Tag("quick")
@ExtendWith(ProductionCodegen.class)
class ActivityGoldenTest {
  static final Window W = Window.of(LocalDate.parse("2026-11-24"), 7, ZoneId.of("Asia/Jakarta"));
  static final int MIN_EXPOSURE = 2;
  static final String ROOT = "golden/activity/";
  static final boolean REGENERATE = "1".equals(System.getenv("PASIF_REGENERATE_GOLDEN"));

  static SparkSession spark;
  static Outputs golden;

  @BeforeAll
  static void compute() {
    spark = SharedSpark.get();
    golden = compute(UnaryOperator.identity());
  }

  /** The three tables of the stage, computed from the four inputs. */
  record Outputs(Dataset<Row> relationships, Dataset<Row> features, Dataset<Row> accountDays) {}

  static Dataset<Row> input(DumpDataset d) {
    return spark
        .read()
        .option("header", "true")
        .schema(Schemas.allNullable(d.schema()))
        .csv(resource(ROOT + "input/" + d.tableName() + ".csv").toString());
  }

  static Outputs compute(UnaryOperator<Dataset<Row>> shuffleInput) {
    Dataset<Row> follows = shuffleInput.apply(input(DumpDataset.FOLLOWS));
    // the delivery as ingest leaves it in bronze: each event id once
    Dataset<Row> interactions =
        Bronze.ingested(
            shuffleInput.apply(input(DumpDataset.INTERACTIONS)), DumpDataset.INTERACTIONS);
    Dataset<Row> posts = shuffleInput.apply(input(DumpDataset.POSTS));
    Dataset<Row> profiles = shuffleInput.apply(input(DumpDataset.PROFILES));
    Dataset<Row> events = Activity.windowEvents(interactions, W);
    Dataset<Row> windowFollows = Activity.windowFollows(follows, W);
    Dataset<Row> relationships =
        Activity.relationships(
            Activity.standingFollows(follows, W),
            Activity.pairActivity(events),
            Activity.postTimes(posts, W),
            MIN_EXPOSURE);
    return new Outputs(
        relationships,
        Activity.followerFeatures(relationships, events, windowFollows, profiles, W),
        Activity.accountDays(posts, windowFollows, profiles, W));
  }

  /** A table as CSV lines (header first, then rows sorted): exact, duplicates kept. */
  static List<String> lines(Dataset<Row> df) {
    List<String> rows = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        cells.add(cell(r.get(i)));
      }
      rows.add(String.join(",", cells));
    }
    rows.sort(null);
    List<String> out = new ArrayList<>();
    out.add(String.join(",", df.columns()));
    out.addAll(rows);
    return out;
  }

  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof Date d) {
      return d.toLocalDate().toString();
    }
    return v.toString();
  }

  static void check(String table, Dataset<Row> actual) throws IOException {
    List<String> got = lines(actual);
    Path source = Paths.get("src/test/resources", ROOT, "expected", table + ".csv");
    if (REGENERATE) {
      Files.createDirectories(source.getParent());
      Files.write(source, got, StandardCharsets.UTF_8);
      return;
    }
    List<String> expected =
        Files.readAllLines(resource(ROOT + "expected/" + table + ".csv"), StandardCharsets.UTF_8);
    assertThat(got).as(table + " (header, then sorted rows)").containsExactlyElementsOf(expected);
  }

  static Path resource(String name) {
    try {
      return Paths.get(ActivityGoldenTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  @Test
  void relationshipsMatchTheGoldenFile() throws IOException {
    check("relationships", golden.relationships());
  }

  @Test
  void followerFeaturesMatchTheGoldenFile() throws IOException {
    check("follower_features", golden.features());
  }

  @Test
  void accountDaysMatchTheGoldenFile() throws IOException {
    check("account_day", golden.accountDays());
  }

  @Test
  void sameInputGivesIdenticalOutputWhateverItsPartitioning() {
    Outputs once = golden;
    Outputs again = compute(df -> df.repartition(3).sortWithinPartitions(df.columns()[0]));
    for (String table : List.of("relationships", "features", "accountDays")) {
      List<String> a = lines(pick(once, table));
      List<String> b = lines(pick(again, table));
      assertThat(b).as(table).hasSizeGreaterThan(1).containsExactlyElementsOf(a);
    }
  }

  static Dataset<Row> pick(Outputs o, String table) {
    return switch (table) {
      case "relationships" -> o.relationships();
      case "features" -> o.features();
      default -> o.accountDays();
    };
  }

  @Test
  void goldenInputsCoverTheCasesTheIssueNames() throws IOException {
    // guards the dataset itself: each case must stay in the inputs
    String follows = String.join("\n", Files.readAllLines(resource(ROOT + "input/follows.csv")));
    String events =
        String.join("\n", Files.readAllLines(resource(ROOT + "input/interactions.csv")));
    assertThat(follows).contains("12,1,2026-11-01T00:00:00Z,2026-11-20T00:00:00Z"); // unfollow
    assertThat(events).contains("e1,10,1,101").contains("e4,1,1,101"); // dup id source, self
    assertThat(Arrays.stream(events.split("\n")).filter(l -> l.startsWith("e1,")).count())
        .isEqualTo(2);
    assertThat(events).contains("2026-11-17T16:59:59Z").contains("2026-11-24T17:00:00Z"); // edges
  }
}
