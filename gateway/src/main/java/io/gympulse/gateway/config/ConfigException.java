package io.gympulse.gateway.config;

/** Thrown when start-up configuration is invalid; the message names the variable and what it accepts. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
