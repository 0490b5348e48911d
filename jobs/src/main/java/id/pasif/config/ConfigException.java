package id.pasif.config;

/** A configuration value that cannot be used; the message names the key and the value. */
public class ConfigException extends id.pasif.PasifException {
  public ConfigException(String message) {
    super(message);
  }
}
