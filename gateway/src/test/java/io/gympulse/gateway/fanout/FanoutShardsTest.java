package io.gympulse.gateway.fanout;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.WsProbe;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections spread over several event loops, each fanning out to its own, still see one ordered stream. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FanoutShardsTest {

  private static final int LOOPS = 4;
  private static final int CLIENTS = 12;
  private static final int TRANSITIONS = 60;

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.with(Map.of("HTTP_EVENT_LOOPS", String.valueOf(LOOPS)));

  private final List<WsProbe> clients = new ArrayList<>();
  private MqttClient device;

  @AfterEach
  void close() {
    clients.forEach(WsProbe::close);
    Devices.closeQuietly(device);
  }

  /**
   * Verifies that clients on four event loops, subscribing one after another while a device publishes, each get a
   * snapshot and then the transitions after it: in order, none twice, up to the last, and none missing except steps
   * the gateway counted as conflated (a client whose loop fell behind gets the latest state instead).
   */
  @Test
  void everyClientGetsItsSnapshotThenEveryLaterTransitionInOrder() throws Exception {
    // GIVEN a device publishing transitions of one machine, and clients subscribing to it while it does
    device = Devices.connect(gw.gateway().mqttPort(), Devices.MACHINE_CLIENT_ID);
    double start = Devices.now() - 120;
    for (int seq = 1; seq <= TRANSITIONS; seq++) {
      device.publish(Devices.topic(GYM, MACHINE), Devices.status(seq % 2 == 1 ? "occupied" : "free", start + seq, seq),
          1, false);
      Thread.sleep(10); // slower than a flush, so nothing is conflated: every step must arrive
      if (seq % (TRANSITIONS / CLIENTS) == 0) {
        clients.add(WsProbe.connect(gw.vertx(), gw.httpPort()).subscribe("machines/" + MACHINE));
      }
    }

    // THEN each client's snapshot is followed by the later transitions, in order, ending with the last
    long missed = 0;
    for (WsProbe client : clients) {
      long seq = seqOf(client.next("snapshot", 10).getJsonObject("data"), start);
      while (seq < TRANSITIONS) {
        long next = seqOf(client.next(m -> "machine".equals(m.getString("type")), 10), start);
        assertTrue(next > seq, "transition " + next + " after " + seq);
        missed += next - seq - 1;
        seq = next;
      }
      assertEquals(TRANSITIONS, seq);
    }
    // AND every step a client missed was conflated, and counted as such
    assertTrue(missed <= gw.gateway().metric("gympulse.ws.updates.conflated"),
        "missed " + missed + ", conflated " + gw.gateway().metric("gympulse.ws.updates.conflated"));
    assertTrue(clients.size() >= CLIENTS, "clients: " + clients.size());
  }

  /** Which transition a machine view shows: its timestamp is start + seq; 0 before the first. */
  private static long seqOf(JsonObject machine, double start) {
    Double timestamp = machine.getDouble("timestamp");
    return timestamp == null ? 0 : Math.round(timestamp - start);
  }
}
