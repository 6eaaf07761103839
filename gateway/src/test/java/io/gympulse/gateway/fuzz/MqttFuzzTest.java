package io.gympulse.gateway.fuzz;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile MQTT input on raw sockets, while a well-behaved device keeps publishing: the gateway stays up,
 * nothing invalid changes state, every rejection is counted, and the good device is served throughout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttFuzzTest {

  private static final int RANDOM_PACKETS = 300;
  private static final int PAYLOADS = 2_000;

  @RegisterExtension
  // hundreds of connections from one address in seconds: the per-address connect rate is not under test here
  final GatewayExtension gw = GatewayExtension.with(java.util.Map.of("MQTT_CONNECTS_PER_ADDRESS_PER_MINUTE", "100000"));
  private MqttClient good;

  @AfterEach
  void closeClients() {
    Devices.closeQuietly(good);
  }

  // ---- packet building ----

  private static byte[] string(String value) {
    return string(value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] string(byte[] bytes) {
    byte[] out = new byte[bytes.length + 2];
    out[0] = (byte) (bytes.length >>> 8);
    out[1] = (byte) bytes.length;
    System.arraycopy(bytes, 0, out, 2, bytes.length);
    return out;
  }

  private static byte[] packet(int header, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      body.writeBytes(part);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    int length = body.size();
    do {
      int digit = length % 128;
      length /= 128;
      out.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] connect(String protocol, int level, String clientId) {
    return packet(0x10, string(protocol), new byte[] {(byte) level, 0x02, 0, 60}, string(clientId));
  }

  private static byte[] publish(byte[] topic, byte[] payload) {
    return packet(0x30, string(topic), payload);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The hand-picked malformed inputs of the issue, each on its own connection. */
  private List<byte[]> malformed() {
    byte[] validConnect = connect("MQTT", 4, Devices.HUB_CLIENT_ID);
    byte[] statusPayload = Devices.status("occupied", Devices.now(), 1);
    List<byte[]> cases = new ArrayList<>();
    cases.add(java.util.Arrays.copyOf(validConnect, validConnect.length / 2)); // truncated CONNECT
    cases.add(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}); // remaining length > 4 bytes
    cases.add(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 1, 2, 3}); // announces 256 MiB
    cases.add(connect("MQTX", 4, Devices.HUB_CLIENT_ID)); // wrong protocol name
    cases.add(connect("MQTT", 9, Devices.HUB_CLIENT_ID)); // unknown protocol level
    cases.add(publish(Devices.topic(GYM, MACHINE).getBytes(StandardCharsets.UTF_8), statusPayload)); // publish before connect
    cases.add(concat(validConnect, publish(new byte[] {'o', 'r', 'g', '/', (byte) 0xC3, 0x28}, statusPayload))); // invalid UTF-8 topic
    cases.add(concat(validConnect, publish("org/+/machines/#".getBytes(StandardCharsets.UTF_8), statusPayload))); // wildcards
    cases.add(concat(validConnect, publish(("org/" + GYM + "/machines/" + MACHINE + "/status\u0000x").getBytes(StandardCharsets.UTF_8),
        statusPayload))); // NUL in topic
    cases.add(concat(validConnect, packet(0x30, new byte[] {0, 50, 'o', 'r', 'g'}))); // topic length beyond packet
    cases.add(concat(validConnect, new byte[] {(byte) 0xF0, 0})); // reserved packet type 15
    cases.add(concat(validConnect, validConnect)); // second CONNECT on one connection
    cases.add(concat(validConnect, packet(0x32, string(Devices.topic(GYM, MACHINE)), statusPayload))); // QoS 1 without packet id
    return cases;
  }

  /** Sends bytes on a fresh connection and waits briefly for the gateway to answer or close. */
  private void send(byte[] bytes) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gw.mqttPort()), 2_000);
      socket.setSoTimeout(300);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[256];
      long deadline = System.currentTimeMillis() + 300;
      while (System.currentTimeMillis() < deadline && in.read(buffer) >= 0) {
        // drain until closed or quiet
      }
    } catch (IOException expected) {
      // refused, reset or timed out: all fine, the gateway decides
    }
  }

  private String status(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  /** Verifies that malformed and random packets never take the gateway down or change state, while a good device is served. */
  @Test
  void malformedAndRandomPacketsAreSurvived() throws Exception {
    // GIVEN a well-behaved device that keeps publishing for another machine during the fuzz
    good = Devices.connect(gw.mqttPort(), io.gympulse.gateway.ingest.DeviceDirectory.machineClientId(GYM, OTHER_MACHINE));
    AtomicInteger acknowledged = new AtomicInteger();
    Random random = new Random(20261126);
    List<byte[]> inputs = new ArrayList<>(malformed());
    for (int i = 0; i < RANDOM_PACKETS; i++) {
      byte[] noise = new byte[1 + random.nextInt(200)];
      random.nextBytes(noise);
      if (i % 2 == 0) {
        noise[0] = (byte) (0x10 | (noise[0] & 0x0F)); // make half of them look like a CONNECT at first glance
      }
      inputs.add(noise);
    }

    // WHEN every hostile input is sent on its own connection, interleaved with good publishes
    int sent = 0;
    for (byte[] input : inputs) {
      send(input);
      sent++;
      if (sent % 25 == 0) {
        good.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status(acknowledged.get() % 2 == 0 ? "occupied" : "free",
            Devices.now(), acknowledged.get() + 1), 1, false);
        acknowledged.incrementAndGet();
      }
    }

    // THEN the gateway is up, the good device was served, the attacked machine is untouched, rejections counted
    assertEquals(200, Http.get(gw.httpPort(), "/health").status());
    assertTrue(good.isConnected());
    assertEquals(inputs.size() / 25, acknowledged.get());
    assertEquals("offline", status(MACHINE), "no hostile input changed state");
    assertTrue(gw.metric("gympulse.mqtt.rejections", "reason", "protocol_error")
        + gw.metric("gympulse.mqtt.rejections", "reason", "client_id_not_allowed") > 0, "rejections counted");
    System.out.printf("MQTT packet fuzz: %d inputs (%d hand-picked, %d random), %d good publishes acknowledged%n",
        inputs.size(), inputs.size() - RANDOM_PACKETS, RANDOM_PACKETS, acknowledged.get());
  }

  /** Verifies that thousands of invalid payloads are each rejected and counted, and none changes state. */
  @Test
  void invalidPayloadsAreRejectedAndCounted() throws Exception {
    // Paho lowers its in-flight count on a callback thread after waking a synchronous publisher, so a
    // tight loop of QoS 1 publishes outruns the default window of 10; the window is the client's business
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setMaxInflight(1_000);
    good = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID, options);
    Random random = new Random(7);
    double now = Devices.now();
    String[] reasons = {"invalid_json", "invalid_status", "invalid_timestamp", "timestamp_in_future", "invalid_seq",
        "id_mismatch", "payload_too_large"};
    for (int i = 0; i < PAYLOADS; i++) {
      good.publish(Devices.topic(GYM, MACHINE), invalidPayload(random, now, i % 11), 1, false);
    }
    assertEquals("offline", status(MACHINE));
    assertEquals(0, Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json()
        .getJsonArray("events").size());
    double counted = 0;
    for (String reason : reasons) {
      counted += gw.metric("gympulse.mqtt.rejections", "reason", reason);
    }
    assertEquals(PAYLOADS, counted, 0.0, "every invalid payload counted once");
    assertTrue(good.isConnected(), "payload errors never disconnect a well-identified device");
    System.out.printf("MQTT payload fuzz: %d invalid payloads, %d rejections counted%n", PAYLOADS, (int) counted);
  }

  /** An invalid payload of one of eleven kinds, with random content. */
  private static byte[] invalidPayload(Random random, double now, int kind) {
    JsonObject valid = new JsonObject().put("status", "free").put("timestamp", now).put("seq", 1);
    Object junk = switch (random.nextInt(6)) {
      case 0 -> random.nextInt();
      case 1 -> randomText(random);
      case 2 -> new JsonArray().add(random.nextDouble());
      case 3 -> new JsonObject().put("x", randomText(random));
      case 4 -> random.nextBoolean();
      default -> null;
    };
    return switch (kind) {
      case 0 -> {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = '#'; // never valid JSON
        yield bytes;
      }
      case 1 -> ("{\"status\":\"free\",\"timestamp\":" + now).getBytes(StandardCharsets.UTF_8); // truncated
      case 2 -> new JsonArray().add(valid).toBuffer().getBytes(); // not an object
      case 3 -> valid.copy().put("status", junk == null ? "busy" : junk).toBuffer().getBytes();
      case 4 -> valid.copy().put("status", randomText(random) + "x").toBuffer().getBytes();
      case 5 -> valid.copy().put("timestamp", junk == null || junk instanceof Integer ? "soon" : junk).toBuffer().getBytes();
      case 6 -> valid.copy().put("timestamp", now + 86_400 + random.nextInt(1_000_000)).toBuffer().getBytes();
      case 7 -> valid.copy().put("seq", -1 - random.nextInt(1000)).toBuffer().getBytes();
      case 8 -> valid.copy().put("machineId", "not-" + randomText(random)).toBuffer().getBytes();
      case 9 -> valid.copy().put("gymId", "not-" + randomText(random)).toBuffer().getBytes();
      default -> valid.copy().put("padding", "p".repeat(4_100 + random.nextInt(5_000))).toBuffer().getBytes();
    };
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1 + random.nextInt(20); i++) {
      text.append((char) (0x20 + random.nextInt(0x250)));
    }
    return text.toString();
  }
}
