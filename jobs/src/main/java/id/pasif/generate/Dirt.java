package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.*;

import id.pasif.PasifException;
import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpFormat;
import id.pasif.ingest.Validation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Realistic bad records for {@code --dirty-rate}: each record of a dataset is, with probability
 * rate, replaced by a broken version of itself (or, for duplicates, written twice), and every
 * injection is listed in {@code truth/dirty_manifest.csv} with the quarantine reason ingest is
 * expected to give. JSON lines only: the lines are built with {@code to_json} and edited with
 * regular expressions, so what is broken is exactly what the manifest says.
 */
final class Dirt {
  static final String FILE = "file";
  static final String RECORD_ID = "record_id";
  static final String KIND = "kind";
  static final String EXPECTED_REASON = "expected_reason";
  static final String LINE = "value";

  // kinds of injected damage
  static final String MALFORMED_JSON = "malformed_json";
  static final String WRONG_TYPE = "wrong_type";
  static final String NULL_KEY = "null_key";
  static final String NEGATIVE_COUNT = "negative_count";
  static final String UNKNOWN_TYPE = "unknown_type";
  static final String TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range";
  static final String EXACT_DUPLICATE = "exact_duplicate";
  static final String EMPTY_FILE = "empty_file";

  /** The reason ingest should give each kind (empty: nothing to quarantine). */
  static final Map<String, String> EXPECTED =
      Map.of(
          MALFORMED_JSON, Validation.MALFORMED_RECORD,
          WRONG_TYPE, Validation.MALFORMED_RECORD,
          NULL_KEY, Validation.NULL_KEY,
          NEGATIVE_COUNT, Validation.NEGATIVE_COUNT,
          UNKNOWN_TYPE, Validation.UNKNOWN_INTERACTION_TYPE,
          TIMESTAMP_OUT_OF_RANGE, Validation.TIMESTAMP_OUT_OF_RANGE,
          EXACT_DUPLICATE, Validation.DUPLICATE_KEY,
          EMPTY_FILE, "");

  static final String JSON_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

  private final Random rnd;
  private final double rate;

  Dirt(Random rnd, double rate) {
    this.rnd = rnd;
    this.rate = rate;
  }

  /** Kinds of damage that make sense for a dataset. */
  static List<String> kinds(DumpDataset dataset) {
    return switch (dataset) {
      case FOLLOWS -> List.of(MALFORMED_JSON, WRONG_TYPE, NULL_KEY, TIMESTAMP_OUT_OF_RANGE);
      case INTERACTIONS ->
          List.of(
              MALFORMED_JSON,
              WRONG_TYPE,
              NULL_KEY,
              UNKNOWN_TYPE,
              TIMESTAMP_OUT_OF_RANGE,
              EXACT_DUPLICATE);
      case POSTS ->
          List.of(MALFORMED_JSON, WRONG_TYPE, NULL_KEY, TIMESTAMP_OUT_OF_RANGE, EXACT_DUPLICATE);
      case PROFILES -> List.of(MALFORMED_JSON, WRONG_TYPE, NULL_KEY, NEGATIVE_COUNT);
    };
  }

  /** The id a manifest row names a record by. */
  static Column recordId(DumpDataset dataset) {
    return switch (dataset) {
      case FOLLOWS ->
          concat_ws(":", col(FOLLOWER_ID).cast("string"), col(ACCOUNT_ID).cast("string"));
      case INTERACTIONS -> col(EVENT_ID);
      case POSTS -> col(POST_ID).cast("string");
      case PROFILES -> col(USER_ID).cast("string");
    };
  }

  private static String timeColumn(DumpDataset dataset) {
    return switch (dataset) {
      case FOLLOWS -> FOLLOWED_AT;
      case INTERACTIONS -> TS;
      case POSTS -> POSTED_AT;
      case PROFILES -> CREATED_AT;
    };
  }

  private static String numericColumn(DumpDataset dataset) {
    return switch (dataset) {
      case FOLLOWS, POSTS -> ACCOUNT_ID;
      case INTERACTIONS -> ACTOR_ID;
      case PROFILES -> FOLLOWERS_COUNT;
    };
  }

  /** The broken line of kind {@code kind} made from the clean JSON line {@code json}. */
  private static Column damage(DumpDataset dataset, Column json, Column kind) {
    String num = numericColumn(dataset);
    String time = timeColumn(dataset);
    Column nullKey =
        dataset == DumpDataset.PROFILES
            ? regexp_replace(json, "\"" + USER_ID + "\":-?\\d+,", "")
            : regexp_replace(json, ",\"" + time + "\":\"[^\"]*\"", "");
    String outside =
        dataset == DumpDataset.FOLLOWS ? "1970-01-01T00:00:00.000Z" : "2099-12-31T23:59:59.000Z";
    return when(kind.equalTo(MALFORMED_JSON), regexp_replace(json, "\\}$", ",\""))
        .when(
            kind.equalTo(WRONG_TYPE),
            regexp_replace(json, "\"" + num + "\":(-?\\d+)", "\"" + num + "\":\"x$1\""))
        .when(kind.equalTo(NULL_KEY), nullKey)
        .when(
            kind.equalTo(NEGATIVE_COUNT),
            regexp_replace(
                json, "\"" + FOLLOWING_COUNT + "\":(\\d+)", "\"" + FOLLOWING_COUNT + "\":-1$1"))
        .when(
            kind.equalTo(UNKNOWN_TYPE),
            regexp_replace(json, "\"type\":\"[a-z]+\"", "\"type\":\"poke\""))
        .when(
            kind.equalTo(TIMESTAMP_OUT_OF_RANGE),
            regexp_replace(
                json, "\"" + time + "\":\"[^\"]*\"", "\"" + time + "\":\"" + outside + "\""))
        .otherwise(json);
  }

  /**
   * Adds {@link #FILE} (index of the file the row lands in), {@link #RECORD_ID}, {@link #KIND}
   * (null for a clean record) and {@link #LINE}, the JSON line(s) to write. Needs the dataset's
   * columns, already partitioned as they will be written.
   */
  Dataset<Row> withDamage(Dataset<Row> ordered, DumpDataset dataset) {
    Column[] fields =
        Arrays.stream(dataset.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Column json = to_json(struct(fields), Map.of("timestampFormat", JSON_TIMESTAMP_FORMAT));
    List<String> kinds = kinds(dataset);
    double[] equal = new double[kinds.size()];
    Arrays.fill(equal, 1.0);
    Column rid = col(RECORD_ID);
    Column kind =
        when(
            rnd.uniform("dirty." + dataset.tableName(), rid).lt(rate),
            element_at(
                array(kinds.stream().map(k -> lit(k)).toArray(Column[]::new)),
                rnd.pick("dirty.kind." + dataset.tableName(), equal, rid)));
    Column clean = col("clean_json");
    Column line = damage(dataset, clean, col(KIND));
    return ordered
        .withColumn(FILE, spark_partition_id())
        .withColumn(RECORD_ID, recordId(dataset))
        .withColumn("clean_json", json)
        .withColumn(KIND, kind)
        .withColumn(
            LINE,
            explode(
                when(col(KIND).equalTo(EXACT_DUPLICATE), array(line, line))
                    .otherwise(array(line))));
  }

  /** File name of the {@code index}-th part of a folder. */
  static String partName(int index, DumpFormat format) {
    return String.format("part-%05d%s", index, format.extension());
  }

  /**
   * Manifest rows of one damaged dataset: dataset, file ({@code filePrefix} and the part file's
   * name), record_id, kind, expected_reason.
   */
  static Dataset<Row> manifest(
      Dataset<Row> damaged, DumpDataset dataset, DumpFormat format, String filePrefix) {
    Column reason = lit("");
    for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
      reason = when(col(KIND).equalTo(e.getKey()), lit(e.getValue())).otherwise(reason);
    }
    return damaged
        .where(col(KIND).isNotNull())
        .dropDuplicates(RECORD_ID)
        .select(
            lit(dataset.tableName()).as(DATASET),
            format_string(
                    filePrefix.replace("%", "%%") + "part-%05d" + format.extension(), col(FILE))
                .as(FILE),
            col(RECORD_ID),
            col(KIND),
            reason.as(EXPECTED_REASON));
  }

  private static final Pattern PART = Pattern.compile("^part-(\\d+)-.*");

  /**
   * Writes the lines of {@code damaged} as {@code format} into {@code folder}; the file of Spark
   * partition i is {@code part-0000i<ext>}, as {@link #manifest} names it.
   */
  static void writeLines(
      SparkSession spark, Dataset<Row> damaged, String folder, DumpFormat format) {
    String staging = folder + "._staging";
    damaged
        .select(col(LINE))
        .write()
        .mode(SaveMode.Overwrite)
        .option("compression", format == DumpFormat.JSONL_GZ ? "gzip" : "none")
        .text(staging);
    try {
      FileSystem fs =
          FileSystem.get(URI.create(folder), spark.sparkContext().hadoopConfiguration());
      Path target = new Path(folder);
      fs.delete(target, true);
      fs.mkdirs(target);
      for (FileStatus s : fs.listStatus(new Path(staging))) {
        Matcher m = PART.matcher(s.getPath().getName());
        if (!m.matches()) {
          continue;
        }
        Path dest = new Path(target, partName(Integer.parseInt(m.group(1)), format));
        if (!fs.rename(s.getPath(), dest)) {
          throw new IOException("rename to " + dest + " failed");
        }
      }
      fs.delete(new Path(staging), true);
    } catch (IOException e) {
      throw new PasifException("cannot write dump folder " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes an empty data file of {@code format} (a zero-byte JSON lines file, or an empty gzip
   * stream) as {@code folder/name}.
   */
  static void writeEmptyFile(SparkSession spark, String folder, String name, DumpFormat format) {
    try {
      FileSystem fs =
          FileSystem.get(URI.create(folder), spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(new Path(folder, name), true)) {
        if (format == DumpFormat.JSONL_GZ) {
          new GZIPOutputStream(out).finish();
        }
      }
    } catch (IOException e) {
      throw new PasifException("cannot write " + folder + "/" + name + ": " + e.getMessage(), e);
    }
  }
}
