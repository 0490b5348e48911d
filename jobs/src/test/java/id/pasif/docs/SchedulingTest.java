package id.pasif.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedulers of docs/operations.md: the Airflow DAG (docs/airflow/pasif_nightly.py, checked by
 * its Python tests against a stub of the Airflow API) and the cron wrapper scripts/cron-nightly,
 * run against a fake pasif that exits with the codes a test gives it. No Spark.
 */
@Tag("quick")
class SchedulingTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  record Run(int exitCode, String out) {}

  static Run run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void airflowDagPassesItsTestsAgainstTheStubbedAirflowApi() throws Exception {
    Run r =
        run(
            Map.of("PYTHONDONTWRITEBYTECODE", "1"),
            "python3",
            "-m",
            "unittest",
            "discover",
            "-s",
            "docs/airflow",
            "-v");
    assertThat(r.exitCode()).as(r.out()).isZero();
    Matcher ran = Pattern.compile("Ran (\\d+) tests").matcher(r.out());
    assertThat(ran.find()).as(r.out()).isTrue();
    // The DAG's own checks (tasks, sensor, schedule, run date, no retry on exit 2 and 3) all ran.
    assertThat(Integer.parseInt(ran.group(1))).as(r.out()).isGreaterThanOrEqualTo(13);
    for (String test :
        List.of(
            "test_exit_2_and_3_fail_at_once_without_retry",
            "test_sensor_waits_for_the_four_folders_of_the_date_without_holding_a_slot",
            "test_each_stage_runs_its_pasif_command_for_the_wib_day_of_the_interval_start")) {
      assertThat(r.out()).containsPattern("(?m)^" + test + " .*\\.\\.\\. ok$");
    }
  }

  /** A fake pasif: logs its arguments, one line per call, and exits with the next listed code. */
  Path fakePasif(int... codes) throws IOException {
    Path codesFile = tmp.resolve("codes");
    List<String> lines = new ArrayList<>();
    for (int c : codes) {
      lines.add(String.valueOf(c));
    }
    Files.write(codesFile, lines);
    Path fake = tmp.resolve("pasif");
    Files.writeString(
        fake,
        "#!/usr/bin/env bash\n"
            + "echo \"$*\" >> '"
            + tmp.resolve("calls")
            + "'\n"
            + "code=$(head -n 1 '"
            + codesFile
            + "')\n"
            + "sed -i 1d '"
            + codesFile
            + "'\n"
            + "exit \"${code:-0}\"\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    return fake;
  }

  List<String> calls() throws IOException {
    Path calls = tmp.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  Run cron(Path fake, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/cron-nightly"));
    command.addAll(List.of(args));
    return run(Map.of("PASIF_BIN", fake.toString()), command.toArray(new String[0]));
  }

  @Test
  void cronWrapperRetriesExit1And4AndSucceedsOnTheThirdAttempt() throws Exception {
    Run r = cron(fakePasif(1, 4, 0), "--delay", "0", "--date", "2026-11-24", "--input", "s3a://d");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(calls())
        .containsExactly(
            "nightly --date 2026-11-24 --input s3a://d",
            "nightly --date 2026-11-24 --input s3a://d",
            "nightly --date 2026-11-24 --input s3a://d");
    assertThat(r.out()).contains("succeeded on attempt 3/3");
  }

  @Test
  void cronWrapperExitsWithTheLastCodeWhenEveryAttemptFails() throws Exception {
    Run r = cron(fakePasif(4, 1, 1, 0), "--delay", "0", "--date", "2026-11-24");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
    assertThat(calls()).hasSize(3);
    assertThat(r.out()).contains("all 3 attempts failed, the last with exit code 1");

    Files.delete(tmp.resolve("calls"));
    Run four = cron(fakePasif(4, 4), "--attempts", "2", "--delay", "0", "--date", "2026-11-24");
    assertThat(four.exitCode()).as(four.out()).isEqualTo(4);
    assertThat(calls()).hasSize(2);
  }

  @Test
  void cronWrapperDoesNotRetryExit2Or3() throws Exception {
    for (int code : new int[] {2, 3}) {
      Files.deleteIfExists(tmp.resolve("calls"));
      Run r = cron(fakePasif(code, 0), "--delay", "0", "--date", "2026-11-24");
      assertThat(r.exitCode()).as(r.out()).isEqualTo(code);
      assertThat(calls()).as("exit " + code + " is not retried").hasSize(1);
      assertThat(r.out()).contains("exited " + code).contains("not retried");
    }
  }

  @Test
  void cronWrapperRunsYesterdayInWibByDefault() throws Exception {
    ZoneId wib = ZoneId.of("Asia/Jakarta");
    LocalDate before = LocalDate.now(wib).minusDays(1);
    Run r = cron(fakePasif(0), "--input", "s3a://d", "--warehouse", "s3a://w");
    LocalDate after = LocalDate.now(wib).minusDays(1);
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(calls())
        .hasSize(1)
        .first()
        .isIn(
            "nightly --date " + before + " --input s3a://d --warehouse s3a://w",
            "nightly --date " + after + " --input s3a://d --warehouse s3a://w");
  }

  @Test
  void cronWrapperRejectsABadAttemptsCountWithoutRunningPasif() throws Exception {
    Run r = cron(fakePasif(0), "--attempts", "0", "--date", "2026-11-24");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("--attempts must be a positive whole number");
    assertThat(calls()).isEmpty();
  }
}
