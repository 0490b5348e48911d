package id.pasif.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository a test runs in, and its one list of JVM options ({@code conf/jvm.options}). */
public final class Repo {
  static final String JVM_OPTIONS = "conf/jvm.options";

  private Repo() {}

  /** The repository's root: the first folder above the working folder that holds the conf. */
  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(JVM_OPTIONS)) && Files.isDirectory(dir.resolve("jobs"))) {
        return dir;
      }
    }
    throw new IllegalStateException(JVM_OPTIONS + " not found above the working folder");
  }

  /**
   * The JVM options of every JVM that runs Spark, from their one home {@code conf/jvm.options}: one
   * option per line, lines starting with {@code #} and blank lines skipped.
   */
  public static List<String> jvmOptions() {
    return parseJvmOptions(root().resolve(JVM_OPTIONS));
  }

  static List<String> parseJvmOptions(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code java} launcher of the JVM running the tests. */
  public static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
