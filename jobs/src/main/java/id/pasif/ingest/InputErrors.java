package id.pasif.ingest;

import id.pasif.PasifException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the failures Spark raises while reading a dump into one line that names the file and the
 * problem (a truncated gzip, a file that is not Parquet, …).
 */
final class InputErrors {
  private InputErrors() {}

  private static final Pattern FILE = Pattern.compile("((?:file|s3a|hdfs):[^\\s,'\"]+[^\\s,'\".])");

  /** Spark's text when a CSV file's header differs from the schema (enforceSchema=false). */
  private static final Pattern CSV_HEADER =
      Pattern.compile(
          "(?s)CSV header does not conform to the schema\\.\\s+Header: ([^\\n]*)\\n"
              + "\\s*Schema: ([^\\n]*)\\n.*CSV file: (\\S+)");

  /** Spark's text when a CSV file's header has another number of columns than the schema. */
  private static final Pattern CSV_HEADER_LENGTH =
      Pattern.compile(
          "(?s)Number of column in CSV header is not equal to number of fields in the schema:"
              + "\\s+Header length: (\\d+), schema size: (\\d+)\\s+CSV file: (\\S+)");

  static RuntimeException explain(Exception e) {
    if (e instanceof PasifException p) {
      return p;
    }
    String file = null;
    String cause = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      Matcher header = m == null ? null : CSV_HEADER.matcher(m);
      if (header != null && header.find()) {
        return new PasifException(
            "CSV header of "
                + header.group(3)
                + " must be exactly "
                + header.group(2).replace(", ", ",")
                + " (found "
                + header.group(1).replace(", ", ",")
                + ")",
            e);
      }
      Matcher length = m == null ? null : CSV_HEADER_LENGTH.matcher(m);
      if (length != null && length.find()) {
        return new PasifException(
            "CSV header of "
                + length.group(3)
                + " names "
                + length.group(1)
                + " columns; it must name exactly the dataset's "
                + length.group(2)
                + " columns, in the order of docs/dump-format.md",
            e);
      }
      if (m != null && m.contains("PARQUET_COLUMN_DATA_TYPE_MISMATCH") && cause == null) {
        cause = "a column has another type than the dataset declares (" + lastLine(m) + ")";
      }
      if (m != null && file == null) {
        Matcher matcher = FILE.matcher(m);
        if (matcher.find()) {
          file = matcher.group(1);
        }
      }
      if (t instanceof java.io.EOFException || t instanceof java.util.zip.ZipException) {
        cause = "truncated or corrupt compressed file (" + t.getMessage() + ")";
      } else if (m != null && m.contains("is not a Parquet file")) {
        cause = "not a Parquet file";
      } else if (t instanceof java.io.IOException && cause == null) {
        cause = t.getClass().getSimpleName() + ": " + firstLine(m);
      }
    }
    if (cause == null) {
      return e instanceof RuntimeException r ? r : new RuntimeException(e.getMessage(), e);
    }
    return new PasifException(
        "unreadable input file" + (file == null ? "" : " " + file) + ": " + cause, e);
  }

  private static String lastLine(String m) {
    String s = m.strip();
    int nl = s.lastIndexOf('\n');
    return nl < 0 ? s : s.substring(nl + 1).strip();
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
