package id.pasif.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves configuration with the precedence defaults &lt; conf file &lt; environment &lt;
 * command-line options.
 *
 * <p>A conf file is a Java properties file ({@code key = value}, {@code #} comments). An
 * environment variable {@code PASIF_WINDOW_DAYS} sets {@code pasif.window.days}: the key
 * upper-cased with dots as underscores. Only {@code pasif.*} keys are read from the environment;
 * Spark settings come from files or {@code --set}, and secrets (S3 keys) never pass through here at
 * all: the s3a credential providers read them from the environment themselves.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Environment variable naming the conf file used when no {@code --conf} is given. */
  public static final String CONF_ENV = "PASIF_CONF";

  /**
   * Resolves the configuration.
   *
   * @param confFiles properties files, later ones overriding earlier ones; when empty, the file
   *     named by the environment variable {@code PASIF_CONF}, if any
   * @param environment the process environment (injected for tests)
   * @param cliOverrides keys set on the command line, highest precedence
   */
  public static PasifConfig load(
      List<Path> confFiles, Map<String, String> environment, Map<String, String> cliOverrides) {
    Map<String, String> resolved = new LinkedHashMap<>(PasifConfig.DEFAULTS);
    List<Path> files = confFiles;
    if (files.isEmpty()
        && environment.get(CONF_ENV) != null
        && !environment.get(CONF_ENV).isBlank()) {
      files = List.of(Path.of(environment.get(CONF_ENV).trim()));
    }
    for (Path f : files) {
      resolved.putAll(readFile(f));
    }
    resolved.putAll(fromEnvironment(environment));
    resolved.putAll(cliOverrides);
    return PasifConfig.fromMap(resolved);
  }

  /** The {@code pasif.*} keys named by {@code PASIF_*} environment variables. */
  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : PasifConfig.DEFAULTS.keySet()) {
      String var = envName(key);
      String value = environment.get(var);
      if (value != null && !value.isBlank()) {
        out.put(key, value.trim());
      }
    }
    return out;
  }

  /** {@code pasif.window.days} -> {@code PASIF_WINDOW_DAYS}. */
  public static String envName(String key) {
    return key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("conf file " + file + " does not exist");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read conf file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(name.trim(), p.getProperty(name).trim());
    }
    return out;
  }
}
