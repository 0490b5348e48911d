package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.testing.Cli;
import id.pasif.testing.DumpFiles;
import id.pasif.testing.ProductionCodegen;
import id.pasif.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pasif generate --deliveries N}: the dumps of N consecutive dates cut from one simulated
 * world, compared with a single generation of that world ({@code --days W + N − 1}).
 */
@ExtendWith(ProductionCodegen.class)
class GeneratorDeliveriesTest {
  static final LocalDate LAST = LocalDate.of(2026, 11, 24);
  static final int WINDOW = 4;
  static final int N = 3;

  /** Asia/Jakarta, the default day zone: UTC+7 all year. */
  static final long ZONE_SECONDS = 7 * 3600;

  @TempDir Path tmp;

  static void generate(Path out, String days, String... extra) {
    String[] base = {
      "generate",
      "--out",
      out.toString(),
      "--date",
      LAST.toString(),
      "--users",
      "400",
      "--days",
      days,
      "--seed",
      "5"
    };
    String[] all = Stream.of(base, extra).flatMap(Stream::of).toArray(String[]::new);
    Cli.Outcome o = Cli.run(all);
    assertThat(o.exitCode()).as(o.err()).isZero();
  }

  static Dataset<Row> read(Path root, DumpDataset dataset, LocalDate date) {
    return SharedSpark.get()
        .read()
        .schema(dataset.schema())
        .json(root + "/" + dataset.tableName() + "/dt=" + date);
  }

  /** Local (UTC+7) calendar day of a timestamp column, as an epoch day. */
  static org.apache.spark.sql.Column localDay(String column) {
    return floor(col(column).cast("long").plus(ZONE_SECONDS).divide(86400));
  }

  static LocalDate date(int i) {
    return LAST.minusDays(N - 1 - i);
  }

  @Test
  void deliveriesCutOneWorldIntoDays() throws IOException {
    Path split = tmp.resolve("split");
    Path whole = tmp.resolve("whole");
    generate(split, String.valueOf(WINDOW), "--deliveries", String.valueOf(N));
    // the same world in one dump: the first delivery's window and the days after it
    generate(whole, String.valueOf(WINDOW + N - 1));

    // the last date's snapshots and the truth are the world's own, byte for byte
    Map<String, byte[]> a = DumpFiles.contents(split);
    Map<String, byte[]> b = DumpFiles.contents(whole);
    for (String k : b.keySet()) {
      if (k.startsWith("truth/") || k.startsWith("follows/") || k.startsWith("profiles/")) {
        assertThat(a.get(k)).as(k).isEqualTo(b.get(k));
      }
    }
    for (int i = 0; i < N - 1; i++) {
      String d = "dt=" + date(i);
      assertThat(a.keySet()).as(d).anyMatch(k -> k.startsWith("interactions/" + d + "/"));
      assertThat(a.keySet()).as(d).anyMatch(k -> k.startsWith("follows/" + d + "/"));
    }

    for (DumpDataset events : List.of(DumpDataset.INTERACTIONS, DumpDataset.POSTS)) {
      String ts = events == DumpDataset.INTERACTIONS ? TS : POSTED_AT;
      String key = events == DumpDataset.INTERACTIONS ? EVENT_ID : POST_ID;
      Dataset<Row> union = null;
      for (int i = 0; i < N; i++) {
        Dataset<Row> day = read(split, events, date(i));
        List<Row> span =
            day.agg(
                    min(localDay(ts)),
                    max(localDay(ts)),
                    countDistinct(localDay(ts)),
                    count(lit(1)))
                .collectAsList();
        long first = span.get(0).getLong(0);
        long lastDay = span.get(0).getLong(1);
        assertThat(span.get(0).getLong(3)).as(events + " " + date(i)).isPositive();
        if (i == 0) {
          // the history: the whole window of the first date, nothing after it
          assertThat(lastDay).isEqualTo(date(0).toEpochDay());
          assertThat(first).isEqualTo(date(0).minusDays(WINDOW - 1).toEpochDay());
          if (events == DumpDataset.INTERACTIONS) {
            assertThat(span.get(0).getLong(2)).isEqualTo(WINDOW);
          }
        } else {
          // a later date: that day's events only
          assertThat(first).as(events + " " + date(i)).isEqualTo(date(i).toEpochDay());
          assertThat(lastDay).as(events + " " + date(i)).isEqualTo(date(i).toEpochDay());
        }
        union = union == null ? day : union.unionByName(day);
      }
      Dataset<Row> single = read(whole, events, LAST);
      // no event is delivered twice, and together the deliveries are the world's events
      assertThat(union.count()).isEqualTo(union.select(key).distinct().count());
      assertThat(union.count()).isEqualTo(single.count());
      assertThat(union.exceptAll(single).count()).isZero();
      assertThat(single.exceptAll(union).count()).isZero();
    }

    assertSnapshotsGrow(split);
    assertSnapshotsAreTheWorldAsOfEachDay(split, whole);
  }

  /** Follows and profiles of date i are contained in those of date i + 1, as the world grows. */
  private static void assertSnapshotsGrow(Path split) {
    for (int i = 0; i + 1 < N; i++) {
      Dataset<Row> before = read(split, DumpDataset.FOLLOWS, date(i));
      Dataset<Row> after = read(split, DumpDataset.FOLLOWS, date(i + 1));
      // every follow stays, at the same time; an unfollow once shown stays shown
      Dataset<Row> joined =
          before
              .as("b")
              .join(after.as("a"), new String[] {FOLLOWER_ID, ACCOUNT_ID}, "left")
              .cache();
      assertThat(joined.where(col("a." + FOLLOWED_AT).isNull()).count()).isZero();
      assertThat(joined.where(col("a." + FOLLOWED_AT).notEqual(col("b." + FOLLOWED_AT))).count())
          .isZero();
      assertThat(
              joined
                  .where(
                      col("b." + UNFOLLOWED_AT)
                          .isNotNull()
                          .and(
                              not(col("a." + UNFOLLOWED_AT).eqNullSafe(col("b." + UNFOLLOWED_AT)))))
                  .count())
          .isZero();
      assertThat(after.count()).isGreaterThan(before.count());
      joined.unpersist();

      Dataset<Row> pBefore = read(split, DumpDataset.PROFILES, date(i));
      Dataset<Row> pAfter = read(split, DumpDataset.PROFILES, date(i + 1));
      Dataset<Row> posts = read(split, DumpDataset.POSTS, date(i + 1));
      Dataset<Row> published =
          posts.groupBy(col(ACCOUNT_ID).as(USER_ID)).agg(count(lit(1)).as("published"));
      Dataset<Row> p =
          pBefore
              .select(col(USER_ID), col(MEDIA_COUNT).as("m0"), col(USERNAME).as("n0"))
              .join(
                  pAfter.select(col(USER_ID), col(MEDIA_COUNT).as("m1"), col(USERNAME).as("n1")),
                  new String[] {USER_ID},
                  "left")
              .join(published, new String[] {USER_ID}, "left")
              .withColumn("published", coalesce(col("published"), lit(0L)))
              .cache();
      assertThat(p.where(col("m1").isNull()).count()).as("users lost").isZero();
      assertThat(p.where(col("n1").notEqual(col("n0"))).count()).isZero();
      // media_count grows by the posts published that day (less when it was floored at 0)
      assertThat(
              p.where(col("m0").gt(0).and(col("m1").minus(col("m0")).notEqual(col("published"))))
                  .count())
          .isZero();
      assertThat(p.where(col("m1").minus(col("m0")).gt(col("published"))).count()).isZero();
      assertThat(p.where(col("m1").notEqual(col("m0"))).count())
          .as("media counts change")
          .isPositive();
      assertThat(pAfter.count()).isGreaterThanOrEqualTo(pBefore.count());
      p.unpersist();
    }
  }

  /**
   * Each earlier snapshot is the world's (the single generation's last-date snapshot) as of the end
   * of its day, worked out here from the single dump's rows.
   */
  private static void assertSnapshotsAreTheWorldAsOfEachDay(Path split, Path whole) {
    Dataset<Row> world = read(whole, DumpDataset.FOLLOWS, LAST);
    Dataset<Row> worldProfiles = read(whole, DumpDataset.PROFILES, LAST);
    for (int i = 0; i < N - 1; i++) {
      long end = date(i).plusDays(1).toEpochDay() * 86400 - ZONE_SECONDS;
      Dataset<Row> expected =
          world
              .where(col(FOLLOWED_AT).cast("long").lt(end))
              .withColumn(
                  UNFOLLOWED_AT, when(col(UNFOLLOWED_AT).cast("long").lt(end), col(UNFOLLOWED_AT)));
      Dataset<Row> actual = read(split, DumpDataset.FOLLOWS, date(i));
      assertThat(actual.count()).isEqualTo(expected.count()).isLessThan(world.count());
      assertThat(actual.exceptAll(expected).count()).isZero();
      Dataset<Row> users = read(split, DumpDataset.PROFILES, date(i)).select(USER_ID);
      Dataset<Row> created =
          worldProfiles.where(col(CREATED_AT).cast("long").lt(end)).select(USER_ID);
      assertThat(users.exceptAll(created).count()).isZero();
      assertThat(created.exceptAll(users).count()).isZero();
    }
  }

  @Test
  void lateEventsArriveUpToThreeDaysLateAndOnlyOnce() {
    SparkSession spark = SharedSpark.get();
    Path late = tmp.resolve("late");
    Path onTime = tmp.resolve("ontime");
    generate(late, "3", "--deliveries", "4", "--late-share", "0.3");
    generate(onTime, "3", "--deliveries", "4");
    LocalDate last = LAST;
    Dataset<Row> all = null;
    Dataset<Row> allOnTime = null;
    long lateEvents = 0;
    long events = 0;
    for (int i = 0; i < 4; i++) {
      LocalDate d = last.minusDays(3 - i);
      Dataset<Row> day =
          spark
              .read()
              .schema(DumpDataset.INTERACTIONS.schema())
              .json(late + "/interactions/dt=" + d)
              .withColumn("delivered", lit(d.toEpochDay()));
      Dataset<Row> dayOnTime =
          spark
              .read()
              .schema(DumpDataset.INTERACTIONS.schema())
              .json(onTime + "/interactions/dt=" + d);
      all = all == null ? day : all.unionByName(day);
      allOnTime = allOnTime == null ? dayOnTime : allOnTime.unionByName(dayOnTime);
      if (i > 0) {
        Dataset<Row> lag = day.select(lit(d.toEpochDay()).minus(localDay(TS)).as("lag"));
        // never early, at most three days late
        assertThat(lag.where(col("lag").lt(0).or(col("lag").gt(3))).count()).isZero();
        if (i < 3) {
          // the last date takes late events of up to 3 days and any later ones capped at it
          lateEvents += lag.where(col("lag").gt(0)).count();
          events += lag.count();
        }
      }
    }
    // about 30 % of the events of the middle dates are late (their own day's share arrives later)
    assertThat(lateEvents).isPositive();
    assertThat((double) lateEvents / events).isBetween(0.1, 0.6);
    // the same events in all, each delivered once
    Dataset<Row> events4 = all.drop("delivered");
    assertThat(events4.count()).isEqualTo(events4.select(EVENT_ID).distinct().count());
    assertThat(events4.exceptAll(allOnTime).count()).isZero();
    assertThat(allOnTime.exceptAll(events4).count()).isZero();
  }

  @Test
  void badDeliveryOptionsAreRefusedBeforeSpark() {
    for (String[] args :
        List.of(
            new String[] {"--late-share", "0.1"},
            new String[] {"--deliveries", "0"},
            new String[] {"--deliveries", "3", "--late-share", "1.5"})) {
      String[] all =
          Stream.of(
                  new String[] {
                    "generate", "--out", tmp.resolve("x").toString(), "--date", LAST.toString()
                  },
                  args)
              .flatMap(Stream::of)
              .toArray(String[]::new);
      Cli.Outcome o = Cli.run(all);
      assertThat(o.exitCode()).as(String.join(" ", args)).isNotZero();
      assertThat(o.err()).containsAnyOf("--late-share", "--deliveries");
    }
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void oneDeliveryIsTheSingleDump() throws IOException {
    generate(tmp.resolve("one"), "3", "--deliveries", "1");
    generate(tmp.resolve("plain"), "3");
    Map<String, byte[]> a = DumpFiles.contents(tmp.resolve("one"));
    Map<String, byte[]> b = DumpFiles.contents(tmp.resolve("plain"));
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String k : b.keySet()) {
      assertThat(a.get(k)).as(k).isEqualTo(b.get(k));
    }
  }

  @Test
  void dirtyDeliveriesDuplicateOnlyTheManifestsRecords() {
    SparkSession spark = SharedSpark.get();
    Path out = tmp.resolve("dirty");
    generate(out, "3", "--deliveries", "3", "--dirty-rate", "0.05");
    Dataset<Row> manifest =
        spark.read().option("header", "true").csv(out + "/truth/dirty_manifest.csv").cache();
    // each named file exists under its date folder
    Dataset<Row> lines =
        spark
            .read()
            .text(out + "/interactions/dt=*")
            .withColumn(
                "file",
                regexp_extract(col("_metadata.file_path"), "(dt=[0-9-]+/part-[0-9]+\\.jsonl)$", 1))
            .withColumn("event", regexp_extract(col("value"), "\"event_id\":\"([0-9a-f]+)\"", 1))
            .cache();
    Dataset<Row> files = lines.select("file").distinct();
    Dataset<Row> named =
        manifest.where(col(DATASET).equalTo("interactions")).select(col("file")).distinct();
    assertThat(named.count()).isPositive();
    assertThat(named.exceptAll(files).count()).isZero();
    // an event id on two lines is exactly an injected duplicate, both lines in its manifest file
    Dataset<Row> twice = lines.groupBy("event", "file").count().where(col("count").gt(1));
    Dataset<Row> dups =
        manifest
            .where(col("kind").equalTo("exact_duplicate").and(col(DATASET).equalTo("interactions")))
            .select(col("record_id").as("event"), col("file"));
    assertThat(dups.count()).isPositive();
    assertThat(twice.select("event", "file").exceptAll(dups).count()).isZero();
    assertThat(dups.exceptAll(twice.select("event", "file")).count()).isZero();
    assertThat(lines.groupBy("event").agg(countDistinct("file").as("n")).where("n > 1").count())
        .isZero();
  }
}
