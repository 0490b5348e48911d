package id.pasif.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees from {@code scripts/pasif} (issue 17): stderr carries only pasif's own lines (no
 * "WARNING: Using incubator modules", no Maven colour codes, no "netlib-blas: dlopen", no Spark
 * WARN such as "Truncated the string representation of a plan"), results stay clean on stdout, a
 * missing input fails with one line and creates nothing, {@code --version} names the commit.
 *
 * <p>An integration test (failsafe, {@code mvn verify}): it runs the jar and classpath files of the
 * {@code package} phase through the script, as a user would.
 */
class QuietCommandsIT {
  static final String DATE = "2026-11-24";

  @TempDir static Path tmp;
  static Path repo;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void findRepo() {
    repo = StandaloneClusterIT.findRepo();
  }

  static Run pasif(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(repo.resolve("scripts/pasif").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment().remove("PASIF_CONF");
    pb.environment().remove("PASIF_WAREHOUSE");
    // The jar was just built by this Maven run; the script must not build it again.
    pb.environment().put("PASIF_NO_BUILD", "1");
    pb.environment().put("PASIF_JAVA_OPTS", "-Xmx1g");
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("scripts/pasif " + String.join(" ", args) + " hung");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Every stderr line is pasif's own ("pasif…"), none is JVM, Maven or Spark noise. */
  static void onlyPasifLines(Run r) {
    assertThat(r.err())
        .doesNotContain("WARNING")
        .doesNotContain("WARN ")
        .doesNotContain("netlib")
        .doesNotContain("\u001b[")
        .doesNotContain("Truncated the string representation");
    for (String line : r.err().lines().toList()) {
      assertThat(line).as(r.err()).startsWith("pasif");
    }
  }

  @Test
  void aNightlyAndAQueryPrintOnlyPasifLines() throws Exception {
    Path dump = tmp.resolve("dump");
    Path warehouse = tmp.resolve("warehouse");
    Run gen =
        pasif("generate", "--out", dump.toString(), "--date", DATE, "--users", "80", "--seed", "5");
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    onlyPasifLines(gen);
    Run nightly =
        pasif(
            "nightly",
            "--date",
            DATE,
            "--input",
            dump.toString(),
            "--warehouse",
            warehouse.toString());
    assertThat(nightly.exitCode()).as(nightly.err()).isZero();
    // The segment stage loads BLAS (netlib) and Spark plans get long here.
    onlyPasifLines(nightly);
    assertThat(nightly.out()).contains("pasif nightly " + DATE);

    Run sql =
        pasif(
            "sql",
            "--warehouse",
            warehouse.toString(),
            "SELECT count(*) AS n FROM pasif.follower_segments WHERE dt = DATE'" + DATE + "'");
    assertThat(sql.exitCode()).as(sql.err()).isZero();
    assertThat(sql.err()).isEmpty();
    assertThat(sql.out()).startsWith("+--").containsPattern("\\| n +\\|").endsWith("1 row\n");
  }

  @Test
  void aMissingInputIsOneLineAndCreatesNothing() throws Exception {
    Path warehouse = tmp.resolve("never");
    Run r =
        pasif(
            "ingest",
            "--date",
            DATE,
            "--input",
            tmp.resolve("nowhere").toString(),
            "--warehouse",
            warehouse.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("pasif ingest: error: missing input: ");
    assertThat(warehouse).doesNotExist();
    assertThat(tmp.resolve("warehouse-default")).doesNotExist();
  }

  @Test
  void versionNamesTheCommit() throws Exception {
    Run r = pasif("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).matches("pasif \\S+ \\(commit [0-9a-f]{12}\\)\\n");
  }
}
