package id.pasif.dump;

import static id.pasif.warehouse.Columns.SOURCE_FILE;

import id.pasif.PasifException;
import id.pasif.warehouse.Schemas;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one dataset of a dump for one date with its declared schema (never inferred).
 *
 * <p>Text formats are read in {@code PERMISSIVE} mode with a corrupt-record column, so a line that
 * does not parse is kept (and quarantined by ingest) instead of being dropped.
 */
public final class DumpReader {
  /** Column holding the raw text of a line that did not parse (JSON lines and CSV only). */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  private final SparkSession spark;

  public DumpReader(SparkSession spark) {
    this.spark = spark;
  }

  /** What was found for one dataset: its files and their format. */
  public record Source(DumpDataset dataset, String folder, DumpFormat format, List<String> files) {}

  /**
   * Finds the files of {@code dataset} for {@code date} under {@code root}.
   *
   * @param requestedFormat {@code auto} to go by file endings, or a format id
   */
  public Source locate(String root, DumpDataset dataset, LocalDate date, String requestedFormat) {
    String folder = DumpLayout.datasetFolder(root, dataset, date);
    FileStatus[] statuses;
    try {
      FileSystem fs =
          FileSystem.get(URI.create(folder), spark.sparkContext().hadoopConfiguration());
      statuses = fs.listStatus(new Path(folder));
    } catch (FileNotFoundException e) {
      throw new PasifException(
          "missing input: no " + dataset.tableName() + " for " + date + " (" + folder + ")");
    } catch (IOException e) {
      throw new PasifException("cannot list input " + folder + ": " + e.getMessage(), e);
    }
    List<String> files = new ArrayList<>();
    Set<DumpFormat> formats = new TreeSet<>();
    for (FileStatus s : statuses) {
      String name = s.getPath().getName();
      if (!s.isFile() || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      DumpFormat f =
          DumpFormat.ofFileName(name)
              .orElseThrow(
                  () ->
                      new PasifException(
                          "unknown format of input file "
                              + s.getPath()
                              + "; expected a name ending in .jsonl, .jsonl.gz, .csv or .parquet"));
      formats.add(f);
      files.add(s.getPath().toString());
    }
    if (files.isEmpty()) {
      throw new PasifException("empty input: " + folder + " holds no data files");
    }
    if (formats.size() > 1) {
      throw new PasifException(
          "mixed formats " + formats + " in " + folder + "; use one per dataset");
    }
    DumpFormat found = formats.iterator().next();
    if (!"auto".equals(requestedFormat)) {
      DumpFormat wanted = DumpFormat.fromId(requestedFormat);
      if (wanted != found) {
        throw new PasifException(
            "input " + folder + " is " + found.id() + ", not the requested " + wanted.id());
      }
    }
    files.sort(String::compareTo);
    return new Source(dataset, folder, found, List.copyOf(files));
  }

  /**
   * Reads a located dataset: the dataset's columns (all nullable: validation comes later), {@link
   * #CORRUPT_RECORD} (null for Parquet) and {@code source_file}.
   */
  public Dataset<Row> read(Source source) {
    StructType schema = Schemas.allNullable(source.dataset().schema());
    String[] paths = source.files().toArray(new String[0]);
    Dataset<Row> df;
    switch (source.format()) {
      case JSONL, JSONL_GZ -> {
        df =
            textReader(schema)
                .option("multiLine", "false")
                .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]")
                .json(paths);
      }
      case CSV -> {
        checkCsvHeader(source);
        df =
            textReader(schema)
                .option("header", "true")
                .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]")
                .csv(paths);
      }
      case PARQUET -> {
        checkParquetColumns(source);
        df =
            spark
                .read()
                .schema(schema)
                .parquet(paths)
                .withColumn(CORRUPT_RECORD, functions.lit(null).cast(DataTypes.StringType));
      }
      default -> throw new IllegalStateException(source.format().toString());
    }
    return df.withColumn(SOURCE_FILE, functions.col("_metadata.file_path"));
  }

  private DataFrameReader textReader(StructType schema) {
    return spark
        .read()
        .schema(schema.add(CORRUPT_RECORD, DataTypes.StringType, true))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT_RECORD);
  }

  /** A CSV dump must name every column of the dataset in its header (extra columns are fine). */
  private void checkCsvHeader(Source source) {
    Dataset<String> firstLines =
        spark.read().option("lineSep", "\n").textFile(source.files().get(0)).limit(1);
    List<String> header =
        firstLines.isEmpty()
            ? List.of()
            : Arrays.stream(firstLines.first().split(",", -1)).map(String::trim).toList();
    requireColumns(source, header);
    List<String> expected = Arrays.asList(source.dataset().schema().fieldNames());
    if (!header.equals(expected)) {
      throw new PasifException(
          "CSV header of "
              + source.files().get(0)
              + " must be exactly "
              + String.join(",", expected)
              + " (found "
              + String.join(",", header)
              + ")");
    }
  }

  private void checkParquetColumns(Source source) {
    List<String> present = Arrays.asList(spark.read().parquet(source.files().get(0)).columns());
    requireColumns(source, present);
  }

  private static void requireColumns(Source source, List<String> present) {
    for (String required : source.dataset().schema().fieldNames()) {
      if (!present.contains(required)) {
        throw new PasifException(
            "required column "
                + required
                + " missing from "
                + source.dataset().tableName()
                + " file "
                + source.files().get(0));
      }
    }
  }
}
