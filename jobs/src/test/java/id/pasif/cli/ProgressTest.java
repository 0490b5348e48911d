package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Progress lines on stderr: what runs, tasks done of known, elapsed, a rough estimate. */
class ProgressTest {
  @Test
  void aLineSaysWhatRunsTasksDoneElapsedAndTimeLeft() {
    // 30 of 120 tasks in 60 s: 90 left at 2 s each = 3:00.
    assertThat(Progress.line("pasif ingest 2026-11-24", 30, 120, Duration.ofSeconds(60)))
        .isEqualTo("pasif: ingest 2026-11-24  tasks 30/120  elapsed 1:00  ~3:00 left");
    // Under 5 % done: no estimate yet; no description: just the counts.
    assertThat(Progress.line("", 5, 120, Duration.ofSeconds(61)))
        .isEqualTo("pasif: tasks 5/120  elapsed 1:01");
    assertThat(Progress.clock(Duration.ofSeconds(3 * 3600 + 62))).isEqualTo("3:01:02");
  }

  @Test
  void aRunningSparkJobIsReportedAndCloseStopsTheLines() throws Exception {
    SparkSession spark = SharedSpark.get();
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err, true);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (Progress p = Progress.startForTest(spark.sparkContext(), w, Duration.ofMillis(100))) {
      spark.sparkContext().setJobGroup("pasif-test", "pasif test", false);
      try {
        // 4 tasks of 400 ms on 2 threads: about 0.8 s, several 100 ms ticks.
        jsc.parallelize(java.util.List.of(1, 2, 3, 4), 4)
            .foreach(
                x -> {
                  Thread.sleep(400);
                });
      } finally {
        spark.sparkContext().clearJobGroup();
      }
      Thread.sleep(300);
    }
    String lines = err.toString();
    assertThat(lines).containsPattern("pasif: test  tasks [0-3]/4  elapsed 0:0\\d");
    // The last line before close saw all four tasks.
    assertThat(lines).contains("pasif: test  tasks 4/4");
    int length = err.toString().length();
    Thread.sleep(400);
    assertThat(err.toString()).hasSize(length);
  }
}
