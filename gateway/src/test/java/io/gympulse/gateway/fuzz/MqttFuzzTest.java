package io.gympulse.gateway.fuzz;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static io.gympulse.gateway.testing.Devices.OTHER_MACHINE;
import static io.gympulse.gateway.testing.Eventually.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.RejectReason;
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
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile MQTT input on raw sockets, while a well-behaved device keeps publishing: the gateway stays up,
 * nothing invalid changes state, each input gets the answer and the rejection count it must, and the good device is
 * served throughout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttFuzzTest {

  private static final int RANDOM_PACKETS = 300;
  private static final int PAYLOADS = 2_000;
  private static final byte[] CONNACK_ACCEPTED = {0x20, 2, 0, 0};
  private static final int UNACCEPTABLE_PROTOCOL_VERSION = 1;
  private static final int IDENTIFIER_REJECTED = 2;
  private static final int SERVER_UNAVAILABLE = 3;

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

  /** What the gateway must do with one input, as its client sees it. */
  private enum Outcome {
    /** The first packet is incomplete: no answer, the connection stays open waiting for the rest (until the CONNECT timeout, 10 s). */
    WAITS,
    /** Closed without a CONNACK. */
    CLOSED,
    /** Refused at CONNECT with a CONNACK return code, then closed. */
    REFUSED,
    /** Accepted (a CONNACK 0 may or may not get out first), then closed for what followed. */
    ACCEPTED_THEN_CLOSED,
    /** Never accepted: closed, refused or waited on, whichever the decoder reaches first. */
    NOT_ACCEPTED
  }

  /** One hostile input and what the gateway must do with it; {@code counted} is the rejection reason, or null. */
  private record Case(String name, byte[] bytes, Outcome outcome, int connackCode, String counted) {
  }

  /** The hand-picked malformed inputs of the issue, each on its own connection, with the required outcome. */
  private List<Case> malformed() {
    byte[] validConnect = connect("MQTT", 4, Devices.HUB_CLIENT_ID);
    byte[] statusPayload = Devices.status("occupied", Devices.now(), 1);
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("truncated CONNECT", Arrays.copyOf(validConnect, validConnect.length / 2), Outcome.WAITS, -1,
        null));
    cases.add(new Case("remaining length over 4 bytes", new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, 0x7F}, Outcome.CLOSED, -1, null));
    cases.add(new Case("CONNECT announcing 256 MiB", new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 1,
        2, 3}, Outcome.WAITS, -1, null));
    cases.add(new Case("wrong protocol name", connect("MQTX", 4, Devices.HUB_CLIENT_ID), Outcome.REFUSED,
        UNACCEPTABLE_PROTOCOL_VERSION, null));
    cases.add(new Case("unknown protocol level", connect("MQTT", 9, Devices.HUB_CLIENT_ID), Outcome.REFUSED,
        UNACCEPTABLE_PROTOCOL_VERSION, null));
    cases.add(new Case("unknown client id", connect("MQTT", 4, "gym-nowhere-hub"), Outcome.REFUSED,
        IDENTIFIER_REJECTED, "client_id_not_allowed"));
    cases.add(new Case("keep-alive 0", packet(0x10, string("MQTT"), new byte[] {4, 0x02, 0, 0},
        string(Devices.HUB_CLIENT_ID)), Outcome.REFUSED, SERVER_UNAVAILABLE, "keep_alive_out_of_bounds"));
    cases.add(new Case("publish before CONNECT", publish(Devices.topic(GYM, MACHINE).getBytes(StandardCharsets.UTF_8),
        statusPayload), Outcome.CLOSED, -1, null));
    cases.add(new Case("invalid UTF-8 topic", concat(validConnect, publish(new byte[] {'o', 'r', 'g', '/', (byte) 0xC3,
        0x28}, statusPayload)), Outcome.ACCEPTED_THEN_CLOSED, -1, "topic_not_allowed"));
    cases.add(new Case("wildcards in a publish topic", concat(validConnect,
        publish("org/+/machines/#".getBytes(StandardCharsets.UTF_8), statusPayload)), Outcome.ACCEPTED_THEN_CLOSED, -1,
        "protocol_error"));
    cases.add(new Case("NUL in topic", concat(validConnect, publish(("org/" + GYM + "/machines/" + MACHINE
        + "/status\u0000x").getBytes(StandardCharsets.UTF_8), statusPayload)), Outcome.ACCEPTED_THEN_CLOSED, -1,
        "topic_not_allowed"));
    cases.add(new Case("reserved packet type 15", concat(validConnect, new byte[] {(byte) 0xF0, 0}),
        Outcome.ACCEPTED_THEN_CLOSED, -1, "protocol_error"));
    cases.add(new Case("second CONNECT on one connection", concat(validConnect, validConnect),
        Outcome.ACCEPTED_THEN_CLOSED, -1, null));
    return cases;
  }

  /** Random bytes, half of them starting like a CONNECT; what the gateway must do follows from the first packet. */
  private static List<Case> noise(Random random) {
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < RANDOM_PACKETS; i++) {
      byte[] noise = new byte[1 + random.nextInt(200)];
      random.nextBytes(noise);
      if (i % 2 == 0) {
        noise[0] = (byte) (0x10 | (noise[0] & 0x0F)); // make half of them look like a CONNECT at first glance
      }
      // no random CONNECT carries a valid protocol name, so none can be accepted; whether the decoder refuses, closes
      // or waits for more depends on where the noise first breaks the grammar
      cases.add(new Case("noise " + i, noise, Outcome.NOT_ACCEPTED, -1, null));
    }
    return cases;
  }

  /** What came back on one connection: the bytes the gateway sent and whether it closed the connection. */
  private record Answer(byte[] bytes, boolean closed) {
  }

  /**
   * Sends each input on its own fresh connection, all at once, then reads every answer: until the gateway closes
   * (bounded generously), or, for an input it may wait on, until a short quiet window has passed.
   */
  private List<Answer> send(List<Case> batch) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (Case input : batch) {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", gw.mqttPort()), 5_000);
        socket.getOutputStream().write(input.bytes());
        socket.getOutputStream().flush();
      }
      long quietUntil = System.currentTimeMillis() + 1_000;
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Outcome expected = batch.get(i).outcome();
        boolean mayWait = expected == Outcome.WAITS || expected == Outcome.NOT_ACCEPTED;
        answers.add(read(sockets.get(i), mayWait ? quietUntil : System.currentTimeMillis() + 15_000));
      }
      return answers;
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  private static Answer read(Socket socket, long until) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      while (true) {
        socket.setSoTimeout((int) Math.max(1, until - System.currentTimeMillis()));
        int b = in.read();
        if (b < 0) {
          return new Answer(received.toByteArray(), true);
        }
        received.write(b);
      }
    } catch (SocketTimeoutException quiet) {
      return new Answer(received.toByteArray(), false);
    } catch (SocketException reset) {
      return new Answer(received.toByteArray(), true);
    }
  }

  private static void assertAnswer(Case input, Answer answer) {
    String what = input.name() + ": got " + HexFormat.of().formatHex(answer.bytes()) + (answer.closed() ? ", closed" : ", open");
    switch (input.outcome()) {
      case WAITS -> {
        assertFalse(answer.closed(), what);
        assertEquals(0, answer.bytes().length, what);
      }
      case CLOSED -> {
        assertTrue(answer.closed(), what);
        assertEquals(0, answer.bytes().length, what);
      }
      case NOT_ACCEPTED -> assertTrue(answer.bytes().length == 0 || answer.closed() && answer.bytes().length == 4
          && answer.bytes()[0] == 0x20 && answer.bytes()[3] != 0, what);
      case REFUSED -> {
        assertTrue(answer.closed(), what);
        assertArrayEquals(new byte[] {0x20, 2, 0, (byte) input.connackCode()}, answer.bytes(), what);
      }
      default -> {
        assertTrue(answer.closed(), what);
        assertTrue(answer.bytes().length == 0 || Arrays.equals(CONNACK_ACCEPTED, answer.bytes()), what);
      }
    }
  }

  private String status(String machineId) {
    return Http.get(gw.httpPort(), "/machines/" + machineId).<JsonObject>json().getString("status");
  }

  private Map<String, Double> rejections() {
    Map<String, Double> counts = new TreeMap<>();
    for (RejectReason reason : RejectReason.values()) {
      double count = gw.metric("gympulse.mqtt.rejections", "reason", reason.code());
      if (count > 0) {
        counts.put(reason.code(), count);
      }
    }
    return counts;
  }

  /**
   * Verifies that each malformed or random packet gets exactly the required answer (wait, close, CONNACK refusal
   * with its code) and rejection count, never changes state, and that a good device is served throughout.
   */
  @Test
  void malformedAndRandomPacketsAreSurvived() throws Exception {
    // GIVEN a well-behaved device that keeps publishing for another machine during the fuzz; its acknowledgements
    // are counted as Paho receives them
    AtomicInteger acknowledged = new AtomicInteger();
    good = Devices.connect(gw.mqttPort(), DeviceDirectory.machineClientId(GYM, OTHER_MACHINE));
    good.setCallback(new AcknowledgementCounter(acknowledged));
    List<Case> malformed = malformed();
    List<Case> noise = noise(new Random(20261126));

    // WHEN every malformed input is sent on its own connection, one after another
    Map<String, Double> expectedRejections = new TreeMap<>();
    for (Case input : malformed) {
      assertAnswer(input, send(List.of(input)).get(0));
      if (input.counted() != null) {
        expectedRejections.merge(input.counted(), 1.0, Double::sum);
        waitUntil(() -> expectedRejections.equals(rejections()));
      }
    }
    // AND the random inputs in batches of connections, each batch followed by a good publish
    int goodPublishes = 0;
    for (int from = 0; from < noise.size(); from += 25) {
      List<Case> batch = noise.subList(from, Math.min(noise.size(), from + 25));
      List<Answer> answers = send(batch);
      for (int i = 0; i < batch.size(); i++) {
        assertAnswer(batch.get(i), answers.get(i));
      }
      goodPublishes++;
      good.publish(Devices.topic(GYM, OTHER_MACHINE), Devices.status(goodPublishes % 2 == 1 ? "occupied" : "free",
          Devices.now(), goodPublishes), 1, false);
    }

    // THEN every good publish was acknowledged to the device and accepted as a transition
    int published = goodPublishes;
    waitUntil(() -> acknowledged.get() == published);
    assertEquals(RANDOM_PACKETS / 25, published);
    assertEquals(published, gw.metric("gympulse.mqtt.messages.accepted", "outcome", "transition"), 0.0);
    assertTrue(good.isConnected());
    assertEquals(published % 2 == 1 ? "occupied" : "free", status(OTHER_MACHINE));
    // AND the rejections counted are exactly those required, by reason
    assertEquals(expectedRejections, rejections());
    // AND no hostile input changed state, and only the good device is still connected once the waiting ones left
    assertEquals("offline", status(MACHINE), "no hostile input changed state");
    assertEquals(200, Http.get(gw.httpPort(), "/health").status());
  }

  /** Counts the acknowledgements the gateway sends, as the device sees them. */
  private record AcknowledgementCounter(AtomicInteger acknowledged) implements MqttCallback {

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      acknowledged.incrementAndGet();
    }

    @Override
    public void connectionLost(Throwable cause) {
      // the assertions on isConnected() report it
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // the gateway never publishes to devices
    }
  }

  /**
   * Verifies that thousands of invalid payloads are each acknowledged (MQTT 3.1.1 has no negative acknowledgement),
   * counted once under the reason for their kind, and that none changes state.
   */
  @Test
  void invalidPayloadsAreRejectedAndCounted() throws Exception {
    // GIVEN a hub whose acknowledgements are counted as Paho receives them
    // Paho lowers its in-flight count on a callback thread after waking a synchronous publisher, so a
    // tight loop of QoS 1 publishes outruns the default window of 10; the window is the client's business
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setMaxInflight(1_000);
    AtomicInteger acknowledged = new AtomicInteger();
    good = Devices.connect(gw.mqttPort(), Devices.HUB_CLIENT_ID, options);
    good.setCallback(new AcknowledgementCounter(acknowledged));
    Random random = new Random(7);
    double now = Devices.now();

    // WHEN it publishes invalid payloads of eleven kinds
    Map<String, Double> expected = new TreeMap<>();
    for (int i = 0; i < PAYLOADS; i++) {
      int kind = i % 11;
      good.publish(Devices.topic(GYM, MACHINE), invalidPayload(random, now, kind), 1, false);
      expected.merge(REASON_OF_KIND[kind], 1.0, Double::sum);
    }

    // THEN each was acknowledged to the device and counted once, under the reason of its kind
    waitUntil(() -> acknowledged.get() == PAYLOADS);
    assertEquals(expected, rejections());
    assertEquals(0, gw.metric("gympulse.mqtt.messages.accepted", "outcome", "transition"), 0.0);
    // AND nothing changed state, and the device is still connected
    assertEquals("offline", status(MACHINE));
    assertEquals(0, Http.get(gw.httpPort(), "/machines/" + MACHINE + "/history").<JsonObject>json()
        .getJsonArray("events").size());
    assertTrue(good.isConnected(), "payload errors never disconnect a well-identified device");
  }

  /** The rejection reason each kind of {@link #invalidPayload} must be counted under. */
  private static final String[] REASON_OF_KIND = {"invalid_json", "invalid_json", "invalid_json", "invalid_status",
      "invalid_status", "invalid_timestamp", "timestamp_in_future", "invalid_seq", "id_mismatch", "id_mismatch",
      "payload_too_large"};

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
