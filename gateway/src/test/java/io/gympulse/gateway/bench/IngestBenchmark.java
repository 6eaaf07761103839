package io.gympulse.gateway.bench;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.store.Stores;
import io.gympulse.gateway.testing.DynamoFixture;
import io.gympulse.gateway.testing.TestGateway;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained ingest rate: one hub per branch publishes QoS 1 transitions (every message changes a
 * machine's status, so every message is an event write and a current-state write) as fast as its
 * in-flight window allows, for a fixed time; prints acknowledged messages per second. An
 * acknowledgement means durably stored, so this is the durable ingest rate.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl gateway exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.gympulse.gateway.bench.IngestBenchmark -Dstore=dynamodb -Dseconds=20 -Dinflight=100
 * </pre>
 * {@code -Dstore=memory} measures the in-memory store; {@code dynamodb} starts dynalite (run it from the
 * repository root after {@code mvn verify} or {@code npm ci} in gateway/ so dynalite is installed).
 */
public final class IngestBenchmark {

  private IngestBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    String storeKind = System.getProperty("store", "memory");
    int seconds = Integer.getInteger("seconds", 20);
    int inflight = Integer.getInteger("inflight", 100);

    Vertx server = Vertx.vertx();
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    DynamoFixture dynamo = "dynamodb".equals(storeKind) ? DynamoFixture.start() : null;
    Stores stores = dynamo == null ? Stores.inMemory() : dynamo.stores(server, dynamo.newTables());
    TestGateway gateway = TestGateway.start(server, Map.of("MQTT_MAX_UNACKED_PER_DEVICE", Integer.toString(inflight),
        "MQTT_MAX_PUBLISHES_PER_SECOND", "1000000"), stores); // the benchmark floods on purpose

    AtomicLong acknowledged = new AtomicLong();
    List<Hub> hubs = new ArrayList<>();
    for (Branch branch : TestGateway.CATALOG.branches()) {
      List<Machine> machines = TestGateway.CATALOG.machines().stream().filter(m -> m.gymId().equals(branch.id())).toList();
      hubs.add(new Hub(load, branch.id(), machines, inflight, acknowledged));
    }
    for (Hub hub : hubs) {
      hub.client.connect(gateway.mqttPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    }
    // warm-up, then measure
    hubs.forEach(hub -> load.runOnContext(v -> hub.fill()));
    Thread.sleep(3_000);
    long startCount = acknowledged.get();
    long started = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long count = acknowledged.get() - startCount;
    double elapsed = (System.nanoTime() - started) / 1e9;
    hubs.forEach(hub -> hub.running = false);

    System.out.printf("ingest benchmark: store=%s, %d hubs, in-flight window %d, QoS 1, every message a transition%n",
        storeKind, hubs.size(), inflight);
    System.out.printf("  %d messages acknowledged (durably stored) in %.1f s: %.0f messages/s%n", count, elapsed, count / elapsed);

    for (Hub hub : hubs) {
      hub.client.disconnect();
    }
    load.close().await(10, TimeUnit.SECONDS);
    gateway.stop();
    stores.close(server).await(20, TimeUnit.SECONDS);
    server.close().await(10, TimeUnit.SECONDS);
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /** One branch hub keeping its in-flight window full of transitions. */
  private static final class Hub {

    final MqttClient client;
    final String gymId;
    final List<Machine> machines;
    final int window;
    final AtomicLong acknowledged;
    final long[] seq;
    int next;
    int inFlight;
    volatile boolean running = true;

    Hub(Vertx vertx, String gymId, List<Machine> machines, int window, AtomicLong acknowledged) {
      this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(DeviceDirectory.hubClientId(gymId))
          .setMaxInflightQueue(window).setAckTimeout(60));
      this.gymId = gymId;
      this.machines = machines;
      this.window = window;
      this.acknowledged = acknowledged;
      this.seq = new long[machines.size()];
      client.publishCompletionHandler(id -> {
        inFlight--;
        acknowledged.incrementAndGet();
        fill();
      });
    }

    void fill() {
      while (running && inFlight < window) {
        int index = next++ % machines.size();
        seq[index]++;
        JsonObject payload = new JsonObject().put("status", seq[index] % 2 == 1 ? "occupied" : "free")
            .put("timestamp", System.currentTimeMillis() / 1000.0).put("seq", seq[index]);
        inFlight++;
        client.publish(StatusTopic.of(gymId, machines.get(index).machineId()), payload.toBuffer(), MqttQoS.AT_LEAST_ONCE,
            false, false);
      }
    }
  }
}
