package id.pasif.cli;

import id.pasif.PasifException;
import id.pasif.config.PasifConfig;
import id.pasif.dump.DumpDataset;
import id.pasif.dump.DumpLayout;
import id.pasif.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Checks a command makes before it starts Spark (which takes seconds to tens of seconds): the
 * warehouse is configured, and the local paths it reads exist. A mistake is reported at once and
 * nothing is created. Remote locations (s3a://…) are checked by the job itself, once Spark (and its
 * credentials) are up.
 */
final class Preflight {
  private Preflight() {}

  /** How a command uses the warehouse. */
  enum WarehouseUse {
    /** Does not touch it (generate, upload). */
    NONE,
    /** Reads tables that must already be there. */
    READ,
    /** May create it (ingest, nightly). */
    WRITE
  }

  static final String NO_WAREHOUSE =
      "no warehouse given: pass --warehouse URI (or set pasif.warehouse in a --conf file, or"
          + " PASIF_WAREHOUSE)";

  /** Throws a one-line error when the warehouse is missing for a command that needs it. */
  static void warehouse(PasifConfig config, WarehouseUse use) {
    if (use == WarehouseUse.NONE) {
      return;
    }
    if (config.warehouse().isEmpty()) {
      throw new PasifException(NO_WAREHOUSE, PasifCommand.EXIT_USAGE, null);
    }
    Optional<Path> local = local(config.warehouse());
    if (local.isEmpty()) {
      return;
    }
    Path dir = local.get();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new PasifException("warehouse " + dir + " is a file, not a folder");
    }
    if (use == WarehouseUse.READ && !Files.isDirectory(dir)) {
      throw new PasifException(
          "no warehouse at "
              + dir
              + " (nothing was written there yet: run pasif nightly first, or check --warehouse)");
    }
  }

  /**
   * Throws the ingest's own "missing input" line when {@code input} is local and a dataset folder
   * of {@code date} is missing ({@link DumpLayout} is the layout's one home).
   */
  static void input(PasifConfig config, LocalDate date) {
    if (config.input().isEmpty()) {
      throw new PasifException(
          "no input given: pass --input URI (or set pasif.input)", PasifCommand.EXIT_USAGE, null);
    }
    if (local(config.input()).isEmpty()) {
      return;
    }
    String root = Warehouse.normalise(config.input());
    for (DumpDataset d : DumpDataset.values()) {
      String folder = DumpLayout.datasetFolder(root, d, date);
      if (!Files.isDirectory(local(folder).orElseThrow())) {
        throw new PasifException(
            "missing input: no " + d.tableName() + " for " + date + " (" + folder + ")");
      }
    }
  }

  /** The local path of a plain path or {@code file:} URI; empty for other schemes. */
  static Optional<Path> local(String location) {
    String n = Warehouse.normalise(location);
    if (!n.startsWith("file:")) {
      return Optional.empty();
    }
    String path = n.substring("file:".length());
    while (path.startsWith("//")) {
      path = path.substring(1);
    }
    return Optional.of(Path.of(path));
  }
}
