package io.gympulse.gateway.testing;

import io.gympulse.gateway.store.MachineStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A fresh gateway on a guarded Vert.x per test, so test classes declare it rather than repeat its start and stop. */
public final class GatewayExtension implements BeforeEachCallback, AfterEachCallback {

  private final Map<String, String> overrides;
  private final Supplier<? extends MachineStore> store;
  private final Clock clock;
  private GuardedVertx guarded;
  private TestGateway gateway;

  private GatewayExtension(Map<String, String> overrides, Supplier<? extends MachineStore> store, Clock clock) {
    this.overrides = Map.copyOf(overrides);
    this.store = store;
    this.clock = clock;
  }

  /** A gateway with the test defaults of {@link TestGateway} on an in-memory store. */
  public static GatewayExtension withDefaults() {
    return with(Map.of());
  }

  /** A gateway with {@code overrides} on top of the test defaults, on an in-memory store. */
  public static GatewayExtension with(Map<String, String> overrides) {
    return new GatewayExtension(overrides, TestGateway::machineStore, Clock.systemUTC());
  }

  /**
   * The same gateway on the store {@code store} supplies, asked once per test; a test that drives the store keeps it
   * in a field declared before the extension, e.g. {@code store(() -> holdingStore)}.
   */
  public GatewayExtension store(Supplier<? extends MachineStore> store) {
    return new GatewayExtension(overrides, store, clock);
  }

  /** The same gateway on {@code clock}: a {@link MutableClock} makes time decisions (heartbeats, limits) test input. */
  public GatewayExtension clock(Clock clock) {
    return new GatewayExtension(overrides, store, clock);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // JUnit runs this before the class's @BeforeEach methods, so those can already connect clients
    guarded = GuardedVertx.create();
    gateway = TestGateway.start(guarded.vertx(), overrides, TestGateway.stores(store.get()), clock);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // JUnit runs this after the class's @AfterEach methods have closed their clients, and also when beforeEach
    // failed; Vert.x is closed whatever became of the gateway
    try {
      if (gateway != null) {
        gateway.stop();
      }
    } finally {
      guarded.closeAndAssertNoBlocking();
    }
  }

  /** The guarded Vert.x the gateway runs on, for clients such as {@link WsProbe}. */
  public Vertx vertx() {
    started();
    return guarded.vertx();
  }

  public TestGateway gateway() {
    return started();
  }

  public int httpPort() {
    return gateway().httpPort();
  }

  public int mqttPort() {
    return gateway().mqttPort();
  }

  /** See {@link TestGateway#metric(String, String...)}. */
  public double metric(String name, String... tags) {
    return gateway().metric(name, tags);
  }

  private TestGateway started() {
    if (gateway == null) {
      throw new IllegalStateException("no gateway yet: use it from @BeforeEach or a test, not a field initializer");
    }
    return gateway;
  }
}
