package id.pasif.spark;

import id.pasif.PasifException;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

/**
 * The read-only rule of the analyst surfaces ({@code pasif sql}, {@code pasif serve}): while it is
 * {@link #enable enabled}, every plan any session of this JVM analyses is checked before it runs,
 * and refused with one line unless it only reads the warehouse's tables.
 *
 * <p>The check looks at the analysed logical plan, not at SQL text, so it holds for SQL and for
 * Spark Connect's DataFrame requests alike:
 *
 * <ul>
 *   <li>commands: only the ones that show or describe ({@link #READ_ONLY_COMMANDS}), and {@code
 *       SET} only to show a setting; no DML (DELETE, UPDATE, INSERT, MERGE), no DDL (CREATE, DROP,
 *       ALTER), no ADD JAR, no CACHE TABLE, no writes of any data source;
 *   <li>data: a file relation must be a table registered in the {@code pasif} database, or a Delta
 *       log under the warehouse (Delta reads its own log that way); no path data sources ({@code
 *       text.`/etc/passwd`}, {@code parquet.`path`}, {@code spark.read.load(path)}), no JDBC or
 *       other sources, no streaming;
 *   <li>functions: no {@code reflect}, {@code java_method}, {@code try_reflect} (they call any Java
 *       method, e.g. {@code System.getenv}), no Python UDFs;
 *   <li>no SQL variable substitution ({@code ${env:VAR}} reads the server's environment).
 * </ul>
 *
 * <p>JVM-wide because every process that enables it is an analyst surface; {@code pasif sql}
 * disables it again when it ends (tests run several commands in one JVM). Maintenance that writes
 * is {@code pasif maintain}.
 */
public final class ReadOnly {
  private ReadOnly() {}

  /** Root of the warehouse whose tables may be read; null while the rule is off. */
  private static volatile String warehouseRoot;

  /** The database the tables are registered in ({@code id.pasif.warehouse.Catalog.DATABASE}). */
  static final String DATABASE = "pasif";

  /** Commands that only show or describe (class names, analysed and parsed forms). */
  static final Set<String> READ_ONLY_COMMANDS =
      Set.of(
          "ShowTables",
          "ShowTablesExtended",
          "ShowTablesCommand",
          "ShowViews",
          "ShowViewsCommand",
          "ShowNamespaces",
          "ShowNamespacesCommand",
          "ShowColumns",
          "ShowColumnsCommand",
          "ShowFunctions",
          "ShowFunctionsCommand",
          "ShowTableProperties",
          "ShowTablePropertiesCommand",
          "ShowPartitions",
          "ShowPartitionsCommand",
          "ShowCreateTable",
          "ShowCreateTableCommand",
          "ShowCatalogsCommand",
          "ShowCurrentNamespaceCommand",
          "ShowCollationsCommand",
          "DescribeRelation",
          "DescribeColumn",
          "DescribeFunction",
          "DescribeNamespace",
          "DescribeTableCommand",
          "DescribeColumnCommand",
          "DescribeDatabaseCommand",
          "DescribeFunctionCommand",
          "DescribeQueryCommand",
          "DescribeRelationJsonCommand",
          "DescribeDeltaDetailCommand",
          "DescribeDeltaHistory",
          "DescribeDeltaHistoryCommand",
          "ExplainCommand",
          "SetNamespaceCommand",
          "SetCatalogCommand",
          "SetCommand");

  /** Leaves that hold no external data. */
  static final Set<String> DATA_FREE_LEAVES =
      Set.of(
          "LocalRelation",
          "OneRowRelation",
          "Range",
          "CTERelationRef",
          "InMemoryRelation",
          "LogicalRDD",
          "EmptyRelation",
          // The rows a command already run (and checked) returned, e.g. DESCRIBE's output.
          "CommandResult");

  /** Expressions that run arbitrary code. */
  static final Set<String> REFUSED_EXPRESSIONS =
      Set.of(
          "CallMethodViaReflection",
          "TryReflect",
          "PythonUDF",
          "PythonUDAF",
          "PythonUDTF",
          "UnresolvedPolymorphicPythonUDTF");

  /** Spark SQL's {@code ${...}} substitution, which also reads {@code ${env:VAR}}. */
  public static final String VARIABLE_SUBSTITUTE = "spark.sql.variable.substitute";

  /** Keys whose values are secrets (Spark's default spark.redaction.regex). */
  public static final Pattern SECRET_KEY =
      Pattern.compile("(?i)secret|password|token|access[.]?key");

  /** Turns the rule on for this JVM: from now on only reads of {@code warehouseRoot}'s tables. */
  public static void enable(String warehouseRoot) {
    ReadOnly.warehouseRoot = stripSlash(warehouseRoot);
  }

  public static void disable() {
    warehouseRoot = null;
  }

  public static boolean enabled() {
    return warehouseRoot != null;
  }

  /**
   * Throws a one-line {@link PasifException} (exit 2) when the rule is on and {@code plan} does
   * more than read.
   */
  public static void check(LogicalPlan plan, boolean variableSubstitution) {
    String root = warehouseRoot;
    if (root == null) {
      return;
    }
    if (variableSubstitution) {
      refuse("SQL variable substitution (spark.sql.variable.substitute)");
    }
    visit(plan, root);
  }

  private static void visit(LogicalPlan node, String root) {
    String name = node.getClass().getSimpleName();
    if (node instanceof Command) {
      if (!READ_ONLY_COMMANDS.contains(name)) {
        refuse(describe(name));
      }
      if (node instanceof SetCommand set
          && set.kv().isDefined()
          && set.kv().get()._2().isDefined()) {
        refuse("SET to change a setting");
      }
      return;
    }
    if (name.startsWith("InsertInto") || name.contains("Write")) {
      refuse(describe(name));
    }
    if (node.isStreaming()) {
      refuse("streaming");
    }
    if (node.children().isEmpty()) {
      leaf(node, name, root);
    }
    for (Expression e : CollectionConverters.asJava(node.expressions())) {
      expression(e);
    }
    for (LogicalPlan child : CollectionConverters.asJava(node.children())) {
      visit(child, root);
    }
    for (LogicalPlan sub : CollectionConverters.asJava(node.subqueries())) {
      visit(sub, root);
    }
  }

  private static void leaf(LogicalPlan node, String name, String root) {
    if (DATA_FREE_LEAVES.contains(name)) {
      return;
    }
    if (node instanceof LogicalRelation rel && rel.relation() instanceof HadoopFsRelation fs) {
      if (rel.catalogTable().isDefined() && inDatabase(rel.catalogTable().get())) {
        return;
      }
      boolean deltaLog = true;
      for (org.apache.hadoop.fs.Path p : CollectionConverters.asJava(fs.location().rootPaths())) {
        String path = p.toString();
        deltaLog &= path.startsWith(root + "/") && path.contains("/_delta_log");
      }
      if (deltaLog) {
        return;
      }
      refuse("reading files by path (" + fs.location().rootPaths().mkString(", ") + ")");
    }
    refuse("reading " + name);
  }

  private static boolean inDatabase(CatalogTable table) {
    return table.identifier().database().isDefined()
        && table.identifier().database().get().equalsIgnoreCase(DATABASE);
  }

  private static void expression(Expression e) {
    String name = e.getClass().getSimpleName();
    if (REFUSED_EXPRESSIONS.contains(name)) {
      refuse(name.startsWith("Python") ? "Python functions" : "reflect/java_method");
    }
    for (Expression c : CollectionConverters.asJava(e.children())) {
      expression(c);
    }
  }

  private static String describe(String planClass) {
    String n = planClass.replaceAll("(Command|Exec|Statement)$", "");
    return n.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
  }

  private static void refuse(String what) {
    throw new PasifException(
        "read-only: "
            + what
            + " is not allowed here; the tables can only be read (changes: pasif maintain)",
        2,
        null);
  }

  private static String stripSlash(String s) {
    String t = s;
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  /** Registered through {@code spark.sql.extensions} ({@link SparkSessions#REQUIRED}). */
  public static final class Extension implements Function1<SparkSessionExtensions, BoxedUnit> {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
      extensions.injectCheckRule(
          (Function1<SparkSession, Function1<LogicalPlan, BoxedUnit>>)
              session ->
                  (Function1<LogicalPlan, BoxedUnit>)
                      plan -> {
                        check(
                            plan,
                            !"false"
                                .equalsIgnoreCase(
                                    session.conf().get(VARIABLE_SUBSTITUTE, "true").trim()));
                        return BoxedUnit.UNIT;
                      });
      return BoxedUnit.UNIT;
    }
  }
}
