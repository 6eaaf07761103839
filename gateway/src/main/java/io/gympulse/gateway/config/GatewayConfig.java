package io.gympulse.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole, immutable gateway configuration, validated once at start-up. Each verticle receives only
 * its own part.
 *
 * @param environment deployment environment
 * @param instanceId identity of this gateway instance (connections mirror, logs)
 * @param catalogPath catalog file; empty means the bundled Hong Kong sample
 * @param store durable store settings
 */
public record GatewayConfig(
    Environment environment,
    String instanceId,
    Optional<String> catalogPath,
    StoreConfig store,
    HttpConfig http,
    MqttConfig mqtt,
    FanoutConfig fanout,
    SimulatorConfig simulator,
    AuthConfig auth,
    RateLimitConfig rateLimits,
    ChatConfig chat) {

  /** Reads and validates every setting; throws {@link ConfigException} on the first invalid one. */
  public static GatewayConfig from(ConfigSource source) {
    Environment environment = source.choice("ENV", Environment.DEV, Environment.class, Environment::wireName);
    StoreConfig store = storeConfig(source);
    String defaultCors = environment == Environment.DEV ? "*" : null;
    String cors = source.get("CORS_ORIGINS").orElse(defaultCors);
    if (cors == null) {
      throw new ConfigException("CORS_ORIGINS must be set when ENV=" + environment.wireName()
          + ": expected a comma-separated list of origins ('*' is the default only in dev)");
    }
    HttpConfig http = new HttpConfig(
        source.string("HTTP_HOST", "0.0.0.0"),
        source.port("HTTP_PORT", 8080),
        Arrays.stream(cors.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    MqttConfig mqtt = new MqttConfig(
        source.string("MQTT_HOST", "0.0.0.0"),
        source.port("MQTT_PORT", 1883),
        source.intInRange("MQTT_MAX_PAYLOAD_BYTES", 4096, 64, 65536),
        source.millis("HEARTBEAT_WINDOW_MS", Duration.ofMinutes(3), Duration.ofMillis(100), Duration.ofDays(1)),
        source.seconds("MAX_CLOCK_SKEW_SECONDS", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)),
        source.intInRange("MQTT_MAX_UNACKED_PER_DEVICE", 100, 1, 65_535),
        source.intInRange("MQTT_MAX_UNACKED_TOTAL", 10_000, 1, 10_000_000),
        source.onOff("MQTT_PLAIN", true),
        mqttTls(source),
        new MqttLimits(
            source.intInRange("MQTT_MAX_CONNECTIONS_PER_ADDRESS", 500, 1, 1_000_000),
            source.intInRange("MQTT_CONNECTS_PER_ADDRESS_PER_MINUTE", 300, 1, 1_000_000),
            source.intInRange("MQTT_MIN_KEEPALIVE_SECONDS", 5, 1, 3600),
            source.intInRange("MQTT_MAX_KEEPALIVE_SECONDS", 1200, 1, 65_535),
            source.intInRange("MQTT_MAX_PUBLISHES_PER_SECOND", 50, 1, 100_000),
            source.intInRange("MQTT_FLOOD_THROTTLES", 20, 1, 10_000),
            source.intInRange("MQTT_MAX_PACKET_BYTES", 64 * 1024, 1024, 16 << 20)));
    if (!mqtt.plainEnabled() && mqtt.tls().isEmpty()) {
      throw new ConfigException("MQTT_PLAIN=off needs MQTTS: set MQTT_TLS_CA, MQTT_TLS_CERT and MQTT_TLS_KEY");
    }
    FanoutConfig fanout = new FanoutConfig(
        source.millis("WS_FLUSH_INTERVAL_MS", Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofSeconds(1)),
        source.intInRange("WS_MAX_PENDING_UPDATES", 10_000, 1, 1_000_000),
        source.millis("WS_STUCK_TIMEOUT_MS", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
        source.millis("WS_PING_INTERVAL_MS", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
        source.intInRange("WS_MAX_CLIENT_MESSAGE_BYTES", 4096, 128, 1 << 20),
        source.intInRange("WS_WRITE_QUEUE_MAX_BYTES", 256 * 1024, 1024, 64 << 20));
    SimulatorConfig simulator = new SimulatorConfig(
        source.onOff("SIMULATOR", false),
        source.positiveDouble("SIMULATOR_SPEED", 1.0),
        source.intInRange("SIMULATOR_BACKFILL_DAYS", 0, 0, 90));
    if (simulator.enabled() && !mqtt.plainEnabled()) {
      throw new ConfigException("SIMULATOR=on needs MQTT_PLAIN=on: the simulator's hubs connect over plain MQTT on loopback");
    }
    String instanceId = source.get("INSTANCE_ID").orElseGet(() -> "gw-" + UUID.randomUUID().toString().substring(0, 8));
    return new GatewayConfig(environment, instanceId, source.get("CATALOG"), store, http, mqtt, fanout, simulator,
        authConfig(source, environment), rateLimitConfig(source), chatConfig(source, store.region()));
  }

  /** CHAT=local (default) or bedrock-agent, which needs the agent and alias ids the Pulumi stack exports. */
  private static ChatConfig chatConfig(ConfigSource source, String region) {
    String mode = source.string("CHAT", "local").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("local") && !mode.equals("bedrock-agent")) {
      throw new ConfigException("CHAT='" + mode + "' is invalid: expected one of local | bedrock-agent");
    }
    boolean bedrock = mode.equals("bedrock-agent");
    Optional<String> agent = source.get("BEDROCK_AGENT_ID");
    Optional<String> alias = source.get("BEDROCK_AGENT_ALIAS_ID");
    if (bedrock && (agent.isEmpty() || alias.isEmpty())) {
      throw new ConfigException("CHAT=bedrock-agent needs BEDROCK_AGENT_ID and BEDROCK_AGENT_ALIAS_ID");
    }
    Optional<URI> endpoint = httpUrl(source, "BEDROCK_ENDPOINT", "http://127.0.0.1:9000");
    if (bedrock && endpoint.isEmpty() && source.get("AWS_REGION").isEmpty()) {
      throw new ConfigException("AWS_REGION must be set when CHAT=bedrock-agent uses AWS (no BEDROCK_ENDPOINT)");
    }
    return new ChatConfig(bedrock, agent.orElse(""), alias.orElse(""), endpoint, region);
  }

  private static Optional<MqttTlsConfig> mqttTls(ConfigSource source) {
    List<String> names = List.of("MQTT_TLS_CA", "MQTT_TLS_CERT", "MQTT_TLS_KEY");
    List<String> given = names.stream().filter(name -> source.get(name).isPresent()).toList();
    if (given.isEmpty()) {
      return Optional.empty();
    }
    if (given.size() < names.size()) {
      throw new ConfigException("MQTTS needs all of MQTT_TLS_CA, MQTT_TLS_CERT and MQTT_TLS_KEY; missing: "
          + String.join(", ", names.stream().filter(name -> !given.contains(name)).toList()));
    }
    for (String name : names) {
      if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(source.get(name).orElseThrow()))) {
        throw new ConfigException(name + "='" + source.get(name).orElseThrow() + "' is not a readable PEM file");
      }
    }
    return Optional.of(new MqttTlsConfig(source.port("MQTTS_PORT", 8883), source.get("MQTT_TLS_CA").orElseThrow(),
        source.get("MQTT_TLS_CERT").orElseThrow(), source.get("MQTT_TLS_KEY").orElseThrow()));
  }

  private static RateLimitConfig rateLimitConfig(ConfigSource source) {
    java.util.Set<String> hashes = new java.util.HashSet<>();
    source.get("API_KEYS").ifPresent(keys -> java.util.Arrays.stream(keys.split(",")).map(String::trim)
        .filter(k -> !k.isEmpty()).forEach(k -> hashes.add(sha256Hex(k))));
    source.get("API_KEYS_FILE").ifPresent(path -> {
      try {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(path))) {
          String hash = line.trim().toLowerCase(Locale.ROOT);
          if (hash.isEmpty() || hash.startsWith("#")) {
            continue;
          }
          if (!hash.matches("[0-9a-f]{64}")) {
            throw new ConfigException("API_KEYS_FILE has a line that is not a SHA-256 hex digest (64 hex characters)");
          }
          hashes.add(hash);
        }
      } catch (java.io.IOException e) {
        throw new ConfigException("API_KEYS_FILE='" + path + "' cannot be read: " + e.getMessage());
      }
    });
    return new RateLimitConfig(hashes, source.intInRange("RATE_LIMIT_PER_KEY_PER_MINUTE", 1000, 1, 1_000_000),
        source.intInRange("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", 600, 1, 1_000_000));
  }

  private static String sha256Hex(String value) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuthConfig authConfig(ConfigSource source, Environment environment) {
    Optional<String> secret = source.get("JWT_SECRET");
    if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      // the value is a secret: say what is wrong with it, never what it is
      throw new ConfigException("JWT_SECRET is too short: expected at least 32 bytes of random text");
    }
    if (secret.isEmpty() && environment != Environment.DEV) {
      throw new ConfigException("JWT_SECRET must be set when ENV=" + environment.wireName()
          + ": expected at least 32 bytes of random text (a generated one is allowed only in dev)");
    }
    String key = secret.orElseGet(() -> {
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      return java.util.Base64.getEncoder().encodeToString(random);
    });
    Optional<URI> jwks = source.get("JWT_JWKS_URL").map(raw -> {
      try {
        URI uri = new URI(raw);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException ignored) {
        // reported below
      }
      throw new ConfigException("JWT_JWKS_URL='" + raw + "' is invalid: expected an http(s) URL of a JWKS document");
    });
    Optional<String> externalIssuer = source.get("JWT_EXTERNAL_ISSUER");
    if (jwks.isPresent() != externalIssuer.isPresent()) {
      throw new ConfigException("JWT_JWKS_URL and JWT_EXTERNAL_ISSUER go together: set both or neither");
    }
    return new AuthConfig(key, secret.isEmpty(), source.string("JWT_ISSUER", "gympulse"),
        source.seconds("SESSION_TTL_SECONDS", Duration.ofDays(30), Duration.ofMinutes(1), Duration.ofDays(365)),
        jwks, externalIssuer);
  }

  /** An optional http(s) URL setting, e.g. a local endpoint for an AWS service. */
  private static Optional<URI> httpUrl(ConfigSource source, String variable, String example) {
    return source.get(variable).map(raw -> {
      try {
        URI uri = new URI(raw);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException ignored) {
        // reported below
      }
      throw new ConfigException(variable + "='" + raw + "' is invalid: expected an http(s) URL such as " + example);
    });
  }

  private static StoreConfig storeConfig(ConfigSource source) {
    StoreKind kind = source.choice("STORE", StoreKind.MEMORY, StoreKind.class, StoreKind::wireName);
    Optional<URI> endpoint = httpUrl(source, "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");
    Optional<String> region = source.get("AWS_REGION");
    if (kind == StoreKind.DYNAMODB && endpoint.isEmpty() && region.isEmpty()) {
      throw new ConfigException("AWS_REGION must be set when STORE=dynamodb uses AWS (no DYNAMODB_ENDPOINT)");
    }
    return new StoreConfig(kind, endpoint, region.orElse("us-east-1"), source.onOff("CREATE_TABLES", false),
        source.intInRange("DYNAMODB_BATCH_COALESCE_MS", 5, 0, 1_000),
        source.intInRange("MEMORY_MAX_EVENTS", StoreConfig.DEFAULT_MEMORY_MAX_EVENTS, 100, 100_000_000));
  }

  /** A copy with other simulator settings. */
  public GatewayConfig withSimulator(SimulatorConfig simulator) {
    return new GatewayConfig(environment, instanceId, catalogPath, store, http, mqtt, fanout, simulator, auth, rateLimits,
        chat);
  }
}
