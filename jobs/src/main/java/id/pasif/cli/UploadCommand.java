package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.dump.DumpDataset;
import id.pasif.warehouse.Warehouse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a dump (its dataset folders and truth/) to another store, e.g. a local dump to"
          + " s3a://bucket/prefix, keeping its layout. Files already there are replaced; hidden"
          + " files (.crc, ._staging) are skipped."
    })
final class UploadCommand extends SparkCommand {
  @Parameters(index = "0", paramLabel = "FROM", description = "Root of the dump to copy.")
  String from;

  @Parameters(index = "1", paramLabel = "TO", description = "Root to copy it to.")
  String to;

  /** One copied file: relative path and size. */
  record Copied(String relative, long bytes) {}

  @Override
  Preflight.WarehouseUse warehouseUse() {
    return Preflight.WarehouseUse.NONE;
  }

  @Override
  void preflight(PasifConfig config) {
    Preflight.local(from)
        .filter(p -> !java.nio.file.Files.isDirectory(p))
        .ifPresent(
            p -> {
              throw new PasifException("upload: " + Warehouse.normalise(from) + " is not a folder");
            });
  }

  @Override
  int run(PasifConfig config, SparkSession spark) throws IOException {
    String source = Warehouse.normalise(from);
    String target = Warehouse.normalise(to);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    FileSystem srcFs = FileSystem.get(URI.create(source), hadoop);
    FileSystem dstFs = FileSystem.get(URI.create(target), hadoop);
    Path srcRoot = srcFs.makeQualified(new Path(source));
    if (!srcFs.exists(srcRoot) || !srcFs.getFileStatus(srcRoot).isDirectory()) {
      throw new PasifException("upload: " + source + " is not a folder");
    }
    boolean looksLikeDump =
        Arrays.stream(DumpDataset.values())
            .anyMatch(d -> exists(srcFs, new Path(srcRoot, d.tableName())));
    if (!looksLikeDump) {
      throw new PasifException(
          "upload: "
              + source
              + " is not a dump (no "
              + String.join(
                  "/", Arrays.stream(DumpDataset.values()).map(d -> d.tableName()).toList())
              + " folder)");
    }
    List<Copied> copied = new ArrayList<>();
    String rootText = srcRoot.toUri().getPath();
    RemoteIterator<LocatedFileStatus> files = srcFs.listFiles(srcRoot, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String relative = f.getPath().toUri().getPath().substring(rootText.length() + 1);
      if (isHidden(relative)) {
        continue;
      }
      Path dest = new Path(target + "/" + relative);
      if (!FileUtil.copy(srcFs, f.getPath(), dstFs, dest, false, true, hadoop)) {
        throw new PasifException("upload: copying " + f.getPath() + " to " + dest + " failed");
      }
      copied.add(new Copied(relative, f.getLen()));
    }
    long bytes = copied.stream().mapToLong(Copied::bytes).sum();
    out().printf("uploaded %s to %s: %,d files, %,d bytes%n", source, target, copied.size(), bytes);
    out().flush();
    return 0;
  }

  /**
   * Whether any part of a relative path starts with '.' or '_' (checksums, markers) or is a staging
   * folder {@code …._staging} that an interrupted dump write left behind.
   */
  static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_") || part.endsWith("._staging")) {
        return true;
      }
    }
    return false;
  }

  private static boolean exists(FileSystem fs, Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new PasifException("upload: cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
