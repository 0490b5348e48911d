package id.pasif.cli;

import id.pasif.config.PasifConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the dump is and in which format. */
public class InputOptions {
  @Option(
      names = "--input",
      paramLabel = "URI",
      description = "Root of the dump: a path, file:// or s3a:// URI (pasif.input).")
  String input;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "auto (by file endings, the default), jsonl, jsonl.gz, csv or parquet"
              + " (pasif.input.format).")
  String format;

  Map<String, String> overrides() {
    Map<String, String> m = new LinkedHashMap<>();
    if (input != null) {
      m.put(PasifConfig.INPUT, input);
    }
    if (format != null) {
      if (!format.equals("auto")) {
        id.pasif.dump.DumpFormat.fromId(format);
      }
      m.put(PasifConfig.INPUT_FORMAT, format);
    }
    return m;
  }
}
