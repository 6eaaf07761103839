package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.MachineEvent;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.memory.InMemoryMachineStore;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A report the journal refuses is left unacknowledged, but it gives back its place in the unacknowledged budget. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefusedJournalReleasesBudgetTest {

  private static final int UNACKED_PER_DEVICE = 2;

  private final RefusingStore store = new RefusingStore();
  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("MQTT_MAX_UNACKED_PER_DEVICE",
      Integer.toString(UNACKED_PER_DEVICE))).store(() -> store);

  private MqttAsyncClient sensor;

  /** An in-memory store whose writes throw at once while it refuses, as one with a bug in building a request. */
  private static final class RefusingStore implements MachineStore {
    private final InMemoryMachineStore delegate = TestGateway.machineStore();
    private volatile boolean refusing;

    @Override
    public Future<Void> recordTransition(MachineEvent event, MachineState state) {
      if (refusing) {
        throw new IllegalStateException("store bug");
      }
      return delegate.recordTransition(event, state);
    }

    @Override
    public Future<List<MachineState>> loadCurrentStates() {
      return delegate.loadCurrentStates();
    }

    @Override
    public Future<HistoryPage> history(HistoryQuery query) {
      return delegate.history(query);
    }

    @Override
    public Future<Void> close() {
      return delegate.close();
    }
  }

  @AfterEach
  void closeSensor() throws Exception {
    if (sensor != null) {
      sensor.disconnectForcibly(0, 1_000, false);
      sensor.close(true);
    }
  }

  private IMqttDeliveryToken publish(String status, long seq) throws Exception {
    MqttMessage message = new MqttMessage(Devices.status(status, Devices.now(), seq));
    message.setQos(1);
    return sensor.publish(Devices.topic(GYM, MACHINE), message);
  }

  private String status() {
    return Http.get(gw.httpPort(), "/machines/" + MACHINE).<JsonObject>json().getString("status");
  }

  /** Verifies that refused reports are not acknowledged nor applied, and do not stop the device's later reports. */
  @Test
  void refusedReportsAreNotAcknowledgedAndDoNotPauseTheDevice() throws Exception {
    // GIVEN a connected sensor and a store that throws on every write
    sensor = new MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), Devices.MACHINE_CLIENT_ID, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    sensor.connect(options).waitForCompletion(5_000);
    store.refusing = true;

    // WHEN the sensor reports as many transitions as its unacknowledged budget holds
    IMqttDeliveryToken first = publish("occupied", 1);
    IMqttDeliveryToken second = publish("free", 2);

    // THEN neither is acknowledged nor shown: the journal refused them
    Thread.sleep(500);
    assertFalse(first.isComplete() || second.isComplete(), "acknowledged although the journal refused the change");
    assertEquals("offline", status());

    // WHEN the store accepts again and the sensor reports once more
    store.refusing = false;
    IMqttDeliveryToken third = publish("occupied", 3);

    // THEN that report is read, applied and acknowledged: the refused ones gave their budget back
    third.waitForCompletion(5_000);
    assertTrue(third.isComplete() && third.getException() == null, "PUBACK received");
    assertEquals("occupied", status());
  }
}
