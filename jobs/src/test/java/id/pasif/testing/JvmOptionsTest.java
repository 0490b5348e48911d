package id.pasif.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/jvm.options} is the one home of the JVM options: the build, the scripts and the Spark
 * confs all run with exactly its list, and no script or pom keeps a copy of its own.
 */
@Tag("quick")
class JvmOptionsTest {
  static final Path ROOT = Repo.root();
  static final List<String> HOME = Repo.jvmOptions();

  @Test
  void theHomeListsSparksJava17OptionsOnePerLine() {
    // Spark's own list (org.apache.spark.launcher.JavaModuleOptions) holds these; a few spot
    // checks, and every line one option: no blank inside, which a joined copy would have.
    assertThat(HOME)
        .contains(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Duser.timezone=UTC")
        .doesNotHaveDuplicates()
        .allSatisfy(o -> assertThat(o).startsWith("-").doesNotContainAnyWhitespaces());
  }

  @Test
  void parsingSkipsCommentsAndBlankLinesAndTrims() throws IOException {
    Path f = Files.createTempFile("jvm", ".options");
    Files.writeString(f, "# a comment\n\n  -Da=1  \n\t# indented comment\n-Xss4m\n-Db=2");
    assertThat(Repo.parseJvmOptions(f)).containsExactly("-Da=1", "-Xss4m", "-Db=2");
  }

  @Test
  void theTestJvmRunsWithEveryOptionOfTheHome() {
    // Surefire's argLine is @{pasif.jvm.options}, which the build loads from the file: every
    // option of the file reaches this JVM, in the file's order.
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertThat(args).containsSubsequence(HOME);
  }

  @Test
  void theSparkConfsRepeatTheHomeExactly() throws IOException {
    for (String conf : List.of("conf/spark-defaults.conf", "conf/cluster.properties")) {
      Map<String, String> props = sparkProperties(ROOT.resolve(conf));
      for (String key :
          List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
        assertThat(props).as(conf).containsKey(key);
        assertThat(Arrays.asList(props.get(key).split("\\s+")))
            .as(conf + " " + key + " differs from conf/jvm.options")
            .isEqualTo(HOME);
      }
    }
  }

  @Test
  void theScriptsReadTheHome() throws Exception {
    // lib/jvm.bash, which every script that starts a Spark JVM sources, yields the file's list.
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$1/scripts/lib/jvm.bash\" && printf '%s\\n' \"${PASIF_JVM_OPTIONS[@]}\"",
                "bash",
                ROOT.toString())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines().toList()).isEqualTo(HOME);

    List<String> sourcing = new ArrayList<>();
    for (String script : List.of("pasif", "cluster", "submit-nightly", "run-notebooks")) {
      if (Files.readString(ROOT.resolve("scripts").resolve(script)).contains("lib/jvm.bash\"")) {
        sourcing.add(script);
      }
    }
    assertThat(sourcing).containsExactly("pasif", "cluster", "submit-nightly", "run-notebooks");
  }

  @Test
  void noScriptOrPomKeepsACopyOfTheList() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> scripts = Files.walk(ROOT.resolve("scripts"))) {
      scripts.filter(Files::isRegularFile).forEach(files::add);
    }
    files.addAll(
        List.of(
            ROOT.resolve("pom.xml"),
            ROOT.resolve("jobs/pom.xml"),
            ROOT.resolve("notebooks/pom.xml"),
            ROOT.resolve(".ci/run")));
    for (Path f : files) {
      assertThat(Files.readString(f, StandardCharsets.UTF_8))
          .as(ROOT.relativize(f).toString())
          .doesNotContain("--add-opens=java.base/java.lang=")
          .doesNotContain("useDirectMethodHandle");
    }
  }

  /** A Spark properties file: key, blanks, value; '#' comments. */
  static Map<String, String> sparkProperties(Path file) throws IOException {
    Map<String, String> props = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] kv = l.split("\\s+", 2);
      assertThat(props.put(kv[0], kv.length > 1 ? kv[1] : "")).as(file + " " + kv[0]).isNull();
    }
    return props;
  }
}
