package io.gympulse.gateway.ingest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.HoldingStore;
import io.gympulse.gateway.testing.TestGateway;
import java.util.ArrayList;
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

/** While the store holds writes, the gateway stops reading devices past their unacknowledged budget. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IngestBackPressureTest {

  private static final int PER_DEVICE = 5;
  private static final int TOTAL = 8;

  private final HoldingStore store = new HoldingStore();
  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("MQTT_MAX_UNACKED_PER_DEVICE", Integer.toString(PER_DEVICE),
      "MQTT_MAX_UNACKED_TOTAL", Integer.toString(TOTAL))).store(() -> store);

  private final List<MqttAsyncClient> devices = new ArrayList<>();
  private final List<Machine> machines = TestGateway.CATALOG.machines().stream()
      .filter(m -> m.gymId().equals(GYM)).toList();

  @AfterEach
  void releaseStoreAndCloseDevices() throws Exception {
    store.release();
    for (MqttAsyncClient device : devices) {
      device.disconnectForcibly(0, 1_000, false);
      device.close(true);
    }
  }

  private MqttAsyncClient device(String clientId) throws Exception {
    MqttAsyncClient device = new MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(100);
    device.connect(options).waitForCompletion(5_000);
    devices.add(device);
    return device;
  }

  /** One QoS 1 transition (free → occupied... from offline) for each of {@code count} machines. */
  private List<IMqttDeliveryToken> publish(MqttAsyncClient device, List<Machine> targets) throws Exception {
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    for (Machine machine : targets) {
      MqttMessage message = new MqttMessage(Devices.status("occupied", Devices.now(), 1));
      message.setQos(1);
      tokens.add(device.publish(Devices.topic(GYM, machine.machineId()), message));
    }
    return tokens;
  }

  private long occupied() {
    return machines.stream().map(m -> gw.gateway().gateway().state().machine(m.machineId()).orElseThrow().status())
        .filter(MachineStatus.OCCUPIED::equals).count();
  }

  /** Verifies that one device's reads stop at its budget and resume, all acknowledged, once the store catches up. */
  @Test
  void deviceIsNotReadPastItsBudgetUntilTheStoreCatchesUp() throws Exception {
    // GIVEN a store that holds every write
    store.hold();
    MqttAsyncClient hub = device(Devices.HUB_CLIENT_ID);

    // WHEN the hub sends 20 QoS 1 transitions at once
    List<IMqttDeliveryToken> tokens = publish(hub, machines.subList(0, 20));

    // THEN the gateway takes exactly its per-device budget and reads no further
    waitUntil(() -> store.heldWrites() == PER_DEVICE);
    Thread.sleep(500);
    assertEquals(PER_DEVICE, store.heldWrites());
    assertEquals(PER_DEVICE, occupied());

    // WHEN the store accepts the writes
    store.release();

    // THEN the rest is read, applied and acknowledged
    for (IMqttDeliveryToken token : tokens) {
      token.waitForCompletion(10_000);
    }
    assertEquals(20, occupied());
  }

  /** Verifies that the total budget stops reading every device, including ones still within their own. */
  @Test
  void totalBudgetStopsEveryDevice() throws Exception {
    store.hold();
    MqttAsyncClient hub = device(Devices.HUB_CLIENT_ID);
    MqttAsyncClient sensor = device(Devices.MACHINE_CLIENT_ID);

    List<IMqttDeliveryToken> tokens = new ArrayList<>(publish(hub, machines.subList(10, 14)));
    waitUntil(() -> store.heldWrites() == 4);
    tokens.addAll(publish(hub, machines.subList(14, 18)));
    waitUntil(() -> store.heldWrites() == PER_DEVICE);
    // a second device, within its own budget, fills the total budget and then is not read either
    for (long seq = 1; seq <= 6; seq++) {
      MqttMessage message = new MqttMessage(Devices.status(seq % 2 == 1 ? "free" : "occupied", Devices.now(), seq));
      message.setQos(1);
      tokens.add(sensor.publish(Devices.topic(GYM, Devices.MACHINE), message));
    }
    waitUntil(() -> store.heldWrites() == TOTAL);
    Thread.sleep(500);
    assertEquals(TOTAL, store.heldWrites());

    store.release();
    for (IMqttDeliveryToken token : tokens) {
      token.waitForCompletion(10_000);
    }
  }
}
