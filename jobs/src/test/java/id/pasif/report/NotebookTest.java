package id.pasif.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a notebook's PASIF_WAREHOUSE points, whichever folder its kernel runs in. */
@Tag("quick")
class NotebookTest {
  @TempDir Path repo;

  @Test
  void aRelativeWarehouseIsTakenFromTheRepositoryRootWhenTheKernelRunsInNotebooks()
      throws Exception {
    Files.createDirectories(repo.resolve("jobs"));
    Path notebooks = Files.createDirectories(repo.resolve("notebooks"));
    // Jupyter starts the kernel in notebooks/; the README's `warehouse` is at the root.
    assertThat(Notebook.resolve("warehouse", notebooks))
        .isEqualTo(repo.resolve("warehouse").toString());
    assertThat(Notebook.resolve("./out/w", notebooks)).isEqualTo(repo.resolve("out/w").toString());
    // Run from the root, the same path names the same folder.
    assertThat(Notebook.resolve("warehouse", repo)).isEqualTo(repo.resolve("warehouse").toString());
  }

  @Test
  void absolutePathsAndUrisAreKept() {
    Path anywhere = Path.of("/tmp");
    assertThat(Notebook.resolve("/data/w", anywhere)).isEqualTo("/data/w");
    assertThat(Notebook.resolve("s3a://lake/pasif", anywhere)).isEqualTo("s3a://lake/pasif");
    assertThat(Notebook.resolve("file:///data/w", anywhere)).isEqualTo("file:///data/w");
  }

  @Test
  void aFolderNamedNotebooksOutsideARepositoryIsNotSkipped() throws Exception {
    Path notebooks = Files.createDirectories(repo.resolve("notebooks"));
    // no jobs/ beside it: not this repository's notebooks folder
    assertThat(Notebook.resolve("warehouse", notebooks))
        .isEqualTo(notebooks.resolve("warehouse").toString());
  }
}
