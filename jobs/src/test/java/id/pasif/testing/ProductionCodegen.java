package id.pasif.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with Spark's code generation, as the product runs, instead of the interpreted
 * expressions the other tests use ({@link SharedSpark}): for the checks whose point is the
 * product's own execution path (the golden tables, incremental nights against a full recompute, the
 * generator, whose long expressions are what code generation can fail on), and for code that
 * Spark's interpreted path cannot run (SqlShellTest). Test classes run one after another in one JVM
 * (Surefire's default), so switching the shared session is safe; a nested class restores the mode
 * of its outer class.
 */
public final class ProductionCodegen implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ProductionCodegen.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("before", SharedSpark.codegen(true));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SharedSpark.codegen(context.getStore(NS).get("before", Boolean.class));
  }
}
