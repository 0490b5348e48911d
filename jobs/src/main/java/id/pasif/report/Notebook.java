package id.pasif.report;

import id.pasif.config.ConfigLoader;
import id.pasif.config.PasifConfig;
import id.pasif.spark.SparkSessions;
import id.pasif.warehouse.Catalog;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What every notebook of notebooks/ starts from: the run date and warehouse (environment PASIF_DATE
 * and PASIF_WAREHOUSE), the product's session with the warehouse's tables registered as {@code
 * pasif.<table>}, and the shared display helpers ({@link #show}; charts: {@link Charts}).
 */
public final class Notebook {
  public final LocalDate date;
  public final PasifConfig config;
  public final SparkSession spark;
  public final Warehouse warehouse;

  private Notebook(LocalDate date, PasifConfig config, SparkSession spark, Warehouse warehouse) {
    this.date = date;
    this.config = config;
    this.spark = spark;
    this.warehouse = warehouse;
  }

  /** Opens the warehouse of PASIF_WAREHOUSE (default {@code warehouse}) for PASIF_DATE. */
  public static Notebook open() {
    Map<String, String> env = System.getenv();
    Path cwd = Path.of("").toAbsolutePath();
    String warehouseUri = resolve(env.getOrDefault("PASIF_WAREHOUSE", "warehouse"), cwd);
    LocalDate date = LocalDate.parse(env.getOrDefault("PASIF_DATE", "2026-11-24"));
    PasifConfig config =
        ConfigLoader.load(
            List.of(),
            env,
            Map.of(
                PasifConfig.WAREHOUSE,
                warehouseUri,
                "spark.ui.enabled",
                "false",
                // The catalog's database folder: never a spark-warehouse/ beside the notebooks.
                "spark.sql.warehouse.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "pasif-notebook-spark-warehouse")
                    .toUri()
                    .toString()));
    SparkSession spark = SparkSessions.create(config);
    // Results, not Spark's warnings, belong in a notebook's outputs.
    spark.sparkContext().setLogLevel("ERROR");
    Warehouse warehouse = new Warehouse(spark, config.warehouse());
    if (!warehouse.exists(id.pasif.warehouse.Tables.RUNS)) {
      throw new IllegalArgumentException(
          "no pasif warehouse at "
              + warehouseUri
              + " (set PASIF_WAREHOUSE; scripts/quickstart writes ./warehouse)");
    }
    Catalog.register(spark, warehouse);
    return new Notebook(date, config, spark, warehouse);
  }

  /**
   * A plain relative path is taken from the repository's root, where the README's commands run: a
   * kernel started for notebooks/NN_x.ipynb runs in notebooks/, where {@code warehouse} would name
   * nothing. URIs and absolute paths are kept.
   */
  static String resolve(String location, Path cwd) {
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || location.startsWith("/")) {
      return location;
    }
    Path base =
        cwd.getFileName() != null
                && cwd.getFileName().toString().equals("notebooks")
                && cwd.getParent() != null
                && Files.isDirectory(cwd.getParent().resolve("jobs"))
            ? cwd.getParent()
            : cwd;
    return base.resolve(location).normalize().toString();
  }

  /** At most n rows of df as an aligned text table. */
  public static String show(Dataset<Row> df, int n) {
    return TextTable.of(df, n);
  }
}
