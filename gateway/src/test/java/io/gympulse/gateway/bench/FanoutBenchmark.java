package io.gympulse.gateway.bench;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.testing.TestGateway;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Fan-out benchmark: one branch hub publishes machine transitions over MQTT at a fixed rate while many
 * WebSocket clients follow the same category; prints delivery throughput and end-to-end latency
 * (device timestamp → client receipt, same clock). Not a test: run it and read the figures.
 *
 * <p>The gateway runs as packaged, in its own JVM (the load generator's allocation and GC would otherwise count as
 * the gateway's); {@code -DtargetJvm} gives its JVM options, {@code -Djar} another jar.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl gateway exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.gympulse.gateway.bench.FanoutBenchmark -Dclients=1000 -Dupdates=3000 -Drate=50
 * </pre>
 */
public final class FanoutBenchmark {

  private static final String GYM = "hk-central-caine";

  private FanoutBenchmark() {
  }

  public static void main(String[] args) {
    BenchmarkMain.runAndExit("fan-out benchmark", FanoutBenchmark::run);
  }

  private static void run() throws Exception {
    int clients = Integer.getInteger("clients", 1000);
    int updates = Integer.getInteger("updates", 3000);
    int rate = Integer.getInteger("rate", 50);
    Category category = Category.CARDIO;

    List<String> jvmOptions = List.of(System.getProperty("targetJvm", "-Xmx1g").trim().split("\\s+"));
    List<String> command = ServerProcess.java(jvmOptions);
    command.addAll(List.of("-jar", ServerProcess.gatewayJar().toString()));
    // every client comes from 127.0.0.1: lift the per-address limit (each /ws upgrade is a request) for this gateway only
    Map<String, String> env = Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "SIMULATOR", "off", "STORE", "memory",
        "DRAIN_SECONDS", "0", "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000");
    Pattern listening = Pattern.compile("gateway listening \\[http: (\\d+), mqtt: (\\d+)");
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (ServerProcess gateway = ServerProcess.start("gateway", command, env, listening).awaitListening(60)) {
      measure(load, gateway.port(1), gateway.port(2), clients, updates, rate, category);
      gateway.assertAlive();
    } finally {
      BenchmarkMain.close(load);
    }
  }

  private static void measure(Vertx load, int httpPort, int mqttPort, int clients, int updates, int rate,
      Category category) throws Exception {
    List<Machine> machines = TestGateway.CATALOG.machines(GYM, category);
    String topic = "branches/" + GYM + "/categories/" + category.wireName();

    // clients
    ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
    AtomicLong frames = new AtomicLong();
    AtomicLong machineMessages = new AtomicLong();
    AtomicLong lastMessageNanos = new AtomicLong(System.nanoTime());
    CountDownLatch subscribed = new CountDownLatch(clients);
    WebSocketClient wsClient = load.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients));
    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      WebSocket socket = wsClient.connect(httpPort, "127.0.0.1", "/ws").await(10, TimeUnit.SECONDS);
      sockets.add(socket);
      socket.textMessageHandler(text -> {
        long receivedMicros = System.currentTimeMillis() * 1000;
        frames.incrementAndGet();
        Object value = new JsonArray("[" + text + "]").getValue(0);
        List<Object> messages = value instanceof JsonArray batch ? batch.getList() : List.of(value);
        for (Object raw : messages) {
          JsonObject message = raw instanceof JsonObject json ? json : new JsonObject((Map<String, Object>) raw);
          String type = message.getString("type");
          if ("subscribed".equals(type)) {
            subscribed.countDown();
          } else if ("machine".equals(type)) {
            machineMessages.incrementAndGet();
            lastMessageNanos.set(System.nanoTime());
            latenciesMicros.add(receivedMicros - (long) (message.getDouble("timestamp") * 1_000_000));
          }
        }
      });
      socket.writeTextMessage(new JsonObject().put("action", "subscribe").put("topics", new JsonArray().add(topic)).encode());
    }
    if (!subscribed.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(subscribed.getCount() + " of " + clients + " clients not subscribed after 30 s");
    }

    // publisher
    MqttClient hub = MqttClient.create(load, new MqttClientOptions().setClientId(DeviceDirectory.hubClientId(GYM))
        .setMaxInflightQueue(100_000));
    hub.connect(mqttPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
    long[] seq = new long[machines.size()];
    CountDownLatch sent = new CountDownLatch(1);
    AtomicLong published = new AtomicLong();
    long started = System.nanoTime();
    long periodMicros = 1_000_000L / rate;
    load.setPeriodic(1, id -> {
      long due = Math.min(updates, (System.nanoTime() - started) / 1000 / periodMicros);
      while (published.get() < due) {
        int n = (int) published.getAndIncrement();
        int index = n % machines.size();
        Machine machine = machines.get(index);
        seq[index]++;
        String status = seq[index] % 2 == 1 ? "occupied" : "free";
        JsonObject payload = new JsonObject().put("status", status)
            .put("timestamp", System.currentTimeMillis() / 1000.0).put("seq", seq[index]);
        hub.publish(StatusTopic.of(GYM, machine.machineId()), payload.toBuffer(), MqttQoS.AT_MOST_ONCE, false, false);
      }
      if (published.get() >= updates) {
        load.cancelTimer(id);
        sent.countDown();
      }
    });
    if (!sent.await(10L + updates / rate * 2L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + published.get() + " of " + updates + " transitions published in time");
    }
    long expected = (long) updates * clients;
    // conflation merges some updates, so "all delivered" may never come: stop once deliveries go quiet
    long deadline = System.currentTimeMillis() + 30_000;
    while (machineMessages.get() < expected && System.currentTimeMillis() < deadline
        && System.nanoTime() - lastMessageNanos.get() < TimeUnit.SECONDS.toNanos(2)) {
      Thread.sleep(50);
    }
    double seconds = (lastMessageNanos.get() - started) / 1e9;

    long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("fan-out benchmark: %d clients on one topic, %d transitions at %d/s (%d machines)%n",
        clients, updates, rate, machines.size());
    System.out.printf("  delivered %d of %d machine messages (conflation may merge updates of one machine) in %d frames, %.0f messages/s%n",
        machineMessages.get(), expected, frames.get(), machineMessages.get() / seconds);
    System.out.printf("  latency device→client ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
        percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);

    Future.join(sockets.stream().map(WebSocket::close).toList()).await(10, TimeUnit.SECONDS);
    hub.disconnect().await(10, TimeUnit.SECONDS);
  }

  private static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
  }
}
