package io.gympulse.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The whole, immutable gateway configuration, validated once at start-up. Each verticle receives only
 * its own part.
 *
 * <p>Every variable is read on every start, whether or not the rest of the configuration uses it, so a
 * bad value is refused wherever it sits and {@link ConfigSource#variablesRead()} lists them all.
 *
 * @param environment deployment environment
 * @param instanceId identity of this gateway instance (connections mirror, logs)
 * @param catalogPath catalog file; empty means the bundled Hong Kong sample
 * @param store durable store settings
 * @param upstream the MQTT broker the gateway is a client of; empty when devices connect to the gateway itself
 * @param logLevel root log level, one of {@link #LOG_LEVELS}
 */
public record GatewayConfig(
    Environment environment,
    String instanceId,
    Optional<String> catalogPath,
    StoreConfig store,
    HttpConfig http,
    MqttConfig mqtt,
    Optional<UpstreamConfig> upstream,
    FanoutConfig fanout,
    SimulatorConfig simulator,
    AuthConfig auth,
    RateLimitConfig rateLimits,
    ChatConfig chat,
    String logLevel) {

  /** The levels LOG_LEVEL accepts (Logback's names). */
  public static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /** Reads and validates every setting; throws {@link ConfigException} on the first invalid one. */
  public static GatewayConfig from(ConfigSource source) {
    Environment environment = source.choice("ENV", Environment.DEV, Environment.class, Environment::wireName);
    StoreConfig store = storeConfig(source);
    HttpConfig http = new HttpConfig(
        source.string("HTTP_HOST", "0.0.0.0"),
        source.port("HTTP_PORT", 8080),
        corsOrigins(source, environment),
        // one per core: each serves and fans out to its own connections, and the live state's writer takes little
        source.intInRange("HTTP_EVENT_LOOPS", Runtime.getRuntime().availableProcessors(), 1, 64));
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
            source.intInRange("MQTT_MAX_PACKET_BYTES", 64 * 1024, 1024, 16 << 20),
            source.intInRange("MQTT_CONNECT_TIMEOUT_SECONDS", 10, 1, 300)));
    Optional<UpstreamConfig> upstream = upstream(source, environment);
    checkMqtt(mqtt, upstream);
    FanoutConfig fanout = new FanoutConfig(
        source.millis("WS_FLUSH_INTERVAL_MS", Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofSeconds(1)),
        source.intInRange("WS_MAX_PENDING_UPDATES", 10_000, 1, 1_000_000),
        source.millis("WS_STUCK_TIMEOUT_MS", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
        source.millis("WS_PING_INTERVAL_MS", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
        source.intInRange("WS_MAX_CLIENT_MESSAGE_BYTES", 4096, 128, 1 << 20),
        source.intInRange("WS_WRITE_QUEUE_MAX_BYTES", 256 * 1024, 1024, 64 << 20),
        source.seconds("DRAIN_SECONDS", Duration.ofSeconds(20), Duration.ZERO, Duration.ofMinutes(5)));
    if (fanout.flushInterval().compareTo(fanout.stuckTimeout()) >= 0) {
      throw new ConfigException("WS_FLUSH_INTERVAL_MS (" + fanout.flushInterval().toMillis()
          + ") must be below WS_STUCK_TIMEOUT_MS (" + fanout.stuckTimeout().toMillis()
          + "): a client would count as stuck between two flushes");
    }
    SimulatorConfig simulator = new SimulatorConfig(
        source.onOff("SIMULATOR", false),
        source.positiveDouble("SIMULATOR_SPEED", 1.0),
        source.intInRange("SIMULATOR_BACKFILL_DAYS", 0, 0, 90));
    if (simulator.enabled() && upstream.isEmpty() && !mqtt.plainEnabled()) {
      throw new ConfigException("SIMULATOR=on needs MQTT_PLAIN=on: the simulator's hubs connect over plain MQTT on "
          + "loopback (or to an mqtt:// MQTT_UPSTREAM)");
    }
    if (simulator.enabled() && upstream.flatMap(UpstreamConfig::tls).isPresent()) {
      throw new ConfigException("SIMULATOR=on needs a plain mqtt:// MQTT_UPSTREAM: the simulator's hubs have no "
          + "device certificates for an mqtts:// broker");
    }
    checkPortsDistinct(http, mqtt);
    String instanceId = source.get("INSTANCE_ID").orElseGet(() -> "gw-" + UUID.randomUUID().toString().substring(0, 8));
    // the catalog's content is checked by CatalogLoader; here that the file is there and readable
    Optional<String> catalog = source.file("CATALOG").map(file -> file.path().toString());
    return new GatewayConfig(environment, instanceId, catalog, store, http, mqtt, upstream, fanout, simulator,
        authConfig(source, environment), rateLimitConfig(source), chatConfig(source, store.region()),
        source.word("LOG_LEVEL", "INFO", LOG_LEVELS));
  }

  /**
   * Origins as browsers send them ({@code scheme://host[:port]}, no path), so each entry can match; the
   * CORS handler would otherwise refuse a malformed one with a stack trace when the router is built.
   */
  private static List<String> corsOrigins(ConfigSource source, Environment environment) {
    source.refuses("CORS_ORIGINS", "app.gympulse.example");
    String cors = source.get("CORS_ORIGINS").orElse(environment == Environment.DEV ? "*" : null);
    if (cors == null) {
      throw new ConfigException("CORS_ORIGINS must be set when ENV=" + environment.wireName()
          + ": expected a comma-separated list of origins ('*' is the default only in dev)");
    }
    List<String> origins = Arrays.stream(cors.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String origin : origins) {
      if (!origin.equals("*") && !isOrigin(origin)) {
        throw new ConfigException("CORS_ORIGINS has '" + origin + "', which is not an origin: expected '*' or "
            + "a comma-separated list such as https://app.example,http://localhost:5173 (scheme://host[:port], no path)");
      }
    }
    return origins;
  }

  private static boolean isOrigin(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Settings that are each valid but together would refuse every device or never serve MQTT. */
  private static void checkMqtt(MqttConfig mqtt, Optional<UpstreamConfig> upstream) {
    if (!mqtt.plainEnabled() && mqtt.tls().isEmpty() && upstream.isEmpty()) {
      throw new ConfigException("MQTT_PLAIN=off needs MQTTS (MQTT_TLS_CA, MQTT_TLS_CERT and MQTT_TLS_KEY) or "
          + "MQTT_UPSTREAM: devices would have nowhere to publish");
    }
    MqttLimits limits = mqtt.limits();
    if (limits.minKeepAliveSeconds() > limits.maxKeepAliveSeconds()) {
      throw new ConfigException("MQTT_MIN_KEEPALIVE_SECONDS (" + limits.minKeepAliveSeconds()
          + ") is above MQTT_MAX_KEEPALIVE_SECONDS (" + limits.maxKeepAliveSeconds() + "): every device would be refused");
    }
    if (mqtt.maxUnackedPerDevice() > mqtt.maxUnackedTotal()) {
      throw new ConfigException("MQTT_MAX_UNACKED_PER_DEVICE (" + mqtt.maxUnackedPerDevice()
          + ") is above MQTT_MAX_UNACKED_TOTAL (" + mqtt.maxUnackedTotal()
          + "): one device could never reach its own limit");
    }
  }

  /** Two listeners on one port would fail to bind with an "address in use" stack trace after start-up began. */
  private static void checkPortsDistinct(HttpConfig http, MqttConfig mqtt) {
    record Listener(String variable, String host, int port) {
      boolean clashesWith(Listener other) {
        boolean sameAddress = host.equals(other.host) || isWildcard(host) || isWildcard(other.host);
        return port != 0 && port == other.port && sameAddress;
      }

      private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
      }
    }
    List<Listener> listeners = new ArrayList<>();
    listeners.add(new Listener("HTTP_PORT", http.host(), http.port()));
    if (mqtt.plainEnabled()) {
      listeners.add(new Listener("MQTT_PORT", mqtt.host(), mqtt.port()));
    }
    mqtt.tls().ifPresent(tls -> listeners.add(new Listener("MQTTS_PORT", mqtt.host(), tls.port())));
    for (int i = 0; i < listeners.size(); i++) {
      for (int j = i + 1; j < listeners.size(); j++) {
        if (listeners.get(i).clashesWith(listeners.get(j))) {
          throw new ConfigException(listeners.get(j).variable() + " (" + listeners.get(j).port() + ") is also "
              + listeners.get(i).variable() + ": each listener needs its own port");
        }
      }
    }
  }

  /** CHAT=local (default) or bedrock-agent, which needs the agent and alias ids the Pulumi stack exports. */
  private static ChatConfig chatConfig(ConfigSource source, String region) {
    boolean bedrock = source.word("CHAT", "local", List.of("local", "bedrock-agent")).equals("bedrock-agent");
    Optional<String> agent = source.get("BEDROCK_AGENT_ID");
    Optional<String> alias = source.get("BEDROCK_AGENT_ALIAS_ID");
    if (bedrock && (agent.isEmpty() || alias.isEmpty())) {
      throw new ConfigException("CHAT=bedrock-agent needs BEDROCK_AGENT_ID and BEDROCK_AGENT_ALIAS_ID");
    }
    Optional<URI> endpoint = source.httpUrl("BEDROCK_ENDPOINT", "http://127.0.0.1:9000");
    if (bedrock && endpoint.isEmpty() && source.get("AWS_REGION").isEmpty()) {
      throw new ConfigException("AWS_REGION must be set when CHAT=bedrock-agent uses AWS (no BEDROCK_ENDPOINT)");
    }
    return new ChatConfig(bedrock, agent.orElse(""), alias.orElse(""), endpoint, region);
  }

  /**
   * The upstream broker, if {@code MQTT_UPSTREAM} names one; its TLS settings are refused without it, so a
   * half-configured upstream cannot silently leave the gateway taking devices itself.
   */
  private static Optional<UpstreamConfig> upstream(ConfigSource source, Environment environment) {
    Optional<URI> url = source.mqttUrl("MQTT_UPSTREAM", "mqtts://abc123-ats.iot.eu-west-1.amazonaws.com:8883");
    Optional<SettingFile> ca = source.pem("MQTT_UPSTREAM_CA");
    Optional<SettingFile> cert = source.pem("MQTT_UPSTREAM_CERT");
    Optional<SettingFile> key = source.pem("MQTT_UPSTREAM_KEY");
    source.refuses("MQTT_UPSTREAM_ALPN", "x amzn");
    Optional<String> alpn = source.get("MQTT_UPSTREAM_ALPN");
    int connections = source.intInRange("MQTT_UPSTREAM_CONNECTIONS", 1, 1, 64);
    source.refuses("MQTT_UPSTREAM_GROUP", "gym/pulse");
    String group = source.get("MQTT_UPSTREAM_GROUP").orElse("gym-pulse-" + environment.wireName());
    if (!group.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new ConfigException("MQTT_UPSTREAM_GROUP='" + group + "' is invalid: expected 1 to 64 letters, digits, "
          + "'-' or '_' (it is a topic level of $share/{group}/...)");
    }
    if (alpn.isPresent() && !alpn.get().matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException("MQTT_UPSTREAM_ALPN='" + alpn.get() + "' is invalid: expected a protocol name such "
          + "as x-amzn-mqtt-ca");
    }
    if (url.isEmpty()) {
      List<String> strays = new ArrayList<>();
      // the TLS settings alone are a mistake; the tuning knobs may sit in an environment shared with other modes
      for (String name : List.of("MQTT_UPSTREAM_CA", "MQTT_UPSTREAM_CERT", "MQTT_UPSTREAM_KEY", "MQTT_UPSTREAM_ALPN")) {
        source.get(name).ifPresent(value -> strays.add(name));
      }
      if (!strays.isEmpty()) {
        throw new ConfigException(String.join(", ", strays) + " only apply with MQTT_UPSTREAM: set it too, or unset them");
      }
      return Optional.empty();
    }
    boolean secure = "mqtts".equals(url.get().getScheme());
    if (!secure && (ca.isPresent() || cert.isPresent() || key.isPresent() || alpn.isPresent())) {
      throw new ConfigException("MQTT_UPSTREAM_CA, _CERT, _KEY and _ALPN need an mqtts:// MQTT_UPSTREAM");
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException("mutual TLS to the upstream broker needs both MQTT_UPSTREAM_CERT and MQTT_UPSTREAM_KEY");
    }
    ca.ifPresent(PemFiles::certificates);
    if (cert.isPresent()) {
      PemFiles.checkKeyMatches(key.orElseThrow(), PemFiles.privateKey(key.orElseThrow()), cert.orElseThrow(),
          PemFiles.currentCertificate(cert.orElseThrow()));
    }
    Optional<UpstreamTls> tls = secure ? Optional.of(new UpstreamTls(ca.map(SettingFile::text),
        cert.map(SettingFile::text), key.map(SettingFile::text), alpn)) : Optional.empty();
    int port = url.get().getPort() > 0 ? url.get().getPort() : secure ? 8883 : 1883;
    return Optional.of(new UpstreamConfig(url.get().getHost(), port, tls, connections, group));
  }

  /** The three PEM files, parsed now, and the server key checked against its certificate. */
  private static Optional<MqttTlsConfig> mqttTls(ConfigSource source) {
    int port = source.port("MQTTS_PORT", 8883);
    Optional<SettingFile> ca = source.file("MQTT_TLS_CA");
    Optional<SettingFile> cert = source.file("MQTT_TLS_CERT");
    Optional<SettingFile> key = source.file("MQTT_TLS_KEY");
    List<String> missing = new ArrayList<>();
    ca.ifPresentOrElse(PemFiles::certificates, () -> missing.add("MQTT_TLS_CA"));
    Optional<X509Certificate> serverCertificate = cert.map(PemFiles::currentCertificate);
    Optional<PrivateKey> serverKey = key.map(PemFiles::privateKey);
    if (cert.isEmpty()) {
      missing.add("MQTT_TLS_CERT");
    }
    if (key.isEmpty()) {
      missing.add("MQTT_TLS_KEY");
    }
    if (missing.size() == 3) {
      return Optional.empty();
    }
    if (!missing.isEmpty()) {
      throw new ConfigException("MQTTS needs all of MQTT_TLS_CA, MQTT_TLS_CERT and MQTT_TLS_KEY; missing: "
          + String.join(", ", missing));
    }
    PemFiles.checkKeyMatches(key.orElseThrow(), serverKey.orElseThrow(), cert.orElseThrow(),
        serverCertificate.orElseThrow());
    return Optional.of(new MqttTlsConfig(port, ca.orElseThrow().path().toString(), cert.orElseThrow().path().toString(),
        key.orElseThrow().path().toString()));
  }

  private static RateLimitConfig rateLimitConfig(ConfigSource source) {
    Set<String> hashes = new HashSet<>();
    source.get("API_KEYS").ifPresent(keys -> Arrays.stream(keys.split(",")).map(String::trim)
        .filter(k -> !k.isEmpty()).forEach(k -> hashes.add(sha256Hex(k))));
    source.file("API_KEYS_FILE").ifPresent(file -> {
      Set<String> fromFile = new HashSet<>();
      List<String> lines = file.text().lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String hash = lines.get(i).trim().toLowerCase(Locale.ROOT);
        if (hash.isEmpty() || hash.startsWith("#")) {
          continue;
        }
        if (!hash.matches("[0-9a-f]{64}")) {
          // the line may be a key pasted by mistake: say where, never what
          throw file.invalid("line " + (i + 1) + " is not a SHA-256 hex digest (64 hex characters)");
        }
        fromFile.add(hash);
      }
      if (fromFile.isEmpty()) {
        // an empty list would silently mean "API keys are not used"
        throw file.invalid("it lists no key digest");
      }
      hashes.addAll(fromFile);
    });
    return new RateLimitConfig(hashes, source.intInRange("RATE_LIMIT_PER_KEY_PER_MINUTE", 1000, 1, 1_000_000),
        source.intInRange("RATE_LIMIT_PER_ADDRESS_PER_MINUTE", 600, 1, 1_000_000));
  }

  private static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuthConfig authConfig(ConfigSource source, Environment environment) {
    source.refuses("JWT_SECRET", "too-short");
    Optional<String> secret = source.get("JWT_SECRET");
    if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < 32) {
      // the value is a secret: say what is wrong with it, never what it is
      throw new ConfigException("JWT_SECRET is too short: expected at least 32 bytes of random text");
    }
    if (secret.isEmpty() && environment != Environment.DEV) {
      throw new ConfigException("JWT_SECRET must be set when ENV=" + environment.wireName()
          + ": expected at least 32 bytes of random text (a generated one is allowed only in dev)");
    }
    String key = secret.orElseGet(() -> {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return Base64.getEncoder().encodeToString(random);
    });
    Optional<URI> jwks = source.httpUrl("JWT_JWKS_URL", "https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json");
    Optional<String> externalIssuer = source.get("JWT_EXTERNAL_ISSUER");
    if (jwks.isPresent() != externalIssuer.isPresent()) {
      throw new ConfigException("JWT_JWKS_URL and JWT_EXTERNAL_ISSUER go together: set both or neither");
    }
    return new AuthConfig(key, secret.isEmpty(), source.string("JWT_ISSUER", "gympulse"),
        source.seconds("SESSION_TTL_SECONDS", Duration.ofDays(30), Duration.ofMinutes(1), Duration.ofDays(365)),
        jwks, externalIssuer);
  }

  private static StoreConfig storeConfig(ConfigSource source) {
    StoreKind kind = source.choice("STORE", StoreKind.MEMORY, StoreKind.class, StoreKind::wireName);
    Optional<URI> endpoint = source.httpUrl("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");
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
    return new GatewayConfig(environment, instanceId, catalogPath, store, http, mqtt, upstream, fanout, simulator, auth,
        rateLimits, chat, logLevel);
  }
}
