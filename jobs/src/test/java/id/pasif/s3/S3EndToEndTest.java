package id.pasif.s3;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpLayout;
import id.pasif.testing.Cli;
import id.pasif.testing.LocalS3Extension;
import id.pasif.testing.SharedSpark;
import id.pasif.warehouse.TableSpec;
import id.pasif.warehouse.Tables;
import id.pasif.warehouse.Warehouse;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product against a real S3 server (S3Proxy, started by {@link LocalS3Extension}): a dump
 * generated into a bucket and uploaded to it, the nightly pipeline from s3a input to an s3a
 * warehouse, evaluate and sql on it, then the failures: the server gone in the middle of a run,
 * wrong credentials, a missing bucket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3EndToEndTest {
  static final String DATE = "2026-11-24";
  static final String BUCKET = "pasif-it";
  static final String DENIED_BUCKET = "pasif-denied";
  static final String DUMP = "s3a://" + BUCKET + "/dumps/generated";
  static final String UPLOADED = "s3a://" + BUCKET + "/dumps/uploaded";
  static final String WAREHOUSE = "s3a://" + BUCKET + "/warehouse";
  static final int USERS = 200;

  @TempDir static Path tmp;

  /** Up, with both buckets, before {@link #configureClient}; stopped after the class. */
  @RegisterExtension
  static final LocalS3Extension server = new LocalS3Extension(BUCKET, DENIED_BUCKET);

  static SparkSession spark;

  @BeforeAll
  static void configureClient() {
    spark = SharedSpark.get();
    server.configure(spark.sparkContext().hadoopConfiguration());
    // The second bucket is reached with a key the server does not know: s3a's per-bucket
    // options give it its own credentials (and its own FileSystem instance).
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("fs.s3a.bucket." + DENIED_BUCKET + ".access.key", "not-a-known-key");
  }

  /** Runs the CLI with the local-server options after the subcommand's own arguments. */
  static Cli.Outcome pasif(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(server.cliOptions());
    return Cli.run(all.toArray(new String[0]));
  }

  static Cli.Outcome generate(String out) {
    return pasif("generate", "--out", out, "--date", DATE, "--users", "" + USERS, "--seed", "42");
  }

  static FileSystem fs(String uri) throws IOException {
    return FileSystem.get(URI.create(uri), spark.sparkContext().hadoopConfiguration());
  }

  /** Relative path -> bytes of every file under {@code root}, hidden files excluded. */
  static Map<String, byte[]> files(String root) throws IOException {
    FileSystem fs = fs(root);
    org.apache.hadoop.fs.Path base = fs.makeQualified(new org.apache.hadoop.fs.Path(root));
    String prefix = base.toUri().getPath() + "/";
    Map<String, byte[]> out = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String rel = f.getPath().toUri().getPath().substring(prefix.length());
      if (rel.startsWith(".") || rel.contains("/.")) {
        continue;
      }
      try (InputStream in = fs.open(f.getPath())) {
        out.put(rel, in.readAllBytes());
      }
    }
    return out;
  }

  static Dataset<Row> table(TableSpec t) {
    return new Warehouse(spark, WAREHOUSE).readDate(t, LocalDate.parse(DATE));
  }

  static long version(TableSpec t) {
    return DeltaTable.forPath(spark, WAREHOUSE + "/" + t.name())
        .history(1)
        .first()
        .getAs("version");
  }

  /** Standing follows read straight from the dump's files, independently of the product. */
  static Dataset<Row> standingFromDump() {
    return spark
        .read()
        .json(DumpLayout.datasetFolder(DUMP, DumpDataset.FOLLOWS, LocalDate.parse(DATE)))
        .where(col(UNFOLLOWED_AT).isNull());
  }

  @Test
  @Order(1)
  void generateWritesADumpIntoABucket() throws IOException {
    Cli.Outcome gen = generate(DUMP);
    assertThat(gen.exitCode()).as(gen.err()).isZero();

    Map<String, byte[]> written = files(DUMP);
    for (DumpDataset d : DumpDataset.values()) {
      assertThat(written.keySet())
          .as(d.tableName())
          .anyMatch(f -> f.startsWith(d.tableName() + "/dt=" + DATE + "/part-00000."));
    }
    assertThat(written).containsKey("truth/labels.csv");
    long profiles =
        spark
            .read()
            .json(DumpLayout.datasetFolder(DUMP, DumpDataset.PROFILES, LocalDate.parse(DATE)))
            .count();
    assertThat(profiles).isEqualTo(USERS);
  }

  @Test
  @Order(2)
  void uploadCopiesALocalDumpByteForByteAndSkipsHiddenFiles() throws IOException {
    Path local = tmp.resolve("local-dump");
    Map<String, String> dataFiles = new TreeMap<>();
    dataFiles.put("follows/dt=" + DATE + "/part-00000.jsonl", "{\"follower_id\":1}\n");
    dataFiles.put("follows/dt=" + DATE + "/part-00001.jsonl", "{\"follower_id\":2}\n");
    dataFiles.put("profiles/dt=" + DATE + "/part-00000.csv", "user_id\n1\n2\n");
    dataFiles.put("truth/labels.csv", "user_id,segment\n1,active\n");
    for (Map.Entry<String, String> e : dataFiles.entrySet()) {
      write(local.resolve(e.getKey()), e.getValue());
    }
    write(local.resolve("follows/dt=" + DATE + "/.part-00000.jsonl.crc"), "crc");
    write(local.resolve("follows/dt=" + DATE + "/_SUCCESS"), "");
    write(local.resolve("posts/dt=" + DATE + "._staging/part-00000.jsonl"), "{}");

    Cli.Outcome up = pasif("upload", local.toString(), UPLOADED);
    assertThat(up.exitCode()).as(up.err()).isZero();

    Map<String, byte[]> uploaded = files(UPLOADED);
    assertThat(uploaded.keySet()).isEqualTo(dataFiles.keySet());
    long bytes = 0;
    for (Map.Entry<String, String> e : dataFiles.entrySet()) {
      byte[] expected = e.getValue().getBytes(StandardCharsets.UTF_8);
      assertThat(uploaded.get(e.getKey())).as(e.getKey()).isEqualTo(expected);
      bytes += expected.length;
    }
    assertThat(up.out()).endsWith(String.format(": %d files, %d bytes%n", dataFiles.size(), bytes));

    Cli.Outcome notADump = pasif("upload", tmp.resolve("local-dump/truth").toString(), UPLOADED);
    assertThat(notADump.exitCode()).isEqualTo(1);
    assertThat(notADump.err()).contains("is not a dump");
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  @Test
  @Order(3)
  void nightlyFromABucketIntoABucketWritesEveryTableThroughDelta() throws IOException {
    Cli.Outcome run = pasif("nightly", "--date", DATE, "--input", DUMP, "--warehouse", WAREHOUSE);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("quarantined 0").contains("tables under " + WAREHOUSE);

    assertThat(table(Tables.PROFILES).count()).isEqualTo(USERS);
    Dataset<Row> standing = standingFromDump();
    long followers = standing.select(FOLLOWER_ID).distinct().count();
    assertThat(table(Tables.RELATIONSHIPS).count()).isEqualTo(standing.count());
    assertThat(table(Tables.FOLLOWER_FEATURES).count()).isEqualTo(followers);
    assertThat(table(Tables.FOLLOWER_SEGMENTS).count()).isEqualTo(followers);
    assertThat(table(Tables.ACCOUNT_AUDIENCE).count())
        .isEqualTo(standing.select(ACCOUNT_ID).distinct().count());
    List<String> segments =
        table(Tables.FOLLOWER_SEGMENTS)
            .select(SEGMENT)
            .distinct()
            .orderBy(SEGMENT)
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(segments).containsExactly("active", "bot_like", "passive");

    // The Delta log of every table is in the bucket, as objects s3a lists.
    FileSystem fs = fs(WAREHOUSE);
    for (TableSpec t : Tables.ALL) {
      org.apache.hadoop.fs.Path first =
          new org.apache.hadoop.fs.Path(
              WAREHOUSE + "/" + t.name() + "/_delta_log/00000000000000000000.json");
      assertThat(fs.exists(first)).as(first.toString()).isTrue();
    }
  }

  @Test
  @Order(4)
  void evaluateAndSqlReadTheBucket() {
    Cli.Outcome ev =
        pasif(
            "evaluate",
            "--date",
            DATE,
            "--warehouse",
            WAREHOUSE,
            "--labels",
            DUMP + "/truth/labels.csv",
            "--json");
    assertThat(ev.exitCode()).as(ev.err()).isZero();
    assertThat(ev.out()).contains("\"labelled\":" + USERS);

    Cli.Outcome sql =
        pasif(
            "sql",
            "--warehouse",
            WAREHOUSE,
            "--format",
            "csv",
            "SELECT count(*) AS n FROM pasif.relationships");
    assertThat(sql.exitCode()).as(sql.err()).isZero();
    assertThat(sql.out()).isEqualTo("n\n" + standingFromDump().count() + "\n");
  }

  @Test
  @Order(5)
  void aRunWhoseStoreGoesAwayFailsCleanlyAndTheRerunAfterARestartCompletes() throws Exception {
    Map<String, Long> versionsBefore = new LinkedHashMap<>();
    Map<String, Long> countsBefore = new LinkedHashMap<>();
    for (TableSpec t : Tables.ALL) {
      versionsBefore.put(t.name(), version(t));
      countsBefore.put(t.name(), table(t).count());
    }
    List<Row> relationshipsBefore = table(Tables.RELATIONSHIPS).collectAsList();

    server.stop();
    long start = System.nanoTime();
    Cli.Outcome down = pasif("activity", "--date", DATE, "--warehouse", WAREHOUSE);
    double seconds = (System.nanoTime() - start) / 1e9;
    server.start();
    System.out.printf("S3EndToEndTest: the run failed %.1f s after the store went away%n", seconds);

    assertThat(down.exitCode()).as(down.out() + down.err()).isEqualTo(1);
    assertThat(down.err().strip().lines()).as(down.err()).hasSize(1);
    assertThat(down.err())
        .startsWith("pasif activity: error: object store s3a://" + BUCKET + " unreachable: ")
        .containsPattern("[a-zA-Z]+ on s3a://" + BUCKET + "/warehouse/")
        .contains("failed after retries")
        .contains("127.0.0.1:" + server.port());
    // Bounded retries: s3-local.conf allows a few short ones, not the default minutes.
    assertThat(seconds).as("seconds until the failure").isLessThan(120);

    // Nothing was committed: every table is at the version it had, with the same rows.
    for (TableSpec t : Tables.ALL) {
      assertThat(version(t)).as(t.name()).isEqualTo(versionsBefore.get(t.name()));
    }
    assertThat(table(Tables.RELATIONSHIPS).collectAsList())
        .containsExactlyInAnyOrderElementsOf(relationshipsBefore);

    Cli.Outcome again = pasif("activity", "--date", DATE, "--warehouse", WAREHOUSE);
    assertThat(again.exitCode()).as(again.err()).isZero();
    for (TableSpec t : List.of(Tables.RELATIONSHIPS, Tables.FOLLOWER_FEATURES)) {
      assertThat(version(t)).as(t.name()).isEqualTo(versionsBefore.get(t.name()) + 1);
    }
    for (TableSpec t : Tables.ALL) {
      if (t == Tables.RUNS) {
        // the run log is the history of attempts: it grows by the re-run's succeeded row
        assertThat(table(t).count()).as(t.name()).isEqualTo(countsBefore.get(t.name()) + 1);
      } else {
        assertThat(table(t).count()).as(t.name()).isEqualTo(countsBefore.get(t.name()));
      }
    }
    assertThat(table(Tables.RELATIONSHIPS).collectAsList())
        .containsExactlyInAnyOrderElementsOf(relationshipsBefore);
  }

  @Test
  @Order(6)
  void wrongCredentialsGiveOneLineSayingSo() {
    Cli.Outcome denied =
        pasif(
            "nightly",
            "--date",
            DATE,
            "--input",
            "s3a://" + DENIED_BUCKET + "/dump",
            "--warehouse",
            "s3a://" + DENIED_BUCKET + "/warehouse");
    assertThat(denied.exitCode()).as(denied.out() + denied.err()).isEqualTo(1);
    assertThat(denied.err().strip().lines()).as(denied.err()).hasSize(1);
    assertThat(denied.err())
        .startsWith("pasif nightly: error: access denied by s3a://" + DENIED_BUCKET + " (")
        .contains("check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY");
  }

  @Test
  @Order(7)
  void aMissingBucketIsNamed() {
    Cli.Outcome missing =
        pasif("sql", "--warehouse", "s3a://pasif-no-such-bucket/warehouse", "SELECT 1");
    assertThat(missing.exitCode()).as(missing.out() + missing.err()).isEqualTo(1);
    assertThat(missing.err().strip().lines()).as(missing.err()).hasSize(1);
    assertThat(missing.err())
        .startsWith("pasif sql: error: bucket s3a://pasif-no-such-bucket does not exist (");
  }
}
