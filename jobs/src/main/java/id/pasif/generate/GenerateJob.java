package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import id.pasif.PasifException;
import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpFormat;
import id.pasif.dump.DumpLayout;
import id.pasif.dump.DumpWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code pasif generate}: a synthetic dump with ground truth. Generation is itself a Spark job: no
 * driver-side loop over users; every value is a deterministic function of the seed and the row's
 * ids, so the same arguments give the same files.
 */
public final class GenerateJob {
  private final SparkSession spark;
  private final GeneratorSpec spec;
  private final ZoneId dayZone;
  private final int deliveries;
  private final double lateShare;

  public GenerateJob(SparkSession spark, GeneratorSpec spec, ZoneId dayZone) {
    this(spark, spec, dayZone, 1, 0);
  }

  /**
   * A job writing {@code deliveries} consecutive dump dates of one simulated world, {@code
   * spec.date()} the last: the world is the one {@code spec} describes (events in the {@code
   * spec.days()} days ending with the last date), the first date delivers everything up to its end
   * and each later date what happened on it (see {@link Deliveries}).
   *
   * @param lateShare share of events (posts and interactions) delivered 1 to 3 days after their own
   *     date (never after the last date); needs {@code deliveries > 1}
   */
  public GenerateJob(
      SparkSession spark, GeneratorSpec spec, ZoneId dayZone, int deliveries, double lateShare) {
    if (deliveries < 1 || deliveries > spec.days()) {
      throw new PasifException("--deliveries must be between 1 and the days of events");
    }
    if (lateShare < 0 || lateShare > 1) {
      throw new PasifException("--late-share must be between 0 and 1");
    }
    if (lateShare > 0 && deliveries == 1) {
      throw new PasifException("--late-share needs --deliveries of 2 or more");
    }
    this.spark = spark;
    this.spec = spec;
    this.dayZone = dayZone;
    this.deliveries = deliveries;
    this.lateShare = lateShare;
  }

  /** What one dump date holds: snapshot rows (follows) and the events delivered on it. */
  public record Delivery(
      LocalDate date, long profiles, long follows, long posts, long interactions) {}

  /**
   * Counts of what was written, for the command's summary: the last date's follows, the posts and
   * interactions of all deliveries, and each delivery's counts (one for a single date).
   */
  public record Result(
      long users,
      long follows,
      long posts,
      long interactions,
      long dirty,
      List<Delivery> deliveries) {}

  /**
   * Largest generated method whole-stage codegen may emit. The generator's columns are long chains
   * of hash draws, so a fused stage's method easily exceeds 8,000 bytes of bytecode, the size above
   * which HotSpot never JIT-compiles a method ({@code -XX:HugeMethodLimit}): such a stage ran
   * interpreted. With this limit Spark compiles those operators without fusing them, in small,
   * compiled methods (the value Spark's documentation suggests for HotSpot).
   */
  static final String HUGE_METHOD_LIMIT = "8000";

  /**
   * Parquet written by the generator: format version 2 pages, and no dictionary for the id and time
   * columns, which are (nearly) all different or sorted runs. Version 2 stores those columns
   * delta-encoded (DELTA_BINARY_PACKED / DELTA_BYTE_ARRAY), which the readers pasif uses (Spark,
   * DuckDB) read. A profile showed Parquet's dictionary attempts on them as the largest single cost
   * of writing; measured at 30,000 users (--accounts 1000, 17.5 M rows): 56.5 s and 106 CPU s with
   * the defaults, 51.3 s and 97 CPU s with version 2 and no dictionary, and the files 2 % smaller.
   * Strings with few values (type, media type, comments, province) keep a dictionary.
   */
  static final Map<String, String> PARQUET_OPTIONS = parquetOptions();

  private static Map<String, String> parquetOptions() {
    Map<String, String> o = new HashMap<>();
    o.put("parquet.writer.version", "PARQUET_2_0");
    for (String c :
        List.of(
            EVENT_ID,
            ACTOR_ID,
            ACCOUNT_ID,
            POST_ID,
            TS,
            FOLLOWER_ID,
            FOLLOWED_AT,
            POSTED_AT,
            USER_ID,
            USERNAME,
            CREATED_AT)) {
      o.put("parquet.enable.dictionary#" + c, "false");
    }
    return Map.copyOf(o);
  }

  private static final String HUGE_METHOD_LIMIT_KEY = "spark.sql.codegen.hugeMethodLimit";

  public Result run() {
    String previousLimit = spark.conf().get(HUGE_METHOD_LIMIT_KEY, null);
    spark.conf().set(HUGE_METHOD_LIMIT_KEY, HUGE_METHOD_LIMIT);
    try {
      return generate();
    } finally {
      if (previousLimit == null) {
        spark.conf().unset(HUGE_METHOD_LIMIT_KEY);
      } else {
        spark.conf().set(HUGE_METHOD_LIMIT_KEY, previousLimit);
      }
    }
  }

  private Result generate() {
    spark.sparkContext().setJobDescription("pasif generate " + spec.date());
    Populations pop = new Populations(spec, dayZone);
    World world = pop.world();
    Graph graph = new Graph(world);
    Events events = new Events(world, graph);
    // the profiles (one row per user, Spark expressions) feed every other dataset: kept
    Dataset<Row> profiles =
        pop.profiles(pop.users(spark, spec.files())).persist(StorageLevel.MEMORY_AND_DISK());
    // follows are cheap to generate again (no shuffle), so each use generates them
    Dataset<Row> follows = graph.follows(profiles);
    try {
      DumpWriter writer = new DumpWriter(spark);
      Dirt dirt = new Dirt(pop.rnd, spec.dirtyRate());
      List<Dataset<Row>> manifests = new ArrayList<>();
      Deliveries split = new Deliveries(pop.rnd, spec.date(), deliveries, dayZone, lateShare);
      for (int i = 0; i < deliveries; i++) {
        LocalDate date = split.date(i);
        boolean last = i == deliveries - 1;
        spark.sparkContext().setJobDescription("pasif generate " + date);
        Dataset<Row> posts = spec.interactions() ? events.posts(profiles) : null;
        write(
            writer,
            dirt,
            manifests,
            DumpDataset.PROFILES,
            date,
            last ? profiles : split.profilesAsOf(profiles, posts, i));
        write(
            writer,
            dirt,
            manifests,
            DumpDataset.FOLLOWS,
            date,
            last ? follows : split.followsAsOf(follows, i));
        if (spec.interactions()) {
          write(
              writer,
              dirt,
              manifests,
              DumpDataset.POSTS,
              date,
              split.delivered(posts, DumpDataset.POSTS, i));
          write(
              writer,
              dirt,
              manifests,
              DumpDataset.INTERACTIONS,
              date,
              split.delivered(events.interactions(profiles), DumpDataset.INTERACTIONS, i));
        } else {
          writeEmpty(DumpDataset.POSTS, date);
          writeEmpty(DumpDataset.INTERACTIONS, date);
        }
      }
      long dirty = 0;
      if (spec.dirtyRate() > 0) {
        dirty = writeDirtyManifest(manifests);
      }
      // the truth is the world's, as of the last date
      // users and their own follows leave in id order: these three are sorted already
      writeTruth("labels", Truth.labels(profiles));
      writeTruth("users", Truth.users(profiles));
      writeTruth("causes", graph.silentCauses(profiles));
      writeTruth("accounts", Truth.accounts(graph.standingTotals(profiles)).orderBy(ACCOUNT_ID));

      spark.sparkContext().setJobDescription("pasif generate " + spec.date() + ": counts");
      List<Delivery> counts = new ArrayList<>();
      for (int i = 0; i < deliveries; i++) {
        LocalDate date = split.date(i);
        counts.add(
            new Delivery(
                date,
                // the last date's profiles are every user: not read back (as before deliveries)
                i == deliveries - 1 ? spec.users() : countWritten(DumpDataset.PROFILES, date),
                countWritten(DumpDataset.FOLLOWS, date),
                countWritten(DumpDataset.POSTS, date),
                countWritten(DumpDataset.INTERACTIONS, date)));
      }
      return new Result(
          spec.users(),
          counts.get(deliveries - 1).follows(),
          counts.stream().mapToLong(Delivery::posts).sum(),
          counts.stream().mapToLong(Delivery::interactions).sum(),
          dirty,
          List.copyOf(counts));
    } finally {
      profiles.unpersist();
    }
  }

  private void write(
      DumpWriter writer,
      Dirt dirt,
      List<Dataset<Row>> manifests,
      DumpDataset dataset,
      LocalDate date,
      Dataset<Row> rows) {
    spark.sparkContext().setJobDescription("pasif generate: " + dataset.tableName() + " " + date);
    Column[] fields =
        Arrays.stream(dataset.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    // generated per user in id order, one partition per file: written as they come
    Dataset<Row> ordered = rows.select(fields);
    if (spec.dirtyRate() == 0) {
      Map<String, String> options =
          spec.format() == DumpFormat.PARQUET ? PARQUET_OPTIONS : Map.of();
      writer.write(ordered, spec.out(), dataset, date, spec.format(), options);
      return;
    }
    String folder = DumpLayout.datasetFolder(spec.out(), dataset, date);
    Dataset<Row> damaged = dirt.withDamage(ordered, dataset);
    Dirt.writeLines(spark, damaged, folder, spec.format());
    // one date: the file names as they were before deliveries; several: with their date folder
    String filePrefix = deliveries == 1 ? "" : "dt=" + date + "/";
    manifests.add(Dirt.manifest(damaged, dataset, spec.format(), filePrefix));
    if (dataset == DumpDataset.FOLLOWS) {
      String empty = Dirt.partName(spec.files(), spec.format());
      Dirt.writeEmptyFile(spark, folder, empty, spec.format());
      manifests.add(
          spark.createDataFrame(
              List.of(
                  org.apache.spark.sql.RowFactory.create(
                      dataset.tableName(), filePrefix + empty, "", Dirt.EMPTY_FILE, "")),
              manifests.get(manifests.size() - 1).schema()));
    }
  }

  /** Profile-only mode: the folder exists and holds one empty file of the format. */
  private void writeEmpty(DumpDataset dataset, LocalDate date) {
    String folder = DumpLayout.datasetFolder(spec.out(), dataset, date);
    if (spec.format() == DumpFormat.JSONL || spec.format() == DumpFormat.JSONL_GZ) {
      Dirt.writeEmptyFile(spark, folder, Dirt.partName(0, spec.format()), spec.format());
      return;
    }
    Dataset<Row> none = spark.createDataFrame(List.of(), dataset.schema()).coalesce(1);
    new DumpWriter(spark).write(none, spec.out(), dataset, date, spec.format());
  }

  private long writeDirtyManifest(List<Dataset<Row>> manifests) {
    Dataset<Row> all = manifests.get(0);
    for (Dataset<Row> m : manifests.subList(1, manifests.size())) {
      all = all.unionByName(m);
    }
    Dataset<Row> sorted =
        all.coalesce(1).sortWithinPartitions(col(DATASET), col(Dirt.FILE), col(Dirt.RECORD_ID));
    String folder = DumpLayout.truthFolder(spec.out()) + "/dirty_manifest";
    new DumpWriter(spark).writeFolder(sorted, folder, DumpFormat.CSV);
    renameSingle(folder, DumpLayout.truthFolder(spec.out()) + "/dirty_manifest.csv");
    return spark
        .read()
        .option("header", "true")
        .csv(DumpLayout.truthFolder(spec.out()) + "/dirty_manifest.csv")
        .count();
  }

  /**
   * Writes a truth file as one CSV: {@code rows} (sorted across partitions, partition i before
   * partition i + 1) written in parallel as header-less parts, then the parts concatenated in order
   * after one header line. The values are ids, numbers and names without commas or quotes, so a
   * line is the values joined by commas (null as empty), written as text: Spark's CSV writer costs
   * several times more per value.
   */
  private void writeTruth(String name, Dataset<Row> rows) {
    spark.sparkContext().setJobDescription("pasif generate: truth/" + name);
    String folder = DumpLayout.truthFolder(spec.out()) + "/" + name;
    Column[] values =
        Arrays.stream(rows.columns())
            .map(c -> coalesce(col(c).cast("string"), lit("")))
            .toArray(Column[]::new);
    rows.select(concat_ws(",", values)).write().mode(SaveMode.Overwrite).text(folder);
    concatParts(
        folder,
        DumpLayout.truthFolder(spec.out()) + "/" + name + ".csv",
        String.join(",", rows.columns()));
  }

  /** {@code header}, then the part files of {@code folder} in name order, into {@code file}. */
  private void concatParts(String folder, String file, String header) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] parts =
          Arrays.stream(fs.listStatus(dir))
              .filter(s -> s.getPath().getName().startsWith("part-"))
              .sorted(Comparator.comparing(s -> s.getPath().getName()))
              .toArray(FileStatus[]::new);
      try (OutputStream out = fs.create(new Path(file), true)) {
        out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
        for (FileStatus part : parts) {
          try (InputStream in = fs.open(part.getPath())) {
            in.transferTo(out);
          }
        }
      }
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new PasifException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private long countWritten(DumpDataset dataset, LocalDate date) {
    String folder = DumpLayout.datasetFolder(spec.out(), dataset, date);
    return switch (spec.format()) {
      case PARQUET -> spark.read().parquet(folder).count();
      case CSV -> spark.read().option("header", "true").csv(folder).count();
      default -> spark.read().text(folder).count();
    };
  }

  private void renameSingle(String folder, String file) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path target = new Path(file);
      fs.delete(target, false);
      FileStatus[] parts = fs.listStatus(dir);
      if (parts.length != 1 || !fs.rename(parts[0].getPath(), target)) {
        throw new IOException("expected one part file in " + folder);
      }
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new PasifException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
