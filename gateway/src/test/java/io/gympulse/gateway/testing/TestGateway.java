package io.gympulse.gateway.testing;

import io.gympulse.gateway.app.Gateway;
import io.gympulse.gateway.app.Main;
import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogLoader;
import io.gympulse.gateway.config.ConfigSource;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.config.StoreConfig;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.memory.InMemoryAggregateStore;
import io.gympulse.gateway.store.memory.InMemoryAlertStore;
import io.gympulse.gateway.store.memory.InMemoryConnectionStore;
import io.gympulse.gateway.store.memory.InMemoryMachineStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A whole gateway on loopback, ports chosen by the OS, started through the same wiring as {@link Main}. */
public final class TestGateway {

  /** A fixed signing key, so session tokens stay valid across the restarts some tests make. */
  public static final String TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123";

  /** The bundled catalog, loaded once for all tests. */
  public static final Catalog CATALOG = CatalogLoader.bundledSample();

  private final Gateway gateway;
  private final PrometheusMeterRegistry registry;

  private TestGateway(Gateway gateway, PrometheusMeterRegistry registry) {
    this.gateway = gateway;
    this.registry = registry;
  }

  public static TestGateway start(Vertx vertx) {
    return start(vertx, Map.of(), machineStore());
  }

  /** Starts a gateway with {@code overrides} on top of test defaults (ports 0, loopback, simulator off). */
  public static TestGateway start(Vertx vertx, Map<String, String> overrides, MachineStore store) {
    return start(vertx, overrides, stores(store));
  }

  /** An in-memory machine store on the system clock with the default bound. */
  public static InMemoryMachineStore machineStore() {
    return new InMemoryMachineStore(Clock.systemUTC(), StoreConfig.DEFAULT_MEMORY_MAX_EVENTS);
  }

  /** {@code store} with in-memory stores for the rest. */
  public static Stores stores(MachineStore store) {
    return new Stores(store, new InMemoryConnectionStore(), new InMemoryAlertStore(), new InMemoryAggregateStore(Clock.systemUTC()),
        () -> { });
  }

  /** Starts a gateway on the given stores, e.g. DynamoDB ones on dynalite. */
  public static TestGateway start(Vertx vertx, Map<String, String> overrides, Stores stores) {
    return start(vertx, overrides, stores, Clock.systemUTC());
  }

  /** Starts a gateway on the given stores and clock (a {@link MutableClock} makes time a test input). */
  public static TestGateway start(Vertx vertx, Map<String, String> overrides, Stores stores, Clock clock) {
    Map<String, String> env = new HashMap<>(Map.of(
        "HTTP_PORT", "0", "MQTT_PORT", "0", "HTTP_HOST", "127.0.0.1", "MQTT_HOST", "127.0.0.1",
        "SIMULATOR", "off", "WS_FLUSH_INTERVAL_MS", "2", "INSTANCE_ID", "test",
        "JWT_SECRET", TEST_JWT_SECRET));
    env.putAll(overrides);
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(env));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      // generous: on dynalite start-up replays every branch category (over a thousand queries), slow on a busy machine
      Gateway gateway = Gateway.start(vertx, config, CATALOG, stores, registry, Main.openApiDocument(), clock)
          .await(60, TimeUnit.SECONDS);
      return new TestGateway(gateway, registry);
    } catch (Exception e) {
      throw new AssertionError("gateway did not start", e);
    }
  }

  public int httpPort() {
    return gateway.httpPort();
  }

  public int mqttPort() {
    return gateway.mqttPort();
  }

  /** The MQTTS port; -1 when MQTTS is not configured. */
  public int mqttTlsPort() {
    return gateway.mqttTlsPort();
  }

  public Gateway gateway() {
    return gateway;
  }

  /** Value of a counter or gauge in the Prometheus registry, 0 if absent. */
  public double metric(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    if (search.counter() != null) {
      return search.counter().count();
    }
    return search.gauge() == null ? 0 : search.gauge().value();
  }

  public void stop() {
    try {
      gateway.stop().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a hang at stop is rare and timing-dependent: leave the evidence in the test output
      StringBuilder threads = new StringBuilder("threads when the gateway did not stop:\n");
      Thread.getAllStackTraces().forEach((thread, stack) -> {
        threads.append(thread.getName()).append('\n');
        for (StackTraceElement frame : stack) {
          threads.append("    at ").append(frame).append('\n');
        }
      });
      System.err.println(threads);
      throw new AssertionError("gateway did not stop", e);
    }
  }
}
