package id.pasif.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One generated warehouse per test JVM: {@code pasif generate} of {@link #USERS} users (seed {@link
 * #SEED}) for {@link #DATE}, then {@code pasif nightly} on it, both through the command line in
 * this JVM, built the first time a test asks for it. Every test that only reads tables (views, sql,
 * evaluate, export, the HTML report's content) reads this one instead of paying its own generate +
 * nightly.
 *
 * <p>Read-only: a test that must write (a re-run, a backfill, maintenance, a report re-run) works
 * on its own {@link #copy}; a Delta table is a folder whose log names its files by relative paths,
 * so a copied folder is the same table. Classes that read it declare
 * {@code @ExtendWith(SharedWarehouse.ReadOnly.class)}, which fails the class if any file of the
 * warehouse or the dump was added, removed or changed while it ran.
 *
 * <p>It lives in {@code target/shared-warehouse} (replaced by each test JVM), so after {@code mvn
 * verify} it can be inspected, and {@code .ci/run} runs the notebooks on it.
 */
public final class SharedWarehouse {
  public static final String DATE = "2026-11-24";
  public static final int USERS = 400;
  public static final int SEED = 7;

  private static SharedWarehouse instance;
  private static RuntimeException failure;

  private final Path root;
  private final Cli.Outcome nightly;
  private final Map<String, String> files;

  private SharedWarehouse(Path root) {
    this.root = root;
    // Built as the product runs, with Spark's code generation (the other tests run interpreted
    // expressions, SharedSpark): every stage of the nightly runs the product's execution path
    // once per test JVM, and the tables the end-to-end classes check come from it.
    boolean before = SharedSpark.codegen(true);
    try {
      this.nightly = Cli.generateAndRunNightly(dump(), warehouse(), DATE, USERS, SEED);
    } finally {
      SharedSpark.codegen(before);
    }
    this.files = fingerprint(root);
  }

  /** The shared warehouse, built on first use. */
  public static synchronized SharedWarehouse get() {
    if (failure != null) {
      // built once per JVM: one failed build fails every class that needs it, at once
      throw failure;
    }
    if (instance == null) {
      Path root = Path.of("target", "shared-warehouse").toAbsolutePath();
      try {
        delete(root);
        instance = new SharedWarehouse(root);
      } catch (RuntimeException | AssertionError e) {
        failure = new IllegalStateException("building the shared warehouse failed", e);
        throw failure;
      }
    }
    return instance;
  }

  /** The generated dump (its truth files under {@code truth/}). */
  public String dump() {
    return root.resolve("dump").toString();
  }

  public String warehouse() {
    return root.resolve("warehouse").toString();
  }

  /** What the nightly that built the warehouse printed (its summary) and its exit code. */
  public Cli.Outcome nightly() {
    return nightly;
  }

  /** A writable copy of the warehouse at {@code dir} (which must not exist); returns its path. */
  public String copy(Path dir) {
    Path from = root.resolve("warehouse");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path to = dir.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toString();
  }

  /** Fails unless every file of the dump and the warehouse is as the nightly left it. */
  public void assertUntouched() {
    assertThat(fingerprint(root))
        .as("the shared warehouse is read-only: write to SharedWarehouse.copy(...) instead")
        .isEqualTo(files);
  }

  /** Relative path -> size and modification time of every file and folder under {@code dir}. */
  static Map<String, String> fingerprint(Path dir) {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        m.put(
            dir.relativize(p).toString(),
            a.isDirectory() ? "dir" : a.size() + " bytes, " + a.lastModifiedTime());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails a test class that changed the shared warehouse or its dump (checked after the class). */
  public static final class ReadOnly implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
      synchronized (SharedWarehouse.class) {
        if (instance != null) {
          instance.assertUntouched();
        }
      }
    }
  }
}
