package id.pasif.spark;

import static org.assertj.core.api.Assertions.assertThat;

import id.pasif.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link RunMetrics}: jobs, queries and tasks counted per pasif job group. */
@Tag("quick")
class RunMetricsTest {

  @Test
  void countsJobsQueriesAndTasksPerStageGroup() throws Exception {
    SparkSession spark = SharedSpark.get();
    SparkContext sc = spark.sparkContext();
    RunMetrics metrics = new RunMetrics((String) null);
    sc.addSparkListener(metrics);
    try {
      // before any stage: setup
      spark.range(0, 10, 1, 1).collectAsList();
      sc.setJobGroup("pasif-first", "pasif first", false);
      // one query, one job of two tasks (two partitions, no shuffle)
      spark.range(0, 100, 1, 2).selectExpr("id * 2 AS x").collectAsList();
      sc.setJobGroup("pasif-second", "pasif second", false);
      // two queries, each one job over three partitions
      spark.range(0, 30, 1, 3).collectAsList();
      spark.range(0, 30, 1, 3).selectExpr("id + 1").collectAsList();
      // an RDD job is a job without an SQL query
      sc.parallelize(
              scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(1, 2, 3, 4)).toSeq(),
              2,
              scala.reflect.ClassTag$.MODULE$.apply(Integer.class))
          .count();
      sc.clearJobGroup();
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(metrics);
      sc.clearJobGroup();
    }
    RunMetrics.Figures setup = metrics.figures(RunMetrics.SETUP);
    RunMetrics.Figures first = metrics.figures("first");
    RunMetrics.Figures second = metrics.figures("second");
    assertThat(setup.queries).isEqualTo(1);
    assertThat(setup.jobs).isEqualTo(1);
    assertThat(setup.tasks).isEqualTo(1);
    assertThat(first.queries).isEqualTo(1);
    assertThat(first.jobs).isEqualTo(1);
    assertThat(first.tasks).isEqualTo(2);
    assertThat(second.queries).isEqualTo(2);
    assertThat(second.jobs).isEqualTo(3);
    assertThat(second.tasks).isEqualTo(3 + 3 + 2);
    // JVM figures are charged when the next stage starts, or when the table is made
    assertThat(first.wallNanos).isPositive();
    assertThat(first.cpuNanos).isPositive();
    assertThat(second.wallNanos).isZero();

    List<String> lines = metrics.table().lines().toList();
    assertThat(second.wallNanos).isPositive();
    assertThat(lines.get(0))
        .isEqualTo("stage\tjobs\tqueries\ttasks\ttask_s\twall_s\tcpu_s\tjit_s\tgc_s");
    assertThat(lines.stream().map(l -> l.split("\t")[0]).toList())
        .containsExactly("stage", "setup", "first", "second", "total");
    String[] total = lines.get(4).split("\t");
    assertThat(total[1]).isEqualTo("5");
    assertThat(total[2]).isEqualTo("4");
    assertThat(total[3]).isEqualTo("11");
  }
}
