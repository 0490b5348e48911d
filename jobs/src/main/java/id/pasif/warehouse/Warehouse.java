package id.pasif.warehouse;

import id.pasif.PasifException;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The warehouse: one Delta table per {@link TableSpec} in the folder {@code <root>/<table name>}.
 *
 * <p>Writes replace exactly one run date ({@code replaceWhere dt = D}) in one Delta commit, so a
 * re-run of a date replaces it, a backfill leaves other dates untouched, and a failed run leaves
 * the previous version of the table as it was.
 */
public final class Warehouse {
  private final SparkSession spark;
  private final String root;

  public Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = normalise(root);
  }

  /**
   * Plain paths become absolute {@code file:/…} URIs; {@code file:///…} is written {@code file:/…};
   * other URIs are kept as they are.
   */
  public static String normalise(String location) {
    String trimmed = location.trim();
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.startsWith("file://")) {
      // file:///x and file:/x name the same folder; Delta compares locations as strings.
      return "file:" + trimmed.substring("file://".length());
    }
    if (trimmed.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return trimmed;
    }
    return "file:" + Paths.get(trimmed).toAbsolutePath().normalize();
  }

  public String root() {
    return root;
  }

  public String location(TableSpec table) {
    return root + "/" + table.name();
  }

  /** Whether the table has been created (its Delta log exists). */
  public boolean exists(TableSpec table) {
    return DeltaTable.isDeltaTable(spark, location(table));
  }

  /**
   * Creates the table with its declared schema, comments, partitioning and CHECK constraints
   * ({@link Checks}) if it is missing, in one commit. A table created by an earlier release is
   * brought to the declaration once per warehouse: missing nullable columns are added, missing
   * constraints too ({@code ALTER TABLE}), and the declaration's fingerprint ({@link
   * #DECLARATION_PROPERTY}) is stored on the table; later runs find it there in the table's
   * metadata (no Spark job, no query) and skip the comparison. An incompatible difference stops
   * with one line.
   *
   * <p>Two runs creating the same table at once (two dates on a new warehouse) race: the loser's
   * commit fails, and it retries against the table the winner created.
   */
  public void ensure(TableSpec table) {
    for (int attempt = 1; ; attempt++) {
      try {
        createOrEvolve(table);
        return;
      } catch (PasifException e) {
        throw e;
      } catch (Exception e) {
        // Exception, not RuntimeException: Delta throws Spark's AnalysisException (a checked
        // exception Scala code throws undeclared) when the create commit lost the race
        if (attempt >= 5) {
          throw new PasifException(
              "cannot create table "
                  + table.name()
                  + " at "
                  + location(table)
                  + ": "
                  + firstLine(e),
              e);
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new PasifException("interrupted while creating table " + table.name(), ie);
        }
      }
    }
  }

  /**
   * Table property holding the fingerprint of the declaration ({@link #declaration}) the table was
   * created with or last brought to.
   */
  public static final String DECLARATION_PROPERTY = "pasif.declaration";

  /**
   * A fingerprint of everything {@link #ensure} brings a table to: its schema (names, types,
   * nullability, comments), partitioning and CHECK constraints. Any change to the declaration
   * changes it, so the next run compares the table with the declaration again.
   */
  static String declaration(TableSpec table) {
    StringBuilder text = new StringBuilder(table.schema().json());
    text.append('\n').append(table.partitionBy());
    Checks.forTable(table).forEach((k, v) -> text.append('\n').append(k).append('=').append(v));
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The declaration fingerprint stored on an existing table, or null: from the table's current
   * metadata, which Delta reads from the log's checksum file (no Spark job).
   */
  String storedDeclaration(TableSpec table) {
    scala.Option<String> v =
        org.apache.spark.sql.delta.DeltaLog.forTable(spark, location(table))
            .update(false, scala.Option.empty(), scala.Option.empty())
            .metadata()
            .configuration()
            .get(DECLARATION_PROPERTY);
    return v.isDefined() ? v.get() : null;
  }

  private void createOrEvolve(TableSpec table) {
    Map<String, String> checks = Checks.forTable(table);
    String declaration = declaration(table);
    if (!exists(table)) {
      DeltaTableBuilder builder =
          DeltaTable.createIfNotExists(spark)
              .location(location(table))
              .comment(table.comment())
              .partitionedBy(table.partitionBy().toArray(new String[0]));
      for (StructField f : table.schema().fields()) {
        builder = builder.addColumn(f);
      }
      for (Map.Entry<String, String> c : checks.entrySet()) {
        builder = builder.property(Checks.PROPERTY_PREFIX + c.getKey(), c.getValue());
      }
      builder.property(DECLARATION_PROPERTY, declaration).execute();
    }
    if (CONSTRAINTS_CHECKED.contains(location(table))
        || declaration.equals(storedDeclaration(table))) {
      return;
    }
    addMissingColumns(table);
    addMissingConstraints(table, checks);
    spark.sql(
        "ALTER TABLE delta.`"
            + location(table)
            + "` SET TBLPROPERTIES ('"
            + DECLARATION_PROPERTY
            + "' = '"
            + declaration
            + "')");
    CONSTRAINTS_CHECKED.add(location(table));
  }

  private static String commentOf(StructField f) {
    return f.getComment().isDefined() ? f.getComment().get() : "";
  }

  /** {@code text} as a SQL string literal. */
  private static String sqlString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * Adds the declared nullable columns an existing table lacks and brings the comments of the
   * others to the declared ones (what analysts read in {@code DESCRIBE}); stops with one line
   * naming the table and the column on a change it cannot make (another type, a new required
   * column).
   */
  void addMissingColumns(TableSpec table) {
    org.apache.spark.sql.types.StructType existing =
        DeltaTable.forPath(spark, location(table)).toDF().schema();
    java.util.Set<String> names = new java.util.HashSet<>(List.of(existing.fieldNames()));
    for (StructField f : table.schema().fields()) {
      if (names.contains(f.name())) {
        StructField old = existing.apply(f.name());
        if (!old.dataType().equals(f.dataType())) {
          throw incompatible(
              table,
              f.name(),
              "is "
                  + old.dataType().simpleString()
                  + " in the warehouse, this release declares "
                  + f.dataType().simpleString());
        }
        if (!old.nullable() && f.nullable()) {
          spark.sql(
              "ALTER TABLE delta.`"
                  + location(table)
                  + "` ALTER COLUMN "
                  + f.name()
                  + " DROP NOT NULL");
        }
        if (!commentOf(old).equals(commentOf(f))) {
          spark.sql(
              "ALTER TABLE delta.`"
                  + location(table)
                  + "` ALTER COLUMN "
                  + f.name()
                  + " COMMENT "
                  + sqlString(commentOf(f)));
        }
      } else if (!f.nullable()) {
        throw incompatible(table, f.name(), "is a new required column");
      } else {
        spark.sql(
            "ALTER TABLE delta.`"
                + location(table)
                + "` ADD COLUMNS ("
                + f.name()
                + " "
                + f.dataType().sql()
                + " COMMENT "
                + sqlString(commentOf(f))
                + ")");
      }
    }
    for (StructField old : existing.fields()) {
      if (!old.nullable() && !List.of(table.schema().fieldNames()).contains(old.name())) {
        throw incompatible(
            table, old.name(), "is required in the warehouse, this release drops it");
      }
    }
  }

  private PasifException incompatible(TableSpec table, String column, String what) {
    return new PasifException(
        "table "
            + table.name()
            + " at "
            + location(table)
            + ": column "
            + column
            + " "
            + what
            + "; migrate it: move the table folder aside and re-run its stage for the dates"
            + " to keep (pasif nightly --date D), see docs/operations.md");
  }

  /**
   * Tables brought to their declaration in this JVM (a table created by createIfNotExists in a lost
   * race carries the winner's fingerprint, which is the same declaration's).
   */
  private static final Set<String> CONSTRAINTS_CHECKED = ConcurrentHashMap.newKeySet();

  private void addMissingConstraints(TableSpec table, Map<String, String> checks) {
    // SHOW TBLPROPERTIES reads the table's metadata only; DESCRIBE DETAIL (DeltaTable.detail)
    // also sizes the table from its file list, which made this check cost as much as a write.
    Set<String> properties = new java.util.HashSet<>();
    for (Row r : spark.sql("SHOW TBLPROPERTIES delta.`" + location(table) + "`").collectAsList()) {
      properties.add(r.getString(0));
    }
    for (Map.Entry<String, String> c : checks.entrySet()) {
      if (!properties.contains(Checks.PROPERTY_PREFIX + c.getKey())) {
        spark.sql(
            "ALTER TABLE delta.`"
                + location(table)
                + "` ADD CONSTRAINT "
                + c.getKey()
                + " CHECK ("
                + c.getValue()
                + ")");
      }
    }
  }

  /**
   * Replaces the rows of run date {@code date} with {@code rows}, atomically.
   *
   * @param rows must carry every column of the table; they are selected in schema order and checked
   *     against the declared types and nullability
   * @return the rows written, from the commit's own metrics ({@code numOutputRows}): no second pass
   *     over the data and no read-back of the table
   */
  public long replaceDate(TableSpec table, LocalDate date, Dataset<Row> rows) {
    ensure(table);
    Dataset<Row> ordered =
        rows.select(table.columns()).where(functions.col(Columns.DT).equalTo(functions.lit(date)));
    // A token of this write only, so its commit is found even when runs of other dates commit to
    // the same table in between.
    String token =
        "pasif " + table.name() + " dt=" + date + " write " + java.util.UUID.randomUUID();
    ordered
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", Columns.DT + " = '" + date + "'")
        .option("userMetadata", token)
        .save(location(table));
    return writtenRows(table, date, token);
  }

  /** Commits searched for a write's token: more than the writers that can commit meanwhile. */
  private static final int HISTORY_SEARCHED = 50;

  /**
   * {@code numOutputRows} of the commit carrying {@code token}, from Delta's own history of the
   * table (its newest commits, read from the log on the driver: a local relation, no Spark job).
   * Delta makes no commit for a write that adds no file and removes none (no rows, none there
   * before); the date is then counted, which reads no data file.
   */
  private long writtenRows(TableSpec table, LocalDate date, String token) {
    try {
      List<Row> rows =
          DeltaTable.forPath(spark, location(table))
              .history(HISTORY_SEARCHED)
              .where(functions.col("userMetadata").equalTo(token))
              .select(functions.col("operationMetrics").getItem("numOutputRows"))
              .collectAsList(); // bounded: one commit carries the token
      if (!rows.isEmpty() && !rows.get(0).isNullAt(0)) {
        return Long.parseLong(rows.get(0).getString(0));
      }
    } catch (RuntimeException e) {
      // Counting below is slower but needs no history.
    }
    return readDate(table, date).count();
  }

  /** The rows of run date {@code date}; fails with the table name when it was never written. */
  public Dataset<Row> readDate(TableSpec table, LocalDate date) {
    return read(table).where(functions.col(Columns.DT).equalTo(functions.lit(date)));
  }

  /** The rows with run dates in {@code [from, to]}. */
  public Dataset<Row> readDates(TableSpec table, LocalDate from, LocalDate to) {
    return read(table)
        .where(functions.col(Columns.DT).between(functions.lit(from), functions.lit(to)));
  }

  /** The whole table, through Delta (never through its Parquet files). */
  public Dataset<Row> read(TableSpec table) {
    if (!exists(table)) {
      throw new PasifException(
          "table "
              + table.name()
              + " does not exist at "
              + location(table)
              + "; run the stage that writes it first");
    }
    return spark.read().format("delta").load(location(table));
  }

  /** Whether the table holds rows for {@code date} (reads the Delta log statistics only). */
  public boolean hasDate(TableSpec table, LocalDate date) {
    return exists(table) && !readDate(table, date).isEmpty();
  }

  /**
   * Fails with one line when the warehouse root cannot be written (checked before a stage writes
   * anything).
   */
  public void requireWritable() {
    Path probe = path("_locks");
    try {
      FileSystem fs = fileSystem();
      if (!fs.mkdirs(probe)) {
        throw new IOException("mkdirs returned false");
      }
      Path marker = new Path(probe, ".write-probe-" + java.util.UUID.randomUUID());
      fs.create(marker, true).close();
      fs.delete(marker, false);
    } catch (IOException | RuntimeException e) {
      if (e instanceof PasifException p) {
        throw p;
      }
      throw new PasifException("warehouse " + root + " is not writable: " + firstLine(e), e);
    }
  }

  /**
   * A fingerprint of the rows of one run date: the row count and the sum of a 64-bit hash of every
   * row (order-independent, and duplicates count). Columns in {@code ignore} (e.g. run ids) are
   * left out. Two runs that wrote the same content give the same fingerprint.
   */
  public String contentHash(TableSpec table, LocalDate date, String... ignore) {
    java.util.List<String> skip = java.util.Arrays.asList(ignore);
    org.apache.spark.sql.Column[] cols =
        java.util.Arrays.stream(table.schema().fieldNames())
            .filter(c -> !skip.contains(c))
            .map(functions::col)
            .toArray(org.apache.spark.sql.Column[]::new);
    Row r =
        readDate(table, date)
            .agg(
                functions.count(functions.lit(1)),
                functions.sum(functions.xxhash64(cols).cast("decimal(38,0)")))
            .first();
    return r.getLong(0) + ":" + (r.isNullAt(1) ? "0" : r.get(1).toString());
  }

  /** The tables of {@link Tables#ALL} that exist in this warehouse. */
  public List<TableSpec> existingTables() {
    List<TableSpec> out = new ArrayList<>();
    for (TableSpec t : Tables.ALL) {
      if (exists(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The Hadoop file system of the warehouse root (file:, s3a:, …). */
  public FileSystem fileSystem() {
    try {
      // new Path(String) takes the text as a path (spaces allowed); URI.create would not.
      return new Path(root).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException | IllegalArgumentException e) {
      throw new PasifException("cannot open warehouse " + root + ": " + e.getMessage(), e);
    }
  }

  public Path path(String child) {
    return new Path(root + "/" + child);
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
