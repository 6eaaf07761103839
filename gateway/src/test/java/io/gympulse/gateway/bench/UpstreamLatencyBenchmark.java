package io.gympulse.gateway.bench;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.testing.Mosquitto;
import io.gympulse.gateway.testing.TestGateway;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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

/**
 * Upstream-mode latency: a hub publishes transitions to a real Mosquitto, two gateway instances follow it, and
 * WebSocket clients on both follow the same category; prints, per instance, device → broker → gateway → client
 * latency (device timestamp → client receipt, same clock). Needs {@code /usr/sbin/mosquitto}. Not a test.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl gateway exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.gympulse.gateway.bench.UpstreamLatencyBenchmark -Dclients=200 -Dupdates=1000 -Drate=50
 * </pre>
 */
public final class UpstreamLatencyBenchmark {

  private static final String GYM = "hk-central-caine";

  private UpstreamLatencyBenchmark() {
  }

  public static void main(String[] args) {
    BenchmarkMain.runAndExit("upstream latency benchmark", UpstreamLatencyBenchmark::run);
  }

  private static void run() throws Exception {
    int clients = Integer.getInteger("clients", 200);
    int updates = Integer.getInteger("updates", 1000);
    int rate = Integer.getInteger("rate", 50);
    List<Machine> machines = TestGateway.CATALOG.machines(GYM, Category.CARDIO);
    String topic = "branches/" + GYM + "/categories/" + Category.CARDIO.wireName();

    Vertx server = Vertx.vertx();
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (Mosquitto broker = Mosquitto.start(false)) {
      List<TestGateway> instances = new ArrayList<>();
      for (String instance : List.of("gw-a", "gw-b")) {
        instances.add(TestGateway.start(server, Map.of("LOG_LEVEL", "WARN", "INSTANCE_ID", instance,
            "MQTT_UPSTREAM", "mqtt://127.0.0.1:" + broker.port(), "MQTT_PLAIN", "off",
            "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000"), TestGateway.machineStore()));
      }
      List<ConcurrentLinkedQueue<Long>> latencies = new ArrayList<>();
      CountDownLatch subscribed = new CountDownLatch(clients * instances.size());
      WebSocketClient ws = load.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients * 2));
      for (TestGateway instance : instances) {
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        latencies.add(micros);
        for (int i = 0; i < clients; i++) {
          ws.connect(instance.httpPort(), "127.0.0.1", "/ws").await(10, TimeUnit.SECONDS).textMessageHandler(text -> {
            long received = System.currentTimeMillis() * 1000;
            Object value = new JsonArray("[" + text + "]").getValue(0);
            for (Object raw : value instanceof JsonArray batch ? batch : new JsonArray().add(value)) {
              JsonObject message = (JsonObject) raw;
              if ("subscribed".equals(message.getString("type"))) {
                subscribed.countDown();
              } else if ("machine".equals(message.getString("type"))) {
                micros.add(received - (long) (message.getDouble("timestamp") * 1_000_000));
              }
            }
          }).writeTextMessage(new JsonObject().put("action", "subscribe").put("topics", new JsonArray().add(topic)).encode());
        }
      }
      if (!subscribed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(subscribed.getCount() + " clients not subscribed after 30 s");
      }
      Thread.sleep(2_000); // the instances' broker subscriptions are acknowledged

      MqttClient hub = MqttClient.create(load, new MqttClientOptions().setClientId(DeviceDirectory.hubClientId(GYM)));
      hub.connect(broker.port(), "127.0.0.1").await(10, TimeUnit.SECONDS);
      long[] seq = new long[machines.size()];
      for (int n = 0; n < updates; n++) {
        int index = n % machines.size();
        seq[index]++;
        JsonObject payload = new JsonObject().put("status", seq[index] % 2 == 1 ? "occupied" : "free")
            .put("timestamp", System.currentTimeMillis() / 1000.0).put("seq", seq[index]);
        hub.publish(StatusTopic.of(GYM, machines.get(index).machineId()), payload.toBuffer(), MqttQoS.AT_MOST_ONCE,
            false, false);
        Thread.sleep(1_000 / rate);
      }
      Thread.sleep(3_000); // the last deliveries
      System.out.printf("upstream latency benchmark: Mosquitto, 2 instances, %d clients each, %d transitions at %d/s%n",
          clients, updates, rate);
      for (int i = 0; i < instances.size(); i++) {
        long[] sorted = latencies.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  instance %d: %d machine messages; latency device→broker→gateway→client ms: p50 %.1f  p99 %.1f  max %.1f%n",
            i + 1, sorted.length, percentile(sorted, 50), percentile(sorted, 99),
            sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
      }
      hub.disconnect().await(10, TimeUnit.SECONDS);
      for (TestGateway instance : instances) {
        instance.stop();
      }
    } finally {
      BenchmarkMain.close(load);
      BenchmarkMain.close(server);
    }
  }

  private static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
  }
}
