package id.pasif.generate;

import static id.pasif.warehouse.Columns.*;
import static org.apache.spark.sql.functions.col;

import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpFormat;
import id.pasif.dump.DumpLayout;
import id.pasif.dump.DumpWriter;
import java.time.ZoneId;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code pasif generate}: a synthetic dump with ground truth. Generation is itself a Spark job: no
 * driver-side loop over users; every value is a deterministic function of the seed and the row's
 * ids, so the same arguments give the same files.
 */
public final class GenerateJob {
  private final SparkSession spark;
  private final GeneratorSpec spec;
  private final ZoneId dayZone;

  public GenerateJob(SparkSession spark, GeneratorSpec spec, ZoneId dayZone) {
    this.spark = spark;
    this.spec = spec;
    this.dayZone = dayZone;
  }

  /** Counts of what was written, for the command's summary. */
  public record Result(long users, long follows, long posts, long interactions) {}

  public Result run() {
    spark.sparkContext().setJobDescription("pasif generate " + spec.date());
    Populations pop = new Populations(spec, dayZone);
    int parts = spec.files();
    Dataset<Row> users = pop.users(spark, parts);
    Dataset<Row> profiles = pop.profiles(users);
    Dataset<Row> follows = pop.follows(profiles);
    Dataset<Row> posts = pop.posts(spark, parts);
    Dataset<Row> interactions = pop.interactions(follows, posts);

    DumpWriter writer = new DumpWriter(spark);
    write(writer, DumpDataset.PROFILES, profiles, USER_ID);
    write(writer, DumpDataset.FOLLOWS, follows, FOLLOWER_ID, ACCOUNT_ID);
    write(writer, DumpDataset.POSTS, posts, POST_ID);
    write(writer, DumpDataset.INTERACTIONS, interactions, EVENT_ID);

    Dataset<Row> labels =
        profiles
            .select(col(USER_ID), col(Populations.TRUE_SEGMENT).as(SEGMENT))
            .coalesce(1)
            .sortWithinPartitions(USER_ID);
    writer.writeFolder(labels, DumpLayout.truthFolder(spec.out()) + "/labels", DumpFormat.CSV);
    renameSingle(DumpLayout.truthFolder(spec.out()) + "/labels", DumpLayout.labelsFile(spec.out()));

    spark.sparkContext().setJobDescription("pasif generate " + spec.date() + ": counts");
    return new Result(
        spec.users(),
        countWritten(DumpDataset.FOLLOWS),
        countWritten(DumpDataset.POSTS),
        countWritten(DumpDataset.INTERACTIONS));
  }

  private void write(DumpWriter writer, DumpDataset dataset, Dataset<Row> rows, String... keys) {
    spark.sparkContext().setJobDescription("pasif generate: " + dataset.tableName());
    Column[] keyCols =
        Arrays.stream(keys).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> ordered =
        rows.select(dataset.schema().fieldNames()[0], tail(dataset.schema().fieldNames()))
            .repartition(spec.files(), keyCols)
            .sortWithinPartitions(keyCols);
    writer.write(ordered, spec.out(), dataset, spec.date(), spec.format());
  }

  private static String[] tail(String[] names) {
    return Arrays.copyOfRange(names, 1, names.length);
  }

  private long countWritten(DumpDataset dataset) {
    String folder = DumpLayout.datasetFolder(spec.out(), dataset, spec.date());
    return switch (spec.format()) {
      case PARQUET -> spark.read().parquet(folder).count();
      case CSV -> spark.read().option("header", "true").csv(folder).count();
      default -> spark.read().text(folder).count();
    };
  }

  private void renameSingle(String folder, String file) {
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(folder);
      org.apache.hadoop.fs.FileSystem fs =
          dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(file);
      fs.delete(target, false);
      org.apache.hadoop.fs.FileStatus[] parts = fs.listStatus(dir);
      if (parts.length != 1 || !fs.rename(parts[0].getPath(), target)) {
        throw new java.io.IOException("expected one part file in " + folder);
      }
      fs.delete(dir, true);
    } catch (java.io.IOException e) {
      throw new id.pasif.PasifException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
