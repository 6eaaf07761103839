package io.gympulse.gateway.sim;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.config.SimulatorConfig;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.state.MachineStatus;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays every catalog machine as gym equipment through the day and publishes over real MQTT, one
 * branch-hub connection per branch, to the gateway's own port: the same path real devices take.
 *
 * <p>Behaviour runs on a simulated clock ({@code SIMULATOR_SPEED} times real time) that starts at the
 * real current time; published timestamps are real time, so the gateway's ordering and clock-skew
 * checks apply unchanged. Machines re-publish their status as a heartbeat while nothing changes.
 */
public final class SimulatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorVerticle.class);
  private static final long TICK_MILLIS = 100;
  private static final long SUMMARY_MILLIS = 10_000;

  private final Catalog catalog;
  private final SimulatorConfig config;
  /** Where the hubs publish: the gateway's own listener on loopback, or the upstream broker. */
  private final String brokerHost;
  private final int brokerPort;
  private final Duration heartbeatInterval;
  private final Random random;
  /** Real time, which simulated time runs ahead of at the configured speed. */
  private final Clock clock;
  private final Map<String, MqttClient> hubs = new HashMap<>();
  private final Map<String, List<SimulatedMachine>> machinesByBranch = new HashMap<>();
  private long realStartMillis;
  private double simStartSeconds;
  private long published;
  private long publishedAtLastSummary;
  private long ticker;
  private long summaries;

  /**
   * @param heartbeatInterval how often an unchanged machine re-publishes; keep it well inside the
   *     gateway's heartbeat window
   */
  public SimulatorVerticle(Catalog catalog, SimulatorConfig config, String brokerHost, int brokerPort, Duration heartbeatInterval, long seed,
      Clock clock) {
    this.catalog = catalog;
    this.config = config;
    this.brokerHost = brokerHost;
    this.brokerPort = brokerPort;
    this.heartbeatInterval = heartbeatInterval;
    this.random = new Random(seed);
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    realStartMillis = clock.millis();
    simStartSeconds = realStartMillis / 1000.0;
    for (Branch branch : catalog.branches()) {
      double utilisation = Rhythm.of(branch.id()).at(branch.timeZone(), simStartSeconds);
      machinesByBranch.put(branch.id(), new ArrayList<>());
      catalog.machines().stream().filter(m -> m.gymId().equals(branch.id()))
          .forEach(m -> machinesByBranch.get(branch.id()).add(new SimulatedMachine(m, random, simStartSeconds, utilisation)));
    }
    List<Future<?>> connections = new ArrayList<>();
    for (Branch branch : catalog.branches()) {
      connections.add(connectHub(branch));
    }
    return Future.all(connections).onSuccess(v -> {
      ticker = vertx.setPeriodic(TICK_MILLIS, id -> tick());
      summaries = vertx.setPeriodic(SUMMARY_MILLIS, id -> logSummary());
      LOG.info("simulator started [branches: {}, machines: {}, speed: {}x]", hubs.size(), catalog.size(), config.speed());
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    vertx.cancelTimer(summaries);
    List<Future<?>> closing = new ArrayList<>();
    hubs.values().stream().filter(MqttClient::isConnected).forEach(c -> closing.add(c.disconnect()));
    return Future.join(closing);
  }

  private Future<?> connectHub(Branch branch) {
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions()
        .setClientId(DeviceDirectory.hubClientId(branch.id()))
        .setCleanSession(true)
        .setKeepAliveInterval(30)
        .setMaxInflightQueue(10_000));
    hubs.put(branch.id(), client);
    client.closeHandler(v -> vertx.setTimer(1_000, id -> {
      if (!client.isConnected()) {
        LOG.info("simulator hub reconnecting [gym: {}]", branch.id());
        client.connect(brokerPort, brokerHost);
      }
    }));
    return client.connect(brokerPort, brokerHost);
  }

  private void tick() {
    long realNow = clock.millis();
    double simNow = simStartSeconds + (realNow - realStartMillis) / 1000.0 * config.speed();
    for (Branch branch : catalog.branches()) {
      // One event-loop task per branch: a tick that publishes for the whole chain at once (start-up,
      // heartbeats in phase, high speeds) held the event loop for most of a second.
      context.runOnContext(v -> tickBranch(branch, simNow, realNow));
    }
  }

  private void tickBranch(Branch branch, double simNow, long realNow) {
    double utilisation = Rhythm.of(branch.id()).at(branch.timeZone(), simNow);
    MqttClient hub = hubs.get(branch.id());
    if (!hub.isConnected()) {
      return;
    }
    for (SimulatedMachine machine : machinesByBranch.getOrDefault(branch.id(), List.of())) {
      boolean changed = false;
      while (machine.nextChangeAt <= simNow) {
        changed |= machine.advance(machine.nextChangeAt, utilisation);
      }
      if (changed || realNow - machine.lastPublishedMillis >= heartbeatInterval.toMillis()) {
        publish(hub, machine, realNow);
      }
    }
  }

  private void publish(MqttClient hub, SimulatedMachine machine, long realNow) {
    machine.lastPublishedMillis = realNow;
    machine.seq++;
    JsonObject payload = new JsonObject()
        .put("machineId", machine.machine.machineId())
        .put("gymId", machine.machine.gymId())
        .put("status", machine.status.wireName())
        .put("timestamp", realNow / 1000.0)
        .put("seq", machine.seq);
    hub.publish(StatusTopic.of(machine.machine.gymId(), machine.machine.machineId()), payload.toBuffer(),
        MqttQoS.AT_LEAST_ONCE, false, false)
        .onSuccess(id -> published++)
        .onFailure(e -> LOG.debug("simulator publish failed [machine: {}, reason: {}]", machine.machine.machineId(), e.toString()));
  }

  private void logSummary() {
    Map<MachineStatus, Integer> counts = new EnumMap<>(MachineStatus.class);
    machinesByBranch.values().forEach(list -> list.forEach(m -> counts.merge(m.status, 1, Integer::sum)));
    double perSecond = (published - publishedAtLastSummary) * 1000.0 / SUMMARY_MILLIS;
    publishedAtLastSummary = published;
    LOG.info("simulator: {} msg/s, free {}, occupied {}, offline {}", String.format("%.1f", perSecond),
        counts.getOrDefault(MachineStatus.FREE, 0), counts.getOrDefault(MachineStatus.OCCUPIED, 0),
        counts.getOrDefault(MachineStatus.OFFLINE, 0));
  }
}
