package id.pasif.dump;

import static id.pasif.warehouse.Columns.SOURCE_FILE;

import id.pasif.PasifException;
import id.pasif.warehouse.Schemas;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
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
    Path folderPath = new Path(folder);
    List<String> files = new ArrayList<>();
    Set<DumpFormat> formats = new TreeSet<>();
    try {
      // new Path(String) takes the text as a path (spaces allowed); URI.create would not.
      FileSystem fs = folderPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      // Subfolders are part of the delivery (dt=D/batch2/...): their files are read too.
      for (FileStatus st : listData(fs, folderPath, 0)) {
        DumpFormat f =
            DumpFormat.ofFileName(st.getPath().getName())
                .orElseThrow(
                    () ->
                        new PasifException(
                            "unknown format of input file "
                                + st.getPath()
                                + "; expected a name ending in .jsonl, .jsonl.gz, .csv or"
                                + " .parquet"));
        formats.add(f);
        files.add(st.getPath().toString());
      }
    } catch (FileNotFoundException e) {
      throw new PasifException(
          "missing input: no " + dataset.tableName() + " for " + date + " (" + folder + ")");
    } catch (IOException | IllegalArgumentException e) {
      throw new PasifException("cannot list input " + folder + ": " + e.getMessage(), e);
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

  /** Deepest subfolder of a dataset folder that is read; deeper nesting (a link loop) stops. */
  static final int MAX_DEPTH = 8;

  /**
   * The data files of {@code folder} and of its subfolders, skipping every file or folder whose
   * name starts with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc}, {@code _temporary/}).
   */
  private static List<FileStatus> listData(FileSystem fs, Path folder, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new PasifException(
          "input folder "
              + folder
              + " is nested more than "
              + MAX_DEPTH
              + " levels below its dataset folder (a link loop?)");
    }
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus s : fs.listStatus(folder)) {
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        out.addAll(listData(fs, s.getPath(), depth + 1));
      } else {
        out.add(s);
      }
    }
    return out;
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
        return parseJsonLines(spark.read().text(paths), schema);
      }
      case CSV -> {
        checkCsvHeader(source);
        df =
            textReader(schema)
                .option("header", "true")
                // Every file's header is checked against the schema, not only the first one's.
                .option("enforceSchema", "false")
                // RFC 4180: a quoted field may hold line breaks, and "" is a quote inside quotes.
                .option("multiLine", "true")
                .option("escape", "\"")
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

  /**
   * Timestamps in text dumps: ISO-8601 with an offset or {@code Z}, with up to 6 fraction digits. A
   * value without an offset does not parse (its row is quarantined): it is not read as UTC.
   */
  public static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]XXX";

  /** Characters around a JSON line that are not part of its object (a UTF-8 BOM included). */
  private static final String LINE_PADDING = " \t\r\n\uFEFF";

  /**
   * Parses JSON lines: one row per non-blank physical line of {@code lines} (column {@code value}).
   * A line that is not exactly one JSON object ({@code []}, {@code 123}, two objects, an object
   * followed by text) keeps its text in {@link #CORRUPT_RECORD}, so it is quarantined rather than
   * dropped, split or cut.
   *
   * <p>Needs {@code value} and {@code _metadata} (of a text read); gives the schema's columns,
   * {@link #CORRUPT_RECORD} and {@code source_file}.
   */
  static Dataset<Row> parseJsonLines(Dataset<Row> lines, StructType schema) {
    Column value = functions.col("value");
    // Nearly every line is a bare object: it starts with { and ends with }, which are not padding,
    // so it is its own trimmed form. Only other lines pay for btrim with a character set, which
    // Spark evaluates character by character with allocations (13 % of a 100,000-user JSON
    // ingest's CPU samples when every line paid for it, twice).
    Column trimmed =
        functions
            .when(value.startsWith("{").and(value.endsWith("}")), value)
            .otherwise(functions.btrim(value, functions.lit(LINE_PADDING)));
    Map<String, String> options =
        Map.of(
            "mode",
            "PERMISSIVE",
            "columnNameOfCorruptRecord",
            CORRUPT_RECORD,
            "timestampFormat",
            TIMESTAMP_FORMAT,
            "enableDateTimeParsingFallback",
            "false");
    // The parser reads the first value of a line and ignores what follows it. A line holds one
    // object only if it starts with { and ends with }, and, where "}{" appears, only if it is one
    // element when read as a JSON array (that second read runs on those rare lines only).
    Column oneElement =
        functions.size(
            functions.from_json(
                functions.concat(functions.lit("["), value, functions.lit("]")),
                DataTypes.createArrayType(DataTypes.StringType),
                Map.<String, String>of()));
    Column oneObject =
        trimmed
            .startsWith("{")
            .and(trimmed.endsWith("}"))
            .and(
                functions
                    .when(
                        value.rlike("\\}\\s*\\{"),
                        functions.coalesce(oneElement.equalTo(1), functions.lit(false)))
                    .otherwise(functions.lit(true)));
    StructType withCorrupt = schema.add(CORRUPT_RECORD, DataTypes.StringType, true);
    Dataset<Row> parsed =
        lines
            // A blank line holds no record.
            .where(trimmed.notEqual(functions.lit("")))
            .withColumn("_parsed", functions.from_json(value, withCorrupt, options))
            .withColumn("_one_object", oneObject);
    List<Column> out = new ArrayList<>();
    for (String c : schema.fieldNames()) {
      out.add(functions.col("_parsed." + c).as(c));
    }
    out.add(
        functions
            .when(functions.col("_one_object"), functions.col("_parsed." + CORRUPT_RECORD))
            .otherwise(value)
            .as(CORRUPT_RECORD));
    out.add(functions.col("_metadata.file_path").as(SOURCE_FILE));
    return parsed.select(out.toArray(new Column[0]));
  }

  private DataFrameReader textReader(StructType schema) {
    return spark
        .read()
        .schema(schema.add(CORRUPT_RECORD, DataTypes.StringType, true))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
        .option("timestampFormat", TIMESTAMP_FORMAT)
        .option("enableDateTimeParsingFallback", "false");
  }

  /**
   * The first file's header must name every column of the dataset (one line naming the missing
   * one); every file's header is then checked by the reader ({@code enforceSchema=false}).
   */
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
