package io.gympulse.gateway.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads typed settings from environment variables, or from system properties of the same name in
 * lower-case dotted form ({@code HTTP_PORT} or {@code -Dhttp.port}); the environment wins.
 *
 * <p>Every parse failure is a {@link ConfigException} naming the variable and the accepted values,
 * so a bad deployment stops with one clear line. Values are never echoed for secret variables.
 */
public final class ConfigSource {

  private final Map<String, String> env;
  private final Properties properties;

  public ConfigSource(Map<String, String> env, Properties properties) {
    this.env = Map.copyOf(env);
    this.properties = properties;
  }

  /** The process environment and system properties. */
  public static ConfigSource system() {
    return new ConfigSource(System.getenv(), System.getProperties());
  }

  /** Settings given explicitly, e.g. by tests; system properties are ignored. */
  public static ConfigSource of(Map<String, String> values) {
    return new ConfigSource(values, new Properties());
  }

  public Optional<String> get(String name) {
    String value = env.get(name);
    if (value == null) {
      value = properties.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  public String string(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  public int port(String name, int defaultValue) {
    return intInRange(name, defaultValue, 0, 65535);
  }

  public int intInRange(String name, int defaultValue, int min, int max) {
    return get(name).map(raw -> {
      try {
        int value = Integer.parseInt(raw);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // reported below with the accepted range
      }
      throw new ConfigException(
          name + "='" + raw + "' is invalid: expected an integer from " + min + " to " + max);
    }).orElse(defaultValue);
  }

  public double positiveDouble(String name, double defaultValue) {
    return get(name).map(raw -> {
      try {
        double value = Double.parseDouble(raw);
        if (value > 0 && Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigException(name + "='" + raw + "' is invalid: expected a positive number");
    }).orElse(defaultValue);
  }

  public Duration millis(String name, Duration defaultValue, Duration min, Duration max) {
    return get(name).map(raw -> Duration.ofMillis(
            intInRange(name, 0, (int) min.toMillis(), (int) Math.min(Integer.MAX_VALUE, max.toMillis()))))
        .orElse(defaultValue);
  }

  public Duration seconds(String name, Duration defaultValue, Duration min, Duration max) {
    return get(name).map(raw -> Duration.ofSeconds(
            intInRange(name, 0, (int) min.toSeconds(), (int) Math.min(Integer.MAX_VALUE, max.toSeconds()))))
        .orElse(defaultValue);
  }

  /** Parses one of a fixed set of words (case-insensitive) into the enum constant with that wire name. */
  public <E extends Enum<E>> E choice(String name, E defaultValue, Class<E> type, Function<E, String> wireName) {
    return get(name).map(raw -> Arrays.stream(type.getEnumConstants())
            .filter(e -> wireName.apply(e).equalsIgnoreCase(raw))
            .findFirst()
            .orElseThrow(() -> new ConfigException(name + "='" + raw + "' is invalid: expected one of "
                + Arrays.stream(type.getEnumConstants()).map(wireName).collect(Collectors.joining(" | ")))))
        .orElse(defaultValue);
  }

  public boolean onOff(String name, boolean defaultValue) {
    return get(name).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new ConfigException(name + "='" + raw + "' is invalid: expected on | off");
    }).orElse(defaultValue);
  }
}
