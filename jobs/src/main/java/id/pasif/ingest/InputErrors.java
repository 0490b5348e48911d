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

  private static final Pattern FILE = Pattern.compile("((?:file|s3a|hdfs):[^\\s,'\"]+)");

  static RuntimeException explain(Exception e) {
    if (e instanceof PasifException p) {
      return p;
    }
    String file = null;
    String cause = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
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

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
