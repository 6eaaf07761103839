package io.gympulse.gateway.bench;

import io.gympulse.gateway.bench.HeapSnapshot.ClassCount;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Heap per idle WebSocket: the packaged gateway and a bare Vert.x server ({@link BareWebSocketServer}), each in
 * its own JVM with the same options, measured after a full GC before and after this process opens N WebSockets
 * to it; prints bytes per connection and, from class histograms, which classes grew and by how much more in the
 * gateway than in the bare server. Not a test. Needs {@code ulimit -n} above 2N + a few hundred.
 *
 * <pre>
 * ulimit -n 20000 && mvn -q install -DskipTests && mvn -q -pl gateway exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.gympulse.gateway.bench.IdleHeapBenchmark -Dconnections=10000 \
 *   -Dtargets=bare,bare-strict,gateway,subscribed
 * </pre>
 */
public final class IdleHeapBenchmark {

  private static final String TOPIC = "branches/hk-central-caine/categories/legs";
  private static final String SUBSCRIBE = new JsonObject().put("action", "subscribe")
      .put("topics", new JsonArray().add(TOPIC)).encode();
  private static final int CONNECT_BATCH = 250;

  /**
   * One server configuration under measurement: {@code jvmOptions} are added to the common ones;
   * {@code subscribe}: each connection follows one category.
   */
  private record Target(String key, String label, boolean gateway, List<String> jvmOptions, boolean subscribe) {
  }

  private static final List<Target> TARGETS = List.of(
      new Target("bare", "bare Vert.x", false, List.of(), false),
      // the only supported way found to drop one of the two per-connection MPSC queues (see docs/benchmarks.md)
      new Target("bare-strict", "bare, strict threads", false, List.of("-DstrictThreadMode=true"), false),
      new Target("gateway", "gateway idle", true, List.of(), false),
      new Target("subscribed", "gateway subscribed", true, List.of(), true));

  /** A target's heap before and after its connections. */
  private record Measurement(Target target, int connections, HeapSnapshot before, HeapSnapshot after) {

    double liveBytesPerConnection() {
      return (double) (after.liveBytes() - before.liveBytes()) / connections;
    }

    double usedBytesPerConnection() {
      return (double) (after.usedBytes() - before.usedBytes()) / connections;
    }

    /** Growth per connection of one class, in bytes or instances. */
    double perConnection(String type, ToDoubleFunction<ClassCount> field) {
      ClassCount none = new ClassCount(0, 0);
      return (field.applyAsDouble(after.histogram().getOrDefault(type, none))
          - field.applyAsDouble(before.histogram().getOrDefault(type, none))) / connections;
    }

    Set<String> types() {
      Set<String> types = new HashSet<>(before.histogram().keySet());
      types.addAll(after.histogram().keySet());
      return types;
    }
  }

  private IdleHeapBenchmark() {
  }

  public static void main(String[] args) {
    BenchmarkMain.runAndExit("idle heap benchmark", IdleHeapBenchmark::run);
  }

  private static void run() throws Exception {
    int connections = Integer.getInteger("connections", 10_000);
    int warmup = Integer.getInteger("warmup", Math.min(connections, 1_000));
    int settleSeconds = Integer.getInteger("settle", 3);
    int top = Integer.getInteger("top", 25);
    int gcRounds = Integer.getInteger("gcRounds", 3);
    List<String> jvmOptions = List.of(System.getProperty("targetJvm", "-Xmx1g -XX:+UseG1GC").trim().split("\\s+"));
    List<String> keys = List.of(System.getProperty("targets", "bare,gateway,subscribed").split(","));
    Path jar = ServerProcess.gatewayJar();

    List<Measurement> measurements = new ArrayList<>();
    for (String key : keys) {
      Target target = TARGETS.stream().filter(t -> t.key().equals(key.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown target '" + key + "': bare, bare-strict, gateway or subscribed"));
      measurements.add(measure(target, command(target, jar, jvmOptions), connections, warmup, settleSeconds, gcRounds));
    }

    System.out.printf("idle heap benchmark: %,d WebSockets per server from one client process, after %,d opened and "
        + "closed; servers run %s on %s%n", connections, warmup, String.join(" ", jvmOptions), jar);
    System.out.println("heap per connection after a full GC (live: class histogram total; used: the collector's used heap):");
    for (Measurement m : measurements) {
      System.out.printf("  %-20s %,8.0f B live (%.1f KiB)   %,8.0f B used   [live %,d → %,d B]%n", m.target().label(),
          m.liveBytesPerConnection(), m.liveBytesPerConnection() / 1024, m.usedBytesPerConnection(),
          m.before().liveBytes(), m.after().liveBytes());
    }
    for (Measurement m : measurements) {
      System.out.printf("%s: classes that changed, per connection (top %d by |bytes|):%n", m.target().label(), top);
      printTop(m.types(), type -> m.perConnection(type, ClassCount::bytes),
          type -> m.perConnection(type, ClassCount::instances), top);
    }
    Measurement bare = measurements.stream().filter(m -> !m.target().gateway()).findFirst().orElse(null);
    for (Measurement gateway : measurements) {
      if (bare != null && gateway.target().gateway()) {
        System.out.printf("%s minus %s: %,.0f B per connection; the classes that differ most (top %d by |bytes|):%n",
            gateway.target().label(), bare.target().label(),
            gateway.liveBytesPerConnection() - bare.liveBytesPerConnection(), top);
        Set<String> types = gateway.types();
        types.addAll(bare.types());
        printTop(types, type -> gateway.perConnection(type, ClassCount::bytes) - bare.perConnection(type, ClassCount::bytes),
            type -> gateway.perConnection(type, ClassCount::instances) - bare.perConnection(type, ClassCount::instances), top);
      }
    }
  }

  /** Warm-up, heap before, N connections, heap after; the server and this side's connections are gone afterwards. */
  private static Measurement measure(Target target, List<String> command, int connections, int warmup, int settleSeconds,
      int gcRounds) throws Exception {
    Map<String, String> env = target.gateway()
        // every connection comes from 127.0.0.1 and each upgrade is a request: lift the per-address budget
        ? Map.of("HTTP_PORT", "0", "MQTT_PORT", "0", "SIMULATOR", "off", "STORE", "memory", "DRAIN_SECONDS", "0",
            "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000")
        : Map.of();
    Pattern listening = Pattern.compile(target.gateway() ? "gateway listening \\[http: (\\d+)" : "^listening (\\d+)");
    try (ServerProcess server = ServerProcess.start(target.key(), command, env, listening).awaitListening(60)) {
      // Warm-up: the first connections also fill one-time caches (classes' statics, buffer pools, the
      // gateway's topic state); those are not a cost per connection.
      Vertx client = Vertx.vertx();
      try {
        AtomicInteger closed = new AtomicInteger();
        List<Future<Void>> closes = new ArrayList<>();
        open(client, server.port(), warmup, target.subscribe(), closed).forEach(ws -> closes.add(ws.close()));
        Future.join(closes).await(30, TimeUnit.SECONDS);
      } finally {
        BenchmarkMain.close(client);
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds)); // the server handles the closes
      HeapSnapshot before = HeapSnapshot.of(server.pid(), gcRounds);

      client = Vertx.vertx();
      try {
        AtomicInteger closed = new AtomicInteger();
        open(client, server.port(), connections, target.subscribe(), closed);
        Thread.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
        HeapSnapshot after = HeapSnapshot.of(server.pid(), gcRounds);
        server.assertAlive();
        if (closed.get() > 0) {
          throw new IllegalStateException(target.label() + " closed " + closed.get() + " of " + connections
              + " connections during the measurement; output:\n" + server.lastOutput());
        }
        return new Measurement(target, connections, before, after);
      } finally {
        BenchmarkMain.close(client);
      }
    }
  }

  /** Opens {@code count} WebSockets in batches; with {@code subscribe}, each has its category snapshot when it is returned. */
  private static List<WebSocket> open(Vertx vertx, int port, int count, boolean subscribe, AtomicInteger closed)
      throws TimeoutException {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 1));
    List<WebSocket> sockets = new ArrayList<>(count);
    for (int opened = 0; opened < count; opened += CONNECT_BATCH) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = opened; i < Math.min(count, opened + CONNECT_BATCH); i++) {
        batch.add(client.connect(port, "127.0.0.1", "/ws").compose(ws -> {
          ws.closeHandler(v -> closed.incrementAndGet());
          return subscribe ? subscribed(ws) : Future.succeededFuture(ws);
        }));
      }
      Future.all(batch).await(60, TimeUnit.SECONDS);
      batch.forEach(ws -> sockets.add(ws.result()));
    }
    return sockets;
  }

  private static Future<WebSocket> subscribed(WebSocket ws) {
    Promise<WebSocket> snapshot = Promise.promise();
    ws.textMessageHandler(text -> {
      Object value = new JsonArray("[" + text + "]").getValue(0);
      for (Object raw : value instanceof JsonArray batch ? batch : new JsonArray().add(value)) {
        JsonObject message = (JsonObject) raw;
        if ("snapshot".equals(message.getString("type"))) {
          snapshot.tryComplete(ws);
        } else if ("error".equals(message.getString("type"))) {
          snapshot.tryFail("subscribe refused: " + message.encode());
        }
      }
    });
    ws.writeTextMessage(SUBSCRIBE);
    return snapshot.future();
  }

  /** The same JVM options for both: the gateway as packaged, the bare server from the same jar (same Vert.x and Netty). */
  private static List<String> command(Target target, Path jar, List<String> jvmOptions) throws URISyntaxException {
    List<String> options = new ArrayList<>(jvmOptions);
    options.addAll(target.jvmOptions());
    List<String> command = ServerProcess.java(options);
    if (target.gateway()) {
      command.addAll(List.of("-jar", jar.toString()));
    } else {
      Path classes = Path.of(BareWebSocketServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + classes, BareWebSocketServer.class.getName(), "0"));
    }
    return command;
  }

  private static void printTop(Set<String> types, ToDoubleFunction<String> bytes, ToDoubleFunction<String> instances,
      int top) {
    String[] sorted = types.stream().filter(type -> Math.abs(bytes.applyAsDouble(type)) >= 1)
        .sorted(Comparator.comparingDouble((String type) -> -Math.abs(bytes.applyAsDouble(type))))
        .toArray(String[]::new);
    double shown = 0;
    for (String type : Arrays.copyOf(sorted, Math.min(top, sorted.length))) {
      shown += bytes.applyAsDouble(type);
      System.out.printf("  %+9.1f B  %+7.2f  %s%n", bytes.applyAsDouble(type), instances.applyAsDouble(type), type);
    }
    System.out.printf("  %+9.1f B  in these %d of %d classes that changed by ≥ 1 B%n", shown,
        Math.min(top, sorted.length), sorted.length);
  }
}
