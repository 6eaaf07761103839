package io.gympulse.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>The source remembers every variable asked of it, with a value its reader refuses, so tests can prove
 * that the documentation lists exactly the variables the gateway reads and that each refuses bad input.
 */
public final class ConfigSource {

  private final Map<String, String> env;
  private final Properties properties;
  private final Map<String, Optional<String>> variablesRead = new LinkedHashMap<>();

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

  /**
   * Every variable read so far, in reading order, each with a value its reader refuses (empty when any
   * text is accepted).
   */
  public Map<String, Optional<String>> variablesRead() {
    return Collections.unmodifiableMap(variablesRead);
  }

  /** Declares a value the caller's own check of {@code name} refuses (see {@link #variablesRead()}). */
  public void refuses(String name, String refusedValue) {
    variablesRead.put(name, Optional.of(refusedValue));
  }

  /** The trimmed value, if set and not blank; any text is accepted. */
  public Optional<String> get(String name) {
    variablesRead.putIfAbsent(name, Optional.empty());
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
    refuses(name, Long.toString((long) max + 1));
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
    refuses(name, "0");
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
    refuses(name, Long.toString(max.toMillis() + 1));
    return get(name).map(raw -> Duration.ofMillis(
            intInRange(name, 0, (int) min.toMillis(), (int) Math.min(Integer.MAX_VALUE, max.toMillis()))))
        .orElse(defaultValue);
  }

  public Duration seconds(String name, Duration defaultValue, Duration min, Duration max) {
    refuses(name, Long.toString(max.toSeconds() + 1));
    return get(name).map(raw -> Duration.ofSeconds(
            intInRange(name, 0, (int) min.toSeconds(), (int) Math.min(Integer.MAX_VALUE, max.toSeconds()))))
        .orElse(defaultValue);
  }

  /** Parses one of a fixed set of words (case-insensitive) into the enum constant with that wire name. */
  public <E extends Enum<E>> E choice(String name, E defaultValue, Class<E> type, Function<E, String> wireName) {
    refuses(name, "none-of-these");
    return get(name).map(raw -> Arrays.stream(type.getEnumConstants())
            .filter(e -> wireName.apply(e).equalsIgnoreCase(raw))
            .findFirst()
            .orElseThrow(() -> new ConfigException(name + "='" + raw + "' is invalid: expected one of "
                + Arrays.stream(type.getEnumConstants()).map(wireName).collect(Collectors.joining(" | ")))))
        .orElse(defaultValue);
  }

  /** Parses one of {@code words} (case-insensitive) into that word as given. */
  public String word(String name, String defaultValue, List<String> words) {
    refuses(name, "none-of-these");
    return get(name).map(raw -> words.stream().filter(raw::equalsIgnoreCase).findFirst()
            .orElseThrow(() -> new ConfigException(name + "='" + raw + "' is invalid: expected one of "
                + String.join(" | ", words))))
        .orElse(defaultValue);
  }

  /** An optional http(s) URL with a host, e.g. a local endpoint for an AWS service. */
  public Optional<URI> httpUrl(String name, String example) {
    refuses(name, "localhost:8000");
    return get(name).map(raw -> {
      try {
        URI uri = new URI(raw);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException ignored) {
        // reported below
      }
      throw new ConfigException(name + "='" + raw + "' is invalid: expected an http(s) URL such as " + example);
    });
  }

  /** An optional {@code mqtt://host[:port]} or {@code mqtts://host[:port]} broker address, without path or query. */
  public Optional<URI> mqttUrl(String name, String example) {
    refuses(name, "tcp://broker:1883");
    return get(name).map(raw -> {
      try {
        URI uri = new URI(raw);
        boolean mqtt = "mqtt".equals(uri.getScheme()) || "mqtts".equals(uri.getScheme());
        boolean bare = (uri.getPath() == null || uri.getPath().isEmpty() || "/".equals(uri.getPath()))
            && uri.getQuery() == null && uri.getUserInfo() == null;
        if (mqtt && uri.getHost() != null && bare) {
          return uri;
        }
      } catch (URISyntaxException ignored) {
        // reported below
      }
      throw new ConfigException(name + "='" + raw + "' is invalid: expected mqtt://host:port or mqtts://host:port, "
          + "such as " + example);
    });
  }

  /**
   * A file named by {@code name}, read whole. A missing, unreadable or empty file is refused here, so
   * each caller only has to check the content.
   */
  public Optional<SettingFile> file(String name) {
    refuses(name, "/nonexistent/gympulse-setting-file");
    return get(name).map(raw -> SettingFile.read(name, raw));
  }

  /** Like {@link #file}, but the value may also be the PEM text itself (see {@link SettingFile#readPem}). */
  public Optional<SettingFile> pem(String name) {
    refuses(name, "/nonexistent/gympulse-setting-file");
    return get(name).map(raw -> SettingFile.readPem(name, raw));
  }

  public boolean onOff(String name, boolean defaultValue) {
    refuses(name, "maybe");
    return get(name).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new ConfigException(name + "='" + raw + "' is invalid: expected on | off");
    }).orElse(defaultValue);
  }
}
