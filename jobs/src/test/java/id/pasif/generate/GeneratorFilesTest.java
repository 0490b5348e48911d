package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.Cli;
import id.pasif.testing.DumpFiles;
import id.pasif.testing.ProductionCodegen;
import id.pasif.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, truth files, profile-only mode and the dirty manifest of small generated dumps. */
@ExtendWith(ProductionCodegen.class)
class GeneratorFilesTest {
  static final String DATE = "2026-11-24";
  @TempDir Path tmp;

  static Cli.Outcome generate(Path out, String... extra) {
    String[] base = {
      "generate", "--out", out.toString(), "--date", DATE, "--users", "600", "--days", "7"
    };
    String[] seed =
        List.of(extra).contains("--seed") ? new String[0] : new String[] {"--seed", "5"};
    String[] all = Stream.of(base, seed, extra).flatMap(Stream::of).toArray(String[]::new);
    Cli.Outcome o = Cli.run(all);
    assertThat(o.exitCode()).as(o.err()).isZero();
    return o;
  }

  static Map<String, byte[]> files(Path root) throws IOException {
    return DumpFiles.contents(root);
  }

  @Test
  void sameArgumentsAndSeedGiveByteIdenticalDumps() throws IOException {
    generate(tmp.resolve("a"));
    generate(tmp.resolve("b"));
    Map<String, byte[]> a = files(tmp.resolve("a"));
    Map<String, byte[]> b = files(tmp.resolve("b"));
    assertThat(a.keySet())
        .isEqualTo(b.keySet())
        .contains("truth/labels.csv", "truth/causes.csv", "truth/accounts.csv", "truth/users.csv");
    assertThat(a.keySet().stream().filter(k -> k.startsWith("follows/")).count()).isEqualTo(2);
    for (String k : a.keySet()) {
      assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
    }
    generate(tmp.resolve("c"), "--seed", "6");
    assertThat(files(tmp.resolve("c")).get("truth/labels.csv"))
        .isNotEqualTo(a.get("truth/labels.csv"));
    assertThat(new String(a.get("truth/labels.csv")).lines().findFirst())
        .hasValue("user_id,segment");
  }

  @Test
  void truthFilesAgreeWithTheDump() {
    SparkSession spark = SharedSpark.get();
    Path out = tmp.resolve("t");
    generate(out);
    String root = out.toString();
    Dataset<Row> users =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(root + "/truth/users.csv");
    Dataset<Row> follows =
        spark.read().json(root + "/follows/dt=" + DATE).where(col(UNFOLLOWED_AT).isNull());
    Dataset<Row> interactions = spark.read().json(root + "/interactions/dt=" + DATE);
    Dataset<Row> causes =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(root + "/truth/causes.csv");
    // every silent relationship is silent in the files
    assertThat(
            causes
                .join(
                    interactions.select(col(ACTOR_ID).as(USER_ID), col(ACCOUNT_ID)),
                    new String[] {USER_ID, ACCOUNT_ID})
                .count())
        .isZero();
    // followers whose cause never engages: every standing follow of a posting account is listed
    // (content-mismatch and active followers may also be silent for lack of exposure)
    Dataset<Row> neverEngage =
        users
            .where(col("cause").isin("dormant", "follow_back", "herd", "bought"))
            .select(col(USER_ID).as(FOLLOWER_ID));
    long expectedListed =
        follows.where(col(ACCOUNT_ID).leq(60)).join(neverEngage, FOLLOWER_ID).count();
    long listed = causes.join(neverEngage.withColumnRenamed(FOLLOWER_ID, USER_ID), USER_ID).count();
    assertThat(listed).isEqualTo(expectedListed).isPositive();
    assertThat(
            causes
                .select("cause")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .isSubsetOf("bot_like", "follow_back", "herd", "content_mismatch", "dormant");
    // accounts.csv recomputed independently from the follows and the labels
    Dataset<Row> expected =
        follows
            .join(users.select(col(USER_ID).as(FOLLOWER_ID), col(SEGMENT)), FOLLOWER_ID)
            .groupBy(ACCOUNT_ID)
            .agg(
                count(lit(1)).cast("int").as("followers"),
                sum(when(col(SEGMENT).equalTo("passive"), 1).otherwise(0))
                    .cast("int")
                    .as("passive_followers"),
                sum(when(col(SEGMENT).equalTo("bot_like"), 1).otherwise(0))
                    .cast("int")
                    .as("bot_like_followers"));
    Dataset<Row> actual =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(root + "/truth/accounts.csv")
            .select(
                col(ACCOUNT_ID).cast("long"),
                col("followers"),
                col("passive_followers"),
                col("bot_like_followers"));
    assertThat(actual.exceptAll(expected).count()).isZero();
    assertThat(expected.exceptAll(actual).count()).isZero();
  }

  @Test
  void profileOnlyDumpHasEmptyEventFilesThatIngestAccepts() throws IOException {
    Path out = tmp.resolve("p");
    generate(out, "--no-interactions");
    for (String d : List.of("posts", "interactions")) {
      Path folder = out.resolve(d + "/dt=" + DATE);
      try (Stream<Path> s = Files.list(folder)) {
        List<Path> data = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        assertThat(data).hasSize(1);
        assertThat(Files.size(data.get(0))).isZero();
      }
    }
    Cli.Outcome ingest =
        Cli.run(
            "ingest",
            "--date",
            DATE,
            "--input",
            out.toString(),
            "--warehouse",
            tmp.resolve("w").toString());
    assertThat(ingest.exitCode()).as(ingest.err() + ingest.out()).isZero();
  }

  @Test
  void dirtyManifestListsExactlyWhatIngestQuarantines() {
    SparkSession spark = SharedSpark.get();
    Path out = tmp.resolve("d");
    generate(out, "--dirty-rate", "0.03");
    Dataset<Row> manifest =
        spark.read().option("header", "true").csv(out + "/truth/dirty_manifest.csv").cache();
    assertThat(manifest.columns())
        .containsExactly("dataset", "file", "record_id", "kind", "expected_reason");
    assertThat(manifest.select("kind").distinct().count()).isEqualTo(8);
    // each manifest row is in its file: its line carries the damage named
    Dataset<Row> lines =
        spark
            .read()
            .text(out + "/*/dt=" + DATE)
            .withColumn("path", col("_metadata.file_path"))
            .withColumn("dataset", regexp_extract(col("path"), "/([a-z]+)/dt=", 1))
            .withColumn("file", regexp_extract(col("path"), "(part-[0-9]+\\.jsonl)$", 1));
    Dataset<Row> dup = manifest.where(col("kind").equalTo("exact_duplicate"));
    Dataset<Row> dupLines =
        dup.join(lines, new String[] {"dataset", "file"})
            .where(
                col("value")
                    .contains(concat(lit("\""), col("record_id"), lit("\"")))
                    .or(col("value").contains(concat(lit(":"), col("record_id"), lit(",")))))
            .groupBy("record_id")
            .count();
    assertThat(dupLines.count()).isEqualTo(dup.count());
    assertThat(dupLines.where(col("count").notEqual(2)).count()).isZero();
    Cli.Outcome ingest =
        Cli.run(
            "ingest",
            "--date",
            DATE,
            "--input",
            out.toString(),
            "--warehouse",
            tmp.resolve("w").toString(),
            // the gate is tested elsewhere; here every damaged record must reach quarantine
            "--set",
            "pasif.ingest.max.reject.ratio=0.5");
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    Dataset<Row> quarantined =
        spark
            .read()
            .format("delta")
            .load(tmp.resolve("w").resolve("quarantine").toString())
            .groupBy(DATASET, REASON)
            .count();
    Dataset<Row> expected =
        manifest
            // every injected record is quarantined with the reason the manifest names, and
            // nothing else is (empty files have no record to quarantine)
            .where(col("expected_reason").isNotNull().and(col("expected_reason").notEqual("")))
            .groupBy(col(DATASET), col("expected_reason").as(REASON))
            .count();
    assertThat(quarantined.exceptAll(expected).collectAsList()).isEmpty();
    assertThat(expected.exceptAll(quarantined).collectAsList()).isEmpty();
  }
}
