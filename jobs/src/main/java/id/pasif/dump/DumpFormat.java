package id.pasif.dump;

import id.pasif.PasifException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The file formats a dump may use; one format per dataset folder. */
public enum DumpFormat {
  JSONL("jsonl", ".jsonl"),
  JSONL_GZ("jsonl.gz", ".jsonl.gz"),
  CSV("csv", ".csv"),
  PARQUET("parquet", ".parquet");

  private final String id;
  private final String extension;

  DumpFormat(String id, String extension) {
    this.id = id;
    this.extension = extension;
  }

  /** The name used on the command line and in config: {@code jsonl}, {@code csv}, … */
  public String id() {
    return id;
  }

  /** File name ending, with the dot. */
  public String extension() {
    return extension;
  }

  /** Parses a format name, failing with the list of accepted names. */
  public static DumpFormat fromId(String id) {
    return Arrays.stream(values())
        .filter(f -> f.id.equalsIgnoreCase(id.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new PasifException(
                    "unknown format '" + id + "'; expected one of " + ids() + " (or auto)"));
  }

  /** The format a file name's ending shows, if any (longest ending first: .jsonl.gz before .gz). */
  public static Optional<DumpFormat> ofFileName(String fileName) {
    String n = fileName.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".jsonl.gz") || n.endsWith(".json.gz")) {
      return Optional.of(JSONL_GZ);
    }
    if (n.endsWith(".jsonl") || n.endsWith(".json")) {
      return Optional.of(JSONL);
    }
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (n.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }

  public static String ids() {
    return Arrays.stream(values()).map(DumpFormat::id).collect(Collectors.joining(", "));
  }
}
