package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import id.pasif.testing.TinyDump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure inside a Spark task prints one line on stderr, in a process launched like {@code
 * scripts/pasif} (its log configuration), and the stack traces only with {@code --verbose}.
 */
class QuietErrorsTest {
  @TempDir Path tmp;

  record Run(int exitCode, List<String> stderr) {}

  /** Runs {@code pasif ingest} in a new JVM with conf/log4j2.properties; returns its stderr. */
  static Run ingest(Path dump, Path warehouse, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(CrashSafetyTest.jvmFlags().stream().filter(f -> !f.startsWith("-Dlog4j")).toList());
    cmd.add(
        "-Dlog4j2.configurationFile="
            + Path.of("..", "conf", "log4j2.properties").toAbsolutePath());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PasifCommand.class.getName());
    cmd.addAll(
        List.of(
            "ingest",
            "--date",
            TinyDump.DATE,
            "--input",
            dump.toString(),
            "--warehouse",
            warehouse.toString()));
    cmd.addAll(List.of(SharedSpark.cliSettings()));
    cmd.addAll(List.of(extra));
    Path err = Files.createTempFile("pasif-stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // as scripts/pasif does
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    List<String> lines =
        Files.readAllLines(err, StandardCharsets.UTF_8).stream()
            // the JVM's own notice about the incubator module Spark uses
            .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
            .toList();
    Files.delete(err);
    return new Run(p.exitValue(), lines);
  }

  private static void assertOneLine(Run r, String... fragments) {
    assertThat(r.exitCode()).as(String.join("\n", r.stderr())).isEqualTo(1);
    assertThat(r.stderr()).as("stderr without --verbose").hasSize(1);
    assertThat(r.stderr().get(0)).startsWith("pasif ingest: error: unreadable input file");
    for (String f : fragments) {
      assertThat(r.stderr().get(0)).contains(f);
    }
  }

  @Test
  void taskFailuresPrintOneLineWithoutVerbose() throws Exception {
    // a truncated gzip file: the task reading it fails (twice: local[2,2] retries)
    TinyDump gz = new TinyDump(tmp.resolve("gz")).writeJsonl();
    Files.delete(gz.folder("follows").resolve("part-00000.jsonl"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      many.append("{\"follower_id\":")
          .append(100 + i)
          .append(",\"account_id\":1,\"followed_at\":\"2026-11-01T00:00:00Z\"}\n");
    }
    TinyDump.writeGzip(gz.folder("follows").resolve("part-00000.jsonl.gz"), many.toString(), true);
    assertOneLine(ingest(gz.root(), tmp.resolve("wh1")), "part-00000.jsonl.gz", "truncated");

    // a second Parquet file whose account_id is a string
    TinyDump pq = new TinyDump(tmp.resolve("pq")).writeJsonl();
    Path posts = pq.folder("posts");
    deleteTree(posts);
    SparkSession spark = SharedSpark.get();
    StructType good =
        new StructType()
            .add("post_id", DataTypes.LongType)
            .add("account_id", DataTypes.LongType)
            .add("posted_at", DataTypes.TimestampType)
            .add("media_type", DataTypes.StringType);
    StructType bad =
        new StructType()
            .add("post_id", DataTypes.LongType)
            .add("account_id", DataTypes.StringType)
            .add("posted_at", DataTypes.TimestampType)
            .add("media_type", DataTypes.StringType);
    java.sql.Timestamp t = java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T00:00:00Z"));
    writeOneParquet(
        spark, good, RowFactory.create(101L, 1L, t, "photo"), posts.resolve("part-00000.parquet"));
    writeOneParquet(
        spark, bad, RowFactory.create(102L, "x1", t, "photo"), posts.resolve("part-00001.parquet"));
    Run quiet = ingest(pq.root(), tmp.resolve("wh2"));
    assertOneLine(quiet, "part-00001.parquet", "another type");

    // --verbose shows the traces
    Run verbose = ingest(pq.root(), tmp.resolve("wh3"), "--verbose");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.stderr().stream().filter(l -> l.startsWith("\tat ")).count())
        .isGreaterThan(10);
  }

  private static void writeOneParquet(
      SparkSession spark, StructType schema, org.apache.spark.sql.Row row, Path file)
      throws IOException {
    Path dir = file.resolveSibling(file.getFileName() + ".tmp");
    spark.createDataFrame(List.of(row), schema).coalesce(1).write().parquet(dir.toString());
    try (Stream<Path> s = Files.list(dir)) {
      Path part =
          s.filter(x -> x.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, file);
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
