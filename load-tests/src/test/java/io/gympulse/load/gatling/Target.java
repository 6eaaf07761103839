package io.gympulse.load.gatling;

import io.gympulse.load.LocalGateway;
import io.gympulse.load.fleet.FleetMachine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Where the simulations point: the gateway at {@code -DbaseUrl} (and, optionally, a plain-MQTT endpoint its devices
 * publish to at {@code -DmqttUrl}; a deployed stack's IoT Core needs TLS and per-device certificates, which the fleet
 * driver does not do), or, without {@code baseUrl}, a gateway
 * started from the packaged jar for this JVM and stopped when it exits. Simulations run one after another in one
 * JVM, so they share it.
 */
public final class Target {

  /**
   * The API keys a local gateway is given: browsing members spread over 20 (each key may make 1,000 requests a
   * minute, as a client app's would), and one the limit scenario exhausts.
   */
  private static final List<String> LOCAL_KEYS = IntStream.rangeClosed(1, 20).mapToObj(i -> "load-test-browsing-key-" + i)
      .toList();
  private static final String LOCAL_LIMIT_KEY = "load-test-limit-key";
  private static Target instance;

  private final String baseUrl;
  private final String mqttUrl;
  private final List<String> apiKeys;
  private final Optional<String> limitApiKey;

  private Target(String baseUrl, String mqttUrl, List<String> apiKeys, Optional<String> limitApiKey) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.mqttUrl = mqttUrl;
    this.apiKeys = apiKeys;
    this.limitApiKey = limitApiKey;
  }

  /** The target of this run; the first call starts the local gateway when no {@code baseUrl} is given. */
  public static synchronized Target get() {
    if (instance == null) {
      String baseUrl = System.getProperty("baseUrl", "");
      if (baseUrl.isBlank()) {
        LocalGateway gateway = LocalGateway.start(Map.of("API_KEYS", String.join(",", LOCAL_KEYS) + "," + LOCAL_LIMIT_KEY));
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "local-gateway-stop"));
        instance = new Target(gateway.baseUrl(), gateway.mqttUrl(), LOCAL_KEYS, Optional.of(LOCAL_LIMIT_KEY));
        System.out.println("load tests: started a local gateway at " + instance.baseUrl + " (log: " + gateway.log() + ")");
      } else {
        instance = new Target(baseUrl, System.getProperty("mqttUrl", ""),
            Stream.of(System.getProperty("apiKeys", "").split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList(),
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

  /** Whether this run has a devices' endpoint to drive a fleet on. */
  public boolean hasDevices() {
    return !mqttUrl.isBlank();
  }

  /**
   * The machines the gateway lists ({@code GET /branches}, then each category's machines), for a run that watches a
   * stack's own devices instead of driving a fleet.
   */
  public List<FleetMachine> listedMachines() {
    HttpClient http = HttpClient.newHttpClient();
    List<FleetMachine> machines = new ArrayList<>();
    try {
      JsonArray branches = new JsonArray(get(http, "/branches"));
      for (Object branch : branches) {
        String gymId = ((JsonObject) branch).getString("id");
        for (String category : ((JsonObject) branch).getJsonObject("categories").fieldNames()) {
          for (Object machine : new JsonArray(get(http, "/branches/" + gymId + "/categories/" + category + "/machines"))) {
            String machineId = ((JsonObject) machine).getString("machineId");
            machines.add(new FleetMachine(gymId, machineId, category, "gym-" + gymId + "-" + machineId));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the machines of " + baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return machines;
  }

  private String get(HttpClient http, String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "application/json");
    apiKeys.stream().findFirst().ifPresent(key -> request.header("X-Api-Key", key));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** The devices' endpoint, {@code mqtt://host:port}. */
  public String mqttUrl() {
    if (mqttUrl.isBlank()) {
      throw new IllegalStateException("this simulation drives devices: give -DmqttUrl=mqtt://host:port with -DbaseUrl");
    }
    return mqttUrl;
  }

  /** The keys browsing members send ({@code -DapiKeys=a,b,c}); without any every member browses keyless. */
  public List<String> apiKeys() {
    return apiKeys;
  }

  /** A key the limit scenario may exhaust (never a key anything else uses); without one the scenario is skipped. */
  public Optional<String> limitApiKey() {
    return limitApiKey;
  }
}
