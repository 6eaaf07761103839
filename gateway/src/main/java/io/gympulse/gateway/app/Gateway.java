package io.gympulse.gateway.app;

import io.gympulse.gateway.aggregates.AggregatesRecorder;
import io.gympulse.gateway.aggregates.BinRebuilder;
import io.gympulse.gateway.alerts.AlertEngine;
import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.chat.Assistant;
import io.gympulse.gateway.chat.BedrockAgentAssistant;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.fanout.ConnectionMirror;
import io.gympulse.gateway.fanout.FanoutHub;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.LiveStateSink;
import io.gympulse.gateway.ingest.MqttIngestVerticle;
import io.gympulse.gateway.ingest.StatusPayloadParser;
import io.gympulse.gateway.metrics.MicrometerGatewayMetrics;
import io.gympulse.gateway.rest.HttpApiVerticle;
import io.gympulse.gateway.rest.RestApi;
import io.gympulse.gateway.sim.Backfill;
import io.gympulse.gateway.sim.SimulatorVerticle;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.LiveStateVerticle;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.memory.RetentionSweeper;
import io.gympulse.gateway.store.StateRecorder;
import io.gympulse.gateway.store.StoreHealth;
import io.gympulse.gateway.app.Stores;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: wires the capabilities together and starts them in order (warm state from the
 * store → live state → fan-out → MQTT and HTTP listeners → simulator). Only wiring lives here.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** How long a stop waits for transitions still on their way to the store. */
  private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Stores stores;
  private final LiveState state;
  private final FanoutHub hub;
  private final ConnectionMirror mirror;
  private final AlertEngine alerts;
  private final AggregatesRecorder aggregates;
  private final StateRecorder recorder;
  private final SessionTokens sessions;
  private final RetentionSweeper sweeper;
  private final List<String> deployments;
  private final int httpPort;
  private final int mqttPort;
  private final int mqttTlsPort;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private Gateway(Vertx vertx, Stores stores, LiveState state, FanoutHub hub, ConnectionMirror mirror,
      AlertEngine alerts, AggregatesRecorder aggregates, StateRecorder recorder, SessionTokens sessions,
      RetentionSweeper sweeper, List<String> deployments,
      int httpPort, int mqttPort, int mqttTlsPort) {
    this.vertx = vertx;
    this.stores = stores;
    this.state = state;
    this.hub = hub;
    this.mirror = mirror;
    this.alerts = alerts;
    this.aggregates = aggregates;
    this.recorder = recorder;
    this.sessions = sessions;
    this.sweeper = sweeper;
    this.deployments = deployments;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
    this.mqttTlsPort = mqttTlsPort;
  }

  /**
   * Starts a gateway on {@code vertx}.
   *
   * @param registry where metrics go and what {@code /metrics} serves
   * @param openApi the OpenAPI document served at {@code /openapi.yaml}
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Catalog catalog, Stores stores,
      PrometheusMeterRegistry registry, Buffer openApi, Clock clock) {
    if (!config.chat().bedrock()) {
      return start(vertx, config, catalog, stores, Optional.empty(), registry, openApi, clock);
    }
    // Building the SDK client loads classes and sets up its event loops: worker-thread work, like closing it.
    return vertx.executeBlocking(() -> BedrockAgentAssistant.client(config.chat()), false).compose(client ->
        start(vertx, config, catalog, stores.alsoClosing(client::close),
            Optional.of(new BedrockAgentAssistant(client, config.chat())), registry, openApi, clock)
            .onFailure(e -> Stores.closeOnWorker(vertx, client::close)));
  }

  private static Future<Gateway> start(Vertx vertx, GatewayConfig config, Catalog catalog, Stores stores,
      Optional<Assistant> assistant, PrometheusMeterRegistry registry, Buffer openApi, Clock clock) {
    MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics(registry);
    List<String> deployments = new ArrayList<>();
    MachineStore store = stores.machines();
    StoreHealth health = new StoreHealth();
    StateRecorder recorder = new StateRecorder(vertx, store, metrics, health);
    LiveState state = new LiveState(catalog, clock.millis() / 1000.0, recorder, metrics);
    return store.loadCurrentStates().compose(stored -> {
      state.restore(stored, clock.millis());
      LOG.info("warm state loaded [machines with stored state: {}]", stored.size());
      LiveStateVerticle stateVerticle = new LiveStateVerticle(state, config.mqtt().heartbeatWindow(), clock);
      return vertx.deployVerticle(stateVerticle).map(id -> {
        deployments.add(id);
        return stateVerticle;
      });
    }).compose(stateVerticle -> {
      SessionTokens sessions = new SessionTokens(vertx, config.auth(), clock);
      if (config.auth().generated()) {
        LOG.warn("JWT_SECRET is not set: signing sessions with a random key; tokens will not survive a restart (dev only)");
      }
      FanoutHub hub = new FanoutHub(vertx, stateVerticle.writerContext(), state, config.fanout(), metrics, sessions);
      ConnectionMirror mirror = new ConnectionMirror(vertx, stores.connections(), config.instanceId(), clock);
      hub.registry().addListener(mirror);
      AlertEngine alerts = new AlertEngine(vertx, stateVerticle.writerContext(), catalog, stores.alerts(), hub, clock);
      state.addListener(hub);
      state.addListener(alerts);
      AggregatesRecorder aggregates = new AggregatesRecorder(vertx, stateVerticle.writerContext(), state,
          stores.aggregates(), clock);
      state.addListener(aggregates);
      aggregates.start();
      hub.start();
      MqttIngestVerticle mqtt = new MqttIngestVerticle(config.mqtt(), new DeviceDirectory(catalog),
          new StatusPayloadParser(catalog, config.mqtt().maxPayloadBytes(), config.mqtt().maxClockSkew()),
          new LiveStateSink(state, recorder, stateVerticle.writerContext(), clock), metrics, clock);
      RestApi api = new RestApi(state, store, recorder, health, hub, alerts, stores.aggregates(), aggregates, sessions,
          config.rateLimits(), assistant, registry::scrape, openApi, clock);
      HttpApiVerticle http = new HttpApiVerticle(config.http(), api);
      stores.retaining().forEach(retaining -> metrics.watchRetention(retaining.itemKind(), retaining.retained()));
      RetentionSweeper sweeper = new RetentionSweeper(vertx, stores.retaining());
      Future<Integer> rebuilt = new BinRebuilder(catalog, store, stores.aggregates()).rebuild(clock.millis() / 1000.0)
          .onSuccess(count -> LOG.info("occupancy bins rebuilt from events [bins: {}]", count));
      return Future.all(mirror.start(), alerts.start(), rebuilt, sessions.start())
          .compose(ready -> Future.all(vertx.deployVerticle(mqtt), vertx.deployVerticle(http))).compose(ids -> {
        deployments.add(ids.resultAt(0));
        deployments.add(ids.resultAt(1));
        sweeper.start();
        Gateway gateway = new Gateway(vertx, stores, state, hub, mirror, alerts, aggregates, recorder, sessions, sweeper, deployments, http.actualPort(), mqtt.actualPort(),
            mqtt.actualTlsPort());
        LOG.info("gateway listening [http: {}, mqtt: {}, mqtts: {}, instance: {}, env: {}, store: {}]", gateway.httpPort,
            gateway.mqttPort, gateway.mqttTlsPort, config.instanceId(), config.environment().wireName(), config.store().kind().wireName());
        return config.simulator().enabled() ? gateway.startSimulator(config, catalog, clock) : Future.succeededFuture(gateway);
      });
    }).onFailure(e -> deployments.forEach(vertx::undeploy));
  }

  private Future<Gateway> startSimulator(GatewayConfig config, Catalog catalog, Clock clock) {
    int days = config.simulator().backfillDays();
    if (days == 0) {
      return deploySimulator(config, catalog);
    }
    long started = System.currentTimeMillis();
    return Backfill.run(vertx, catalog, stores.aggregates(), days, clock, System.nanoTime()).compose(bins -> {
      LOG.info("simulator backfilled history [days: {}, bins: {}, took: {} ms]", days, bins, System.currentTimeMillis() - started);
      return deploySimulator(config, catalog);
    });
  }

  private Future<Gateway> deploySimulator(GatewayConfig config, Catalog catalog) {
    // Heartbeats at a third of the window: two may be lost before a machine is shown offline.
    SimulatorVerticle simulator = new SimulatorVerticle(catalog, config.simulator(), mqttPort,
        config.mqtt().heartbeatWindow().dividedBy(3), System.nanoTime());
    return vertx.deployVerticle(simulator).map(id -> {
      deployments.add(id);
      return this;
    });
  }

  public int httpPort() {
    return httpPort;
  }

  public int mqttPort() {
    return mqttPort;
  }

  /** The MQTTS port; -1 when MQTTS is not configured. */
  public int mqttTlsPort() {
    return mqttTlsPort;
  }

  public LiveState state() {
    return state;
  }

  /** Stops listeners, closes clients and the store, newest first; safe to call twice. */
  public Future<Void> stop() {
    if (!stopped.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    mirror.stop();
    alerts.stop();
    aggregates.stop();
    sessions.stop();
    sweeper.stop();
    Future<Void> undeployed = hub.stop();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      undeployed = undeployed.eventually(() -> vertx.undeploy(id));
    }
    return undeployed.eventually(() -> recorder.drained(vertx, SHUTDOWN_DRAIN)).eventually(() -> stores.close(vertx));
  }
}
