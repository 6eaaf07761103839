package io.gympulse.load.fleet;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a device fleet against an MQTT endpoint: sensors and branch hubs from the catalog publish status
 * transitions (occupied and free in turn, each machine with a rising {@code seq}) at a target rate, spread evenly
 * over the machines, then disconnect by themselves after the duration. Everything runs on one Vert.x context; the
 * public methods may be called from any thread.
 *
 * <p>As a program: {@code -DmqttUrl=mqtt://127.0.0.1:1883 -Drate=100 -DdurationSeconds=30} (see {@link FleetOptions}),
 * progress once a second and a summary on stdout, exit code 1 when a publish failed or a device was refused.
 */
public final class FleetDriver {

  private static final Logger LOG = LoggerFactory.getLogger(FleetDriver.class);
  private static final Set<String> STATUSES = Set.of("free", "occupied", "offline");
  private static final long TICK_MILLIS = 10;
  /** Backlog a full window may build up: catching up more at once would burst past a machine's rate. */
  private static final double MAX_BACKLOG_SECONDS = 0.1;
  /** How long the stop waits for the last acknowledgements before it disconnects. */
  private static final long DRAIN_MILLIS = 10_000;
  private static final int LOGGED_FAILURES = 10;
  /** A fixed seed: the same options drive the machines in the same order, starting from the same statuses. */
  private static final long SEED = 20_251_128L;

  private final Vertx vertx;
  private final Context context;
  private final FleetOptions options;
  private final List<FleetMachine> machines;
  private final Map<String, Driven> driven = new HashMap<>();
  private final Map<String, DeviceConnection> connections = new LinkedHashMap<>();
  private final List<Driven> rotation = new ArrayList<>();
  private final ArrayDeque<Forced> forced = new ArrayDeque<>();
  private final Promise<FleetSummary> completion = Promise.promise();
  private int cursor;
  private long credited;
  private int refused;
  private long published;
  private long acknowledged;
  private long failed;
  private long settled;
  private long publishedAtLastProgress;
  private long startNanos;
  private long endNanos;
  private long tickTimer;
  private long progressTimer;
  private long endTimer;
  private boolean running;
  private boolean stopping;

  private FleetDriver(Vertx vertx, Context context, FleetOptions options, List<FleetMachine> machines) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.machines = machines;
    Random random = new Random(SEED);
    for (FleetMachine machine : machines) {
      DeviceConnection connection = connections.computeIfAbsent(machine.clientId(),
          clientId -> new DeviceConnection(vertx, clientId, options.qos(), options.inflight()));
      driven.put(machine.machineId(), new Driven(machine, connection, random.nextBoolean() ? "free" : "occupied"));
    }
  }

  /**
   * Connects the fleet (at {@code connectsPerSecond}) and starts publishing; completes once every device answered,
   * fails if none could connect. The run then ends by itself after the duration: see {@link #completion()}.
   */
  public static Future<FleetDriver> start(Vertx vertx, FleetOptions options) {
    Context context = vertx.getOrCreateContext();
    return context.executeBlocking(() -> pick(options))
        .compose(machines -> {
          FleetDriver driver = new FleetDriver(vertx, context, options, machines);
          return driver.connectAll().map(driver);
        });
  }

  /** Starts the fleet and completes with the summary when it stopped by itself. */
  public static Future<FleetSummary> run(Vertx vertx, FleetOptions options) {
    return start(vertx, options).compose(FleetDriver::completion);
  }

  /** The machines this fleet drives, hub machines first, in catalog order. */
  public List<FleetMachine> machines() {
    return machines;
  }

  /**
   * Publishes {@code status} ({@code free}, {@code occupied} or {@code offline}) for one driven machine now, as its
   * sensor or hub, and takes the machine out of the random transitions so it stays so. Completes when acknowledged.
   */
  public Future<Void> publish(String gymId, String machineId, String status) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      Driven target = driven.get(machineId);
      if (target == null || !target.machine.gymId().equals(gymId)) {
        done.fail(new IllegalArgumentException("the fleet does not drive machine " + machineId + " of " + gymId));
      } else if (!STATUSES.contains(status)) {
        done.fail(new IllegalArgumentException("status must be one of " + STATUSES + ", not " + status));
      } else if (!running) {
        done.fail(new IllegalStateException("the fleet is not publishing"));
      } else {
        target.held = true;
        forced.add(new Forced(target, status, done));
      }
    });
    return done.future();
  }

  /** Completes with the summary once the run has ended (by itself or through {@link #stop()}) and disconnected. */
  public Future<FleetSummary> completion() {
    return completion.future();
  }

  /** Stops publishing now, waits for the outstanding acknowledgements, disconnects; completes with the summary. */
  public Future<FleetSummary> stop() {
    context.runOnContext(ignored -> finish());
    return completion.future();
  }

  /**
   * Runs a fleet with the options from system properties; exit code 1 if anything failed or was refused. Ends with
   * {@link System#exit} because Vert.x's threads are not daemons ({@code mvn exec:java} would wait for them).
   */
  public static void main(String[] args) {
    int status = 1;
    Vertx vertx = Vertx.vertx();
    try {
      FleetSummary summary = run(vertx, FleetOptions.fromSystemProperties()).await();
      status = summary.failed() == 0 && summary.refused() == 0 ? 0 : 1;
    } catch (Exception failure) {
      LOG.error("fleet failed: {}", failure.toString());
    } finally {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception closing) {
        LOG.warn("could not close Vert.x: {}", closing.toString());
      }
      System.exit(status);
    }
  }

  private static List<FleetMachine> pick(FleetOptions options) {
    List<FleetMachine> machines = FleetCatalog.pick(FleetCatalog.load(options.catalog()), options.hubs(),
        options.sensors());
    double perMachine = options.rate() / machines.size();
    if (perMachine > FleetOptions.MAX_PER_MACHINE_PER_SECOND) {
      throw new IllegalArgumentException("rate " + options.rate() + " over " + machines.size() + " machines is "
          + perMachine + "/s a machine, above the gateway's " + FleetOptions.MAX_PER_MACHINE_PER_SECOND
          + ": add hubs or sensors");
    }
    return machines;
  }

  private Future<Void> connectAll() {
    List<Future<Void>> attempts = new ArrayList<>();
    int index = 0;
    for (DeviceConnection connection : connections.values()) {
      Promise<Void> attempt = Promise.promise();
      long delay = Math.max(1, index++ * 1000L / options.connectsPerSecond());
      vertx.setTimer(delay, ignored -> connection.connect(options.mqttUrl().getHost(), options.port())
          .onComplete(attempt));
      attempts.add(attempt.future().onFailure(cause -> {
        refused++;
        LOG.warn("device not connected [client: {}, cause: {}]", connection.clientId(), cause.getMessage());
      }));
    }
    return Future.join(attempts).transform(ignored -> {
      int connected = connectedCount();
      LOG.info("fleet connected [devices: {}, refused: {}, machines: {}]", connected, refused, machines.size());
      if (connected == 0) {
        completion.tryFail("no device could connect to " + options.mqttUrl());
        return Future.failedFuture("no device could connect to " + options.mqttUrl());
      }
      begin();
      return Future.succeededFuture();
    });
  }

  private void begin() {
    for (Driven machine : driven.values()) {
      if (machine.connection.isConnected()) {
        rotation.add(machine);
      }
    }
    // spread each hub's machines over the round so no connection gets a run of consecutive publishes
    Collections.shuffle(rotation, new Random(SEED));
    running = true;
    startNanos = System.nanoTime();
    tickTimer = vertx.setPeriodic(TICK_MILLIS, ignored -> tick());
    progressTimer = vertx.setPeriodic(1000, ignored -> LOG.info("fleet [{}]", progress().line()));
    endTimer = vertx.setTimer(options.durationSeconds() * 1000L, ignored -> finish());
  }

  private void tick() {
    sendForced();
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    long target = (long) (options.rate() * elapsed);
    credited = Math.max(credited, target - Math.max(1, (long) (options.rate() * MAX_BACKLOG_SECONDS)));
    while (credited < target && !rotation.isEmpty()) {
      Driven next = rotation.get(cursor);
      if (next.held || !next.connection.isConnected()) {
        rotation.remove(cursor);
        cursor = rotation.isEmpty() ? 0 : cursor % rotation.size();
        continue;
      }
      if (!next.connection.hasRoom()) {
        return; // its window is full: the round waits for acknowledgements rather than skip the machine
      }
      send(next, next.status.equals("free") ? "occupied" : "free");
      credited++;
      cursor = (cursor + 1) % rotation.size();
    }
  }

  private void sendForced() {
    while (!forced.isEmpty()) {
      Forced next = forced.peek();
      if (!next.target.connection.isConnected()) {
        forced.poll().done.fail(new IllegalStateException(next.target.connection.clientId() + " is not connected"));
      } else if (next.target.connection.hasRoom()) {
        forced.poll();
        send(next.target, next.status).onComplete(next.done);
      } else {
        return;
      }
    }
  }

  private Future<Void> send(Driven machine, String status) {
    machine.status = status;
    machine.seq++;
    // never behind the last report of this machine, or the gateway would take it as stale
    machine.timestamp = Math.max(machine.timestamp, System.currentTimeMillis() / 1000.0);
    JsonObject report = new JsonObject().put("machineId", machine.machine.machineId())
        .put("gymId", machine.machine.gymId()).put("status", status).put("timestamp", machine.timestamp)
        .put("seq", machine.seq);
    published++;
    return machine.connection.publish(machine.machine.topic(), report.toBuffer())
        .onSuccess(ignored -> {
          settled++;
          if (options.qos() > 0) {
            acknowledged++;
          }
        })
        .onFailure(cause -> {
          settled++;
          if (++failed <= LOGGED_FAILURES) {
            LOG.warn("publish failed [machine: {}, cause: {}]", machine.machine.machineId(), cause.getMessage());
          }
        });
  }

  private void finish() {
    if (!running || stopping) {
      return;
    }
    stopping = true;
    endNanos = System.nanoTime();
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(progressTimer);
    vertx.cancelTimer(endTimer);
    while (!forced.isEmpty()) {
      forced.poll().done.fail(new IllegalStateException("the fleet stopped before this publish"));
    }
    long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    vertx.setPeriodic(1, 20, drain -> {
      if (settled < published && System.nanoTime() < deadline) {
        return;
      }
      vertx.cancelTimer(drain);
      int connected = connectedCount();
      List<Future<Void>> disconnects = connections.values().stream().map(DeviceConnection::disconnect).toList();
      Future.join(disconnects).onComplete(ignored -> {
        running = false;
        double seconds = (endNanos - startNanos) / 1e9;
        FleetSummary summary = new FleetSummary(connected, refused, published, acknowledged, failed, seconds,
            seconds > 0 ? published / seconds : 0);
        LOG.info("fleet done [{}]", summary.line());
        completion.complete(summary);
      });
    });
  }

  private FleetSummary progress() {
    long lastSecond = published - publishedAtLastProgress;
    publishedAtLastProgress = published;
    return new FleetSummary(connectedCount(), refused, published, acknowledged, failed,
        (System.nanoTime() - startNanos) / 1e9, lastSecond);
  }

  private int connectedCount() {
    return (int) connections.values().stream().filter(DeviceConnection::isConnected).count();
  }

  /** A machine's reporting state: the status it last sent and its counter. */
  private static final class Driven {
    private final FleetMachine machine;
    private final DeviceConnection connection;
    private String status;
    private long seq;
    private double timestamp;
    /** Forced to a status by {@link #publish}: no longer part of the random transitions. */
    private boolean held;

    private Driven(FleetMachine machine, DeviceConnection connection, String initial) {
      this.machine = machine;
      this.connection = connection;
      // the first transition flips this one, so a machine starts at either status
      this.status = initial;
    }
  }

  /** A status to publish for one machine as soon as its connection has room. */
  private record Forced(Driven target, String status, Promise<Void> done) {
  }
}
