package io.gympulse.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.config.ConfigSource;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.testing.ForwardingMachineStore;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.TestGateway;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailedStartTest {

  private final GuardedVertx guarded = GuardedVertx.create();

  @AfterEach
  void close() {
    guarded.closeAndAssertNoBlocking();
  }

  /**
   * Verifies that a gateway whose HTTP port is taken fails to start and stops what it had started: the MQTT
   * listener, started before, is closed again and the stores it was given are closed once.
   */
  @Test
  void failedStartClosesTheListenersAlreadyOpenAndTheStores() throws Exception {
    AtomicInteger storeCloses = new AtomicInteger();
    MachineStore machines = new ClosingCountedStore(TestGateway.machineStore(), storeCloses, false);
    int mqttPort = freePort();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of(
          "HTTP_PORT", String.valueOf(taken.getLocalPort()), "HTTP_HOST", "127.0.0.1",
          "MQTT_PORT", String.valueOf(mqttPort), "MQTT_HOST", "127.0.0.1", "SIMULATOR", "off",
          "JWT_SECRET", TestGateway.TEST_JWT_SECRET)));

      Future<Gateway> started = Gateway.start(guarded.vertx(), config, TestGateway.CATALOG, TestGateway.stores(machines),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Main.openApiDocument(), Clock.systemUTC());

      Exception failure = assertThrows(Exception.class, () -> started.await(30, TimeUnit.SECONDS));
      assertTrue(String.valueOf(failure.getMessage()).toLowerCase().contains("address already in use"),
          "cause: " + failure);
    }
    assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), mqttPort).close(),
        "the MQTT listener started before the failure must be closed again");
    assertEquals(1, storeCloses.get());
  }

  /** Verifies that a gateway that cannot load its warm state fails to start and closes the stores it was given. */
  @Test
  void failedWarmStateLoadClosesTheStores() {
    AtomicInteger storeCloses = new AtomicInteger();
    MachineStore machines = new ClosingCountedStore(TestGateway.machineStore(), storeCloses, true);
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("HTTP_PORT", "0", "HTTP_HOST", "127.0.0.1",
        "MQTT_PORT", "0", "MQTT_HOST", "127.0.0.1", "SIMULATOR", "off", "JWT_SECRET", TestGateway.TEST_JWT_SECRET)));

    Future<Gateway> started = Gateway.start(guarded.vertx(), config, TestGateway.CATALOG, TestGateway.stores(machines),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Main.openApiDocument(), Clock.systemUTC());

    Exception failure = assertThrows(Exception.class, () -> started.await(30, TimeUnit.SECONDS));
    assertEquals("table unreadable", failure.getMessage());
    assertEquals(1, storeCloses.get());
  }

  /** A store that counts its closes and, when told, cannot load the current states. */
  private static final class ClosingCountedStore extends ForwardingMachineStore {
    private final AtomicInteger closes;
    private final boolean failLoad;

    ClosingCountedStore(MachineStore delegate, AtomicInteger closes, boolean failLoad) {
      super(delegate);
      this.closes = closes;
      this.failLoad = failLoad;
    }

    @Override
    public Future<List<MachineState>> loadCurrentStates() {
      return failLoad ? Future.failedFuture("table unreadable") : super.loadCurrentStates();
    }

    @Override
    public Future<Void> close() {
      closes.incrementAndGet();
      return super.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
