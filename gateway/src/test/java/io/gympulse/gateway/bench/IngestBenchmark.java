package io.gympulse.gateway.bench;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.store.HistoryPage;
import io.gympulse.gateway.store.HistoryQuery;
import io.gympulse.gateway.store.MachineStore;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained durable ingest rate: one hub per branch publishes QoS 1 transitions (each message changes a
 * machine's status) as fast as its in-flight window allows, for a fixed time. The rate is of transitions
 * the gateway accepted, read from its own counter ({@code gympulse_mqtt_messages_accepted_total} by
 * outcome), not of PUBACKs (a rejected or duplicate message is acknowledged too); at the end the store's
 * event log must hold exactly as many events as the gateway accepted transitions, or the run fails.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl gateway exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.gympulse.gateway.bench.IngestBenchmark -Dstore=dynamodb -Dseconds=20 -Dinflight=100
 * </pre>
 * {@code -Dstore=memory} (default) measures the in-memory store; {@code dynamodb} starts dynalite, which
 * {@code npm ci} in gateway/ installs. {@code -Dwarmup} sets the unmeasured seconds first (default 3).
 */
public final class IngestBenchmark {

  private static final String ACCEPTED = "gympulse.mqtt.messages.accepted";
  private static final List<String> OUTCOMES = List.of("transition", "refresh", "duplicate", "stale");

  private IngestBenchmark() {
  }

  public static void main(String[] args) {
    BenchmarkMain.runAndExit("ingest benchmark", IngestBenchmark::run);
  }

  private static void run() throws Exception {
    String storeKind = System.getProperty("store", "memory");
    if (!storeKind.equals("memory") && !storeKind.equals("dynamodb")) {
      throw new IllegalArgumentException("-Dstore='" + storeKind + "' is invalid: expected memory or dynamodb");
    }
    Vertx server = Vertx.vertx();
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    DynamoFixture dynamo = null;
    try {
      dynamo = storeKind.equals("dynamodb") ? DynamoFixture.start() : null;
      Stores stores = dynamo == null ? Stores.inMemory() : dynamo.stores(server, dynamo.newTables());
      measure(server, load, storeKind, stores);
    } finally {
      BenchmarkMain.close(load);
      BenchmarkMain.close(server);
      if (dynamo != null) {
        dynamo.close();
      }
    }
  }

  private static void measure(Vertx server, Vertx load, String storeKind, Stores stores) throws Exception {
    int seconds = Integer.getInteger("seconds", 20);
    int warmup = Integer.getInteger("warmup", 3);
    int inflight = Integer.getInteger("inflight", 100);
    // the benchmark floods on purpose: the highest per-machine publish rate the configuration allows
    TestGateway gateway = TestGateway.start(server, Map.of("MQTT_MAX_UNACKED_PER_DEVICE", Integer.toString(inflight),
        "MQTT_MAX_PUBLISHES_PER_SECOND", "100000"), stores);

    AtomicLong acknowledged = new AtomicLong();
    List<Hub> hubs = new ArrayList<>();
    for (Branch branch : TestGateway.CATALOG.branches()) {
      List<Machine> machines = TestGateway.CATALOG.machines().stream().filter(m -> m.gymId().equals(branch.id())).toList();
      hubs.add(new Hub(load, branch.id(), machines, inflight, acknowledged));
    }
    for (Hub hub : hubs) {
      hub.client.connect(gateway.mqttPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    }
    hubs.forEach(hub -> load.runOnContext(v -> hub.fill()));
    Thread.sleep(warmup * 1000L);
    double transitionsBefore = gateway.metric(ACCEPTED, "outcome", "transition");
    long started = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    double transitions = gateway.metric(ACCEPTED, "outcome", "transition") - transitionsBefore;
    double elapsed = (System.nanoTime() - started) / 1e9;
    hubs.forEach(hub -> hub.running = false);
    awaitAllAcknowledged(hubs);

    System.out.printf("ingest benchmark: store=%s, %d hubs, in-flight window %d, QoS 1, every message a transition%n",
        storeKind, hubs.size(), inflight);
    System.out.printf("  %.0f transitions accepted (durably stored) in %.1f s: %.0f transitions/s%n", transitions, elapsed,
        transitions / elapsed);
    StringBuilder outcomes = new StringBuilder();
    for (String outcome : OUTCOMES) {
      outcomes.append(String.format("  %s %.0f", outcome, gateway.metric(ACCEPTED, "outcome", outcome)));
    }
    long acceptedTransitions = (long) gateway.metric(ACCEPTED, "outcome", "transition");
    long stored = storedEvents(stores.machines());
    System.out.printf("  whole run: %d PUBACKs; accepted by outcome:%s; events in the store %d%n", acknowledged.get(),
        outcomes, stored);

    for (Hub hub : hubs) {
      hub.client.disconnect().await(10, TimeUnit.SECONDS);
    }
    gateway.stop();
    stores.close(server).await(20, TimeUnit.SECONDS);
    if (stored != acceptedTransitions) {
      throw new IllegalStateException("the store holds " + stored + " events but the gateway accepted "
          + acceptedTransitions + " transitions");
    }
  }

  /** Every PUBACK in: after it the gateway's counters and the store are final for this run. */
  private static void awaitAllAcknowledged(List<Hub> hubs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (hubs.stream().anyMatch(hub -> hub.inFlight > 0)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(hubs.stream().mapToInt(hub -> hub.inFlight).sum()
            + " messages still unacknowledged 30 s after the hubs stopped publishing");
      }
      Thread.sleep(20);
    }
  }

  /** Events in the store's log over every machine of the catalog, read page by page through the store API. */
  private static long storedEvents(MachineStore store) throws Exception {
    long to = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);
    long count = 0;
    for (Machine machine : TestGateway.CATALOG.machines()) {
      Optional<String> cursor = Optional.empty();
      do {
        HistoryPage page = store.history(new HistoryQuery(machine.machineId(), 0, to, 1000, cursor))
            .await(30, TimeUnit.SECONDS);
        count += page.events().size();
        cursor = page.nextCursor();
      } while (cursor.isPresent());
    }
    return count;
  }

  /** One branch hub keeping its in-flight window full of transitions. */
  private static final class Hub {

    final MqttClient client;
    final String gymId;
    final List<Machine> machines;
    final int window;
    final AtomicLong acknowledged;
    final long[] seq;
    /** Per machine, the last device timestamp: a machine changes at most once a millisecond, as a real one. */
    final long[] lastMillis;
    int next;
    /** Written only on the load event loop; read by the main thread to wait for the last PUBACKs. */
    volatile int inFlight;
    volatile boolean running = true;

    Hub(Vertx vertx, String gymId, List<Machine> machines, int window, AtomicLong acknowledged) {
      this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(DeviceDirectory.hubClientId(gymId))
          .setMaxInflightQueue(window).setAckTimeout(60));
      this.gymId = gymId;
      this.machines = machines;
      this.window = window;
      this.acknowledged = acknowledged;
      this.seq = new long[machines.size()];
      this.lastMillis = new long[machines.size()];
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
        lastMillis[index] = Math.max(System.currentTimeMillis(), lastMillis[index] + 1);
        JsonObject payload = new JsonObject().put("status", seq[index] % 2 == 1 ? "occupied" : "free")
            .put("timestamp", lastMillis[index] / 1000.0).put("seq", seq[index]);
        inFlight++;
        client.publish(StatusTopic.of(gymId, machines.get(index).machineId()), payload.toBuffer(), MqttQoS.AT_LEAST_ONCE,
            false, false);
      }
    }
  }
}
