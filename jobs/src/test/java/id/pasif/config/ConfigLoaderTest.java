package id.pasif.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("quick")
class ConfigLoaderTest {
  @TempDir Path tmp;

  @Test
  void defaultsApplyWithoutFileEnvironmentOrOptions() {
    PasifConfig c = ConfigLoader.load(List.of(), Map.of(), Map.of());
    assertThat(c.windowDays()).isEqualTo(28);
    assertThat(c.minExposure()).isEqualTo(3);
    assertThat(c.dayZone()).isEqualTo(ZoneId.of("Asia/Jakarta"));
    // No warehouse by default: commands that need one refuse to start (CliErrorsTest).
    assertThat(c.warehouse()).isEmpty();
    assertThat(c.master()).isEqualTo("local[*,2]");
  }

  @Test
  void fileOverridesDefaultsEnvironmentOverridesFileOptionsOverrideEnvironment() throws Exception {
    Path file = tmp.resolve("a.conf");
    Files.writeString(
        file,
        "pasif.window.days = 14\npasif.exposure.min = 5\npasif.seed = 7\n"
            + "spark.sql.shuffle.partitions = 16\n");
    Map<String, String> env = Map.of("PASIF_EXPOSURE_MIN", "6", "PASIF_SEED", "8");
    Map<String, String> cli = Map.of("pasif.seed", "9");

    PasifConfig c = ConfigLoader.load(List.of(file), env, cli);

    assertThat(c.windowDays()).as("file beats default 28").isEqualTo(14);
    assertThat(c.minExposure()).as("environment beats file").isEqualTo(6);
    assertThat(c.seed()).as("option beats environment").isEqualTo(9);
    assertThat(c.sparkConf()).containsEntry("spark.sql.shuffle.partitions", "16");
  }

  @Test
  void laterFilesOverrideEarlierOnesAndPasifConfNamesTheDefaultFile() throws Exception {
    Path a = tmp.resolve("a.conf");
    Path b = tmp.resolve("b.conf");
    Files.writeString(a, "pasif.window.days = 14\npasif.exposure.min = 5\n");
    Files.writeString(b, "pasif.window.days = 7\n");

    PasifConfig both = ConfigLoader.load(List.of(a, b), Map.of(), Map.of());
    assertThat(both.windowDays()).isEqualTo(7);
    assertThat(both.minExposure()).isEqualTo(5);

    PasifConfig viaEnv = ConfigLoader.load(List.of(), Map.of("PASIF_CONF", a.toString()), Map.of());
    assertThat(viaEnv.windowDays()).isEqualTo(14);

    PasifConfig explicitWins =
        ConfigLoader.load(List.of(b), Map.of("PASIF_CONF", a.toString()), Map.of());
    assertThat(explicitWins.minExposure())
        .as("PASIF_CONF is ignored when --conf is given")
        .isEqualTo(3);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(
            () -> ConfigLoader.load(List.of(), Map.of(), Map.of("pasif.window.days", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pasif.window.days");
    assertThatThrownBy(
            () -> ConfigLoader.load(List.of(), Map.of(), Map.of("pasif.day.timezone", "Mars/Base")))
        .hasMessageContaining("pasif.day.timezone");
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of(), Map.of("colour", "red")))
        .hasMessageContaining("unknown configuration key 'colour'");
    assertThatThrownBy(
            () -> ConfigLoader.load(List.of(tmp.resolve("none.conf")), Map.of(), Map.of()))
        .hasMessageContaining("does not exist");
  }

  @Test
  void lockTimingsAreSecondsAndTheStaleLimitSpansSeveralHeartbeats() {
    PasifConfig d = ConfigLoader.load(List.of(), Map.of(), Map.of());
    assertThat(d.lockHeartbeatSeconds()).isEqualTo(30);
    assertThat(d.lockStaleSeconds()).isEqualTo(180);
    PasifConfig set =
        ConfigLoader.load(
            List.of(),
            Map.of("PASIF_LOCK_HEARTBEAT_SECONDS", "10"),
            Map.of("pasif.lock.stale.seconds", "30"));
    assertThat(set.lockHeartbeatSeconds()).isEqualTo(10);
    assertThat(set.lockStaleSeconds()).isEqualTo(30);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    List.of(),
                    Map.of(),
                    Map.of("pasif.lock.heartbeat.seconds", "30", "pasif.lock.stale.seconds", "89")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pasif.lock.stale.seconds=89 must be at least three heartbeats");
    // the age-based takeover is gone: its key is refused rather than silently ignored
    assertThatThrownBy(
            () -> ConfigLoader.load(List.of(), Map.of(), Map.of("pasif.lock.stale.minutes", "720")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pasif.lock.stale.minutes is no longer used");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigLoader.envName("pasif.window.days")).isEqualTo("PASIF_WINDOW_DAYS");
  }
}
