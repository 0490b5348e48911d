package id.pasif.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tests' Spark runs interpreted expressions, and a class with {@link ProductionCodegen} runs
 * the product's code generation, in the shared session and in the settings given to the CLI.
 */
@Tag("quick")
class CodegenSettingsTest {
  /** Whether the executed plan of a small projection has a whole-stage code generation node. */
  static boolean planIsGenerated(SparkSession spark) {
    return !spark
        .range(3)
        .selectExpr("id + 1 AS next")
        .queryExecution()
        .executedPlan()
        .collect(
            scala.PartialFunction.fromFunction(p -> p instanceof WholeStageCodegenExec ? p : null))
        .filter(p -> p != null)
        .isEmpty();
  }

  /** The session's factory mode, whether a plan is generated, and what the CLI is given. */
  static void assertMode(String factoryMode, boolean generated) {
    SparkSession spark = SharedSpark.get();
    assertThat(spark.conf().get("spark.sql.codegen.factoryMode")).isEqualTo(factoryMode);
    assertThat(planIsGenerated(spark)).isEqualTo(generated);
    assertThat(SharedSpark.cliSettings())
        .containsSubsequence("--set", "spark.sql.codegen.wholeStage=" + generated);
  }

  @Test
  void testsRunInterpretedExpressions() {
    assertMode("NO_CODEGEN", false);
  }

  @Nested
  @ExtendWith(ProductionCodegen.class)
  class WithProductionCodegen {
    @Test
    void runsTheProductsCodeGeneration() {
      assertMode("FALLBACK", true);
    }
  }
}
