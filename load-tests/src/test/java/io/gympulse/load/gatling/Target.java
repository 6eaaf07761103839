package io.gympulse.load.gatling;

import io.gympulse.load.LocalGateway;
import java.util.Map;
import java.util.Optional;

/**
 * Where the simulations point: the gateway at {@code -DbaseUrl} (and its devices' MQTT endpoint at {@code -DmqttUrl},
 * a deployed stack's IoT Core endpoint needs TLS and is not driven from here), or, without {@code baseUrl}, a gateway
 * started from the packaged jar for this JVM and stopped when it exits. Simulations run one after another in one
 * JVM, so they share it.
 */
public final class Target {

  /** The API keys a local gateway is given: one for browsing members, one the limit scenario exhausts. */
  private static final String LOCAL_KEY = "load-test-browsing-key";
  private static final String LOCAL_LIMIT_KEY = "load-test-limit-key";
  private static Target instance;

  private final String baseUrl;
  private final String mqttUrl;
  private final Optional<String> apiKey;
  private final Optional<String> limitApiKey;

  private Target(String baseUrl, String mqttUrl, Optional<String> apiKey, Optional<String> limitApiKey) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.mqttUrl = mqttUrl;
    this.apiKey = apiKey;
    this.limitApiKey = limitApiKey;
  }

  /** The target of this run; the first call starts the local gateway when no {@code baseUrl} is given. */
  public static synchronized Target get() {
    if (instance == null) {
      String baseUrl = System.getProperty("baseUrl", "");
      if (baseUrl.isBlank()) {
        LocalGateway gateway = LocalGateway.start(Map.of("API_KEYS", LOCAL_KEY + "," + LOCAL_LIMIT_KEY));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "local-gateway-stop"));
        instance = new Target(gateway.baseUrl(), gateway.mqttUrl(), Optional.of(LOCAL_KEY), Optional.of(LOCAL_LIMIT_KEY));
        System.out.println("load tests: started a local gateway at " + instance.baseUrl + " (log: " + gateway.log() + ")");
      } else {
        instance = new Target(baseUrl, System.getProperty("mqttUrl", ""),
            Optional.ofNullable(System.getProperty("apiKey")).filter(key -> !key.isBlank()),
            Optional.ofNullable(System.getProperty("limitApiKey")).filter(key -> !key.isBlank()));
      }
    }
    return instance;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The same host for WebSockets: {@code ws://} for {@code http://}, {@code wss://} for {@code https://}. */
  public String wsUrl() {
    return baseUrl.replaceFirst("^http", "ws");
  }

  /** The devices' endpoint, {@code mqtt://host:port}; empty when the run has none (REST and chat need none). */
  public String mqttUrl() {
    if (mqttUrl.isBlank()) {
      throw new IllegalStateException("this simulation drives devices: give -DmqttUrl=mqtt://host:port with -DbaseUrl");
    }
    return mqttUrl;
  }

  /** The key browsing members send; without one every member browses keyless. */
  public Optional<String> apiKey() {
    return apiKey;
  }

  /** A key the limit scenario may exhaust (never a key anything else uses); without one the scenario is skipped. */
  public Optional<String> limitApiKey() {
    return limitApiKey;
  }
}
