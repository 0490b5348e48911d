package id.pasif.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The files under a dump root, for byte-for-byte comparisons of generated dumps. */
public final class DumpFiles {
  private DumpFiles() {}

  /**
   * Every regular file under {@code root} by its relative path, with its bytes; hidden files (the
   * {@code .crc} checksums Hadoop writes beside them) are left out.
   */
  public static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p :
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .toList()) {
        m.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }
}
