package id.pasif.dump;

import id.pasif.PasifException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one dataset of a dump in the dump layout, with deterministic file names {@code
 * part-NNNNN.<ext>} so that the same rows give the same files.
 */
public final class DumpWriter {
  private final SparkSession spark;

  public DumpWriter(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Writes {@code rows} (already in their final order within partitions) as {@code format} under
   * {@code <root>/<dataset>/dt=<date>/}, replacing what was there.
   */
  public void write(
      Dataset<Row> rows, String root, DumpDataset dataset, LocalDate date, DumpFormat format) {
    write(rows, root, dataset, date, format, Map.of());
  }

  /** {@link #write}, with writer options (e.g. Parquet column settings) added. */
  public void write(
      Dataset<Row> rows,
      String root,
      DumpDataset dataset,
      LocalDate date,
      DumpFormat format,
      Map<String, String> options) {
    String folder = DumpLayout.datasetFolder(root, dataset, date);
    writeFolder(rows, folder, format, options);
  }

  /** Writes {@code rows} into {@code folder} as {@code format} with stable part-file names. */
  public void writeFolder(Dataset<Row> rows, String folder, DumpFormat format) {
    writeFolder(rows, folder, format, Map.of());
  }

  private void writeFolder(
      Dataset<Row> rows, String folder, DumpFormat format, Map<String, String> options) {
    String staging = folder + "._staging";
    DataFrameWriter<Row> w = rows.write().mode(SaveMode.Overwrite).options(options);
    switch (format) {
      case JSONL -> w.option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX").json(staging);
      case JSONL_GZ ->
          w.option("compression", "gzip")
              .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
              .json(staging);
      case CSV ->
          w.option("header", "true")
              // RFC 4180, as DumpReader reads it: a quote inside a quoted field is doubled.
              .option("escape", "\"")
              .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
              .csv(staging);
      case PARQUET -> w.parquet(staging);
      default -> throw new IllegalStateException(format.toString());
    }
    moveParts(staging, folder, format);
  }

  private void moveParts(String staging, String folder, DumpFormat format) {
    try {
      Path target = new Path(folder);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(target, true);
      fs.mkdirs(target);
      FileStatus[] parts =
          Arrays.stream(fs.listStatus(new Path(staging)))
              .filter(s -> s.getPath().getName().startsWith("part-"))
              .sorted(Comparator.comparing(s -> s.getPath().getName()))
              .toArray(FileStatus[]::new);
      for (int i = 0; i < parts.length; i++) {
        Path dest = new Path(target, String.format("part-%05d%s", i, format.extension()));
        if (!fs.rename(parts[i].getPath(), dest)) {
          throw new IOException("rename to " + dest + " failed");
        }
      }
      fs.delete(new Path(staging), true);
    } catch (IOException e) {
      throw new PasifException("cannot write dump folder " + folder + ": " + e.getMessage(), e);
    }
  }
}
