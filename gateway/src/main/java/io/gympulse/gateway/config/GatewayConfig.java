package io.gympulse.gateway.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The whole, immutable gateway configuration, validated once at start-up. Each verticle receives only
 * its own part.
 *
 * @param environment deployment environment
 * @param instanceId identity of this gateway instance (connections mirror, logs)
 * @param catalogPath catalog file; empty means the bundled Hong Kong sample
 * @param store which durable store to use
 */
public record GatewayConfig(
    Environment environment,
    String instanceId,
    Optional<String> catalogPath,
    StoreKind store,
    HttpConfig http,
    MqttConfig mqtt,
    FanoutConfig fanout,
    SimulatorConfig simulator) {

  /** Reads and validates every setting; throws {@link ConfigException} on the first invalid one. */
  public static GatewayConfig from(ConfigSource source) {
    Environment environment = source.choice("ENV", Environment.DEV, Environment.class, Environment::wireName);
    StoreKind store = source.choice("STORE", StoreKind.MEMORY, StoreKind.class, StoreKind::wireName);
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
        source.seconds("MAX_CLOCK_SKEW_SECONDS", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1)));
    FanoutConfig fanout = new FanoutConfig(
        source.millis("WS_FLUSH_INTERVAL_MS", Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofSeconds(1)),
        source.intInRange("WS_MAX_PENDING_UPDATES", 10_000, 1, 1_000_000),
        source.millis("WS_STUCK_TIMEOUT_MS", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
        source.millis("WS_PING_INTERVAL_MS", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
        source.intInRange("WS_MAX_CLIENT_MESSAGE_BYTES", 4096, 128, 1 << 20),
        source.intInRange("WS_WRITE_QUEUE_MAX_BYTES", 256 * 1024, 1024, 64 << 20));
    SimulatorConfig simulator = new SimulatorConfig(
        source.onOff("SIMULATOR", false),
        source.positiveDouble("SIMULATOR_SPEED", 1.0));
    String instanceId = source.get("INSTANCE_ID").orElseGet(() -> "gw-" + UUID.randomUUID().toString().substring(0, 8));
    return new GatewayConfig(environment, instanceId, source.get("CATALOG"), store, http, mqtt, fanout, simulator);
  }

  /** A copy with other simulator settings. */
  public GatewayConfig withSimulator(SimulatorConfig simulator) {
    return new GatewayConfig(environment, instanceId, catalogPath, store, http, mqtt, fanout, simulator);
  }
}
