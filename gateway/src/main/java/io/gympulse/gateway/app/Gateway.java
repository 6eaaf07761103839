package io.gympulse.gateway.app;

import io.gympulse.gateway.aggregates.AggregatesRecorder;
import io.gympulse.gateway.aggregates.BinRebuilder;
import io.gympulse.gateway.aggregates.History;
import io.gympulse.gateway.alerts.AlertChanges;
import io.gympulse.gateway.alerts.AlertDelivery;
import io.gympulse.gateway.alerts.AlertEngine;
import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.chat.Assistant;
import io.gympulse.gateway.chat.BedrockAgentAssistant;
import io.gympulse.gateway.chat.ChatAssistant;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.fanout.ConnectionMirror;
import io.gympulse.gateway.fanout.FanoutHub;
import io.gympulse.gateway.ingest.DeviceDirectory;
import io.gympulse.gateway.ingest.LiveStateSink;
import io.gympulse.gateway.ingest.ReportSink;
import io.gympulse.gateway.ingest.MqttIngestVerticle;
import io.gympulse.gateway.ingest.StatusPayloadParser;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.lifecycle.Deployment;
import io.gympulse.gateway.lifecycle.Lifecycle;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.metrics.MicrometerGatewayMetrics;
import io.gympulse.gateway.rest.AlertRoutes;
import io.gympulse.gateway.rest.ChatRoutes;
import io.gympulse.gateway.rest.HttpApiVerticle;
import io.gympulse.gateway.rest.InsightRoutes;
import io.gympulse.gateway.rest.OperationsRoutes;
import io.gympulse.gateway.rest.RateLimiter;
import io.gympulse.gateway.rest.RestApi;
import io.gympulse.gateway.rest.SessionRoutes;
import io.gympulse.gateway.rest.StateRoutes;
import io.gympulse.gateway.rest.WebAppRoutes;
import io.gympulse.gateway.sim.Backfill;
import io.gympulse.gateway.sim.SimulatorVerticle;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.LiveStateVerticle;
import io.gympulse.gateway.state.StateJournal;
import io.gympulse.gateway.state.StateViews;
import io.gympulse.gateway.store.MachineStore;
import io.gympulse.gateway.store.StateRecorder;
import io.gympulse.gateway.store.StoreHealth;
import io.gympulse.gateway.store.memory.RetentionSweeper;
import io.gympulse.gateway.upstream.DeviceRelay;
import io.gympulse.gateway.upstream.DurablePath;
import io.gympulse.gateway.upstream.LivePath;
import io.gympulse.gateway.upstream.PeerChannel;
import io.gympulse.gateway.upstream.PeerDelivery;
import io.gympulse.gateway.upstream.StoreCatchUp;
import io.gympulse.gateway.upstream.UpstreamHealth;
import io.gympulse.gateway.upstream.UpstreamIngest;
import io.gympulse.gateway.upstream.UpstreamJournal;
import io.gympulse.tools.EstimatedRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: builds the capabilities, chooses their collaborators and starts them, in one {@link
 * Lifecycle}, in order (store → warm live state → recorder, alerts, bins, timers → MQTT and HTTP listeners →
 * fan-out hub → simulator); a stop, or a failed start, stops them in reverse. Only wiring lives here.
 *
 * <p>Where each component runs. On the live state's single writer context ({@link LiveStateVerticle}): the state,
 * its listeners (recorder, hub, alerts, bins), the hub's timers and the alert and bin timers. On the MQTT and HTTP
 * verticles' own contexts: the listeners, the rate limiter's handler. On whatever context calls them, as they are
 * thread-safe: the recorder's store callbacks, the connection mirror, sessions, the rate limiter's and the
 * retention sweeper's timers. On a worker: closing the SDK clients.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  /** Exceptions no handler caught: a few a window, each with its stack trace, then a count. */
  private static final BoundedRateLog UNHANDLED = new BoundedRateLog(LOG, 10, 10_000);
  /** How long a stop waits for transitions still on their way to the store. */
  private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Stores stores;
  private final LiveState state;
  private final RestApi api;
  private final FanoutHub hub;
  private final Lifecycle lifecycle;
  private final int httpPort;
  private final int mqttPort;
  private final int mqttTlsPort;

  private Gateway(Vertx vertx, Stores stores, LiveState state, RestApi api, FanoutHub hub, Lifecycle lifecycle,
      int httpPort, int mqttPort, int mqttTlsPort) {
    this.vertx = vertx;
    this.stores = stores;
    this.state = state;
    this.api = api;
    this.hub = hub;
    this.lifecycle = lifecycle;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
    this.mqttTlsPort = mqttTlsPort;
  }

  /**
   * Starts a gateway on {@code vertx}. The gateway owns {@code stores} from here on: it closes them when it stops,
   * or when it fails to start.
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
    return vertx.executeBlocking(() -> BedrockAgentAssistant.client(config.chat()), false)
        .onFailure(e -> stores.close(vertx))
        .compose(client -> start(vertx, config, catalog, stores.alsoClosing(client::close),
            Optional.of(new BedrockAgentAssistant(client, config.chat())), registry, openApi, clock));
  }

  private static Future<Gateway> start(Vertx vertx, GatewayConfig config, Catalog catalog, Stores stores,
      Optional<Assistant> assistant, PrometheusMeterRegistry registry, Buffer openApi, Clock clock) {
    // Vert.x logs an exception no handler caught with its stack trace, at ERROR, every time. Vert.x MQTT throws one
    // for each packet a client sends before CONNECT (the connection is closed soon after), so one misbehaving client
    // wrote about 34 log lines per packet: a way to flood the log. At a bounded rate instead.
    vertx.exceptionHandler(e -> UNHANDLED.warn("exception no handler caught [reason: {}]", e.toString(), e));
    MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics(registry);
    MachineStore store = stores.machines();
    StoreHealth health = new StoreHealth();
    StateRecorder recorder = new StateRecorder(vertx, store, metrics, health, clock);
    // the recorder is the state's journal: every transition is on its way to the store before anyone hears of it;
    // in upstream mode a device's transition waits for the durable path of whichever instance the broker gives it to
    Optional<UpstreamJournal> upstreamJournal = config.upstream().map(broker -> new UpstreamJournal(recorder, clock));
    LiveState state = new LiveState(catalog, clock.millis() / 1000.0,
        upstreamJournal.<StateJournal>map(journal -> journal).orElse(recorder), metrics);
    LiveStateVerticle stateVerticle = new LiveStateVerticle(state, config.mqtt().heartbeatWindow(), clock);
    Lifecycle lifecycle = new Lifecycle();
    // Closing the stores and draining the recorder come last in a stop: they were there before anything started.
    return lifecycle.start(List.of(
            Component.stoppedBy("stores", () -> stores.close(vertx)),
            Component.stoppedBy("recorder drain", () -> recorder.drained(vertx, SHUTDOWN_DRAIN))))
        .compose(ready -> store.loadCurrentStates())
        .compose(stored -> {
          state.restore(stored, clock.millis());
          LOG.info("warm state loaded [machines with stored state: {}]", stored.size());
          return lifecycle.start(List.of(new Deployment(vertx, stateVerticle)));
        })
        .compose(ready -> {
          Context writer = stateVerticle.writerContext();
          SessionTokens sessions = new SessionTokens(vertx, config.auth(), clock);
          if (config.auth().generated()) {
            LOG.warn("JWT_SECRET is not set: signing sessions with a random key; tokens will not survive a restart (dev only)");
          }
          FanoutHub hub = new FanoutHub(vertx, writer, state, config.fanout(), metrics, sessions, clock);
          ConnectionMirror mirror = new ConnectionMirror(vertx, stores.connections(), config.instanceId(), clock);
          hub.addConnectionListener(mirror);
          Optional<UpstreamHealth> upstreamHealth = config.upstream().map(UpstreamHealth::new);
          // with several instances, alert changes and deliveries reach the others through the broker
          Optional<PeerChannel> peers = config.upstream().map(broker ->
              new PeerChannel(broker, config.instanceId(), upstreamHealth.orElseThrow()));
          AlertEngine alerts = new AlertEngine(vertx, writer, catalog, stores.alerts(),
              peers.<AlertDelivery>map(channel -> new PeerDelivery(hub, stores.connections(), channel,
                  config.instanceId())).orElse(hub),
              peers.<AlertChanges>map(channel -> channel).orElse(AlertChanges.NOBODY), clock);
          metrics.watchArmedAlerts(alerts::armed);
          peers.ifPresent(channel -> channel.handling(alerts::refresh,
              (userId, message) -> writer.runOnContext(v -> hub.deliverToUser(userId, message)), alerts::reload));
          AggregatesRecorder aggregates = new AggregatesRecorder(vertx, writer, state, stores.aggregates(),
              config.upstream().isPresent(), clock);
          state.addListener(hub);
          state.addListener(alerts);
          state.addListener(aggregates);
          stores.retaining().forEach(retaining -> metrics.watchRetention(retaining.itemKind(), retaining.retained()));
          // with a broker upstream, devices on the gateway's own listeners go through the broker like every other
          Optional<DeviceRelay> relay = config.upstream().filter(broker -> config.mqtt().listening())
              .map(broker -> new DeviceRelay(broker, config.instanceId(), catalog, upstreamHealth.orElseThrow()));
          MqttIngestVerticle mqtt = new MqttIngestVerticle(config.mqtt(), new DeviceDirectory(catalog),
              new StatusPayloadParser(catalog, config.mqtt().maxPayloadBytes(), config.mqtt().maxClockSkew()),
              relay.<ReportSink>map(forward -> forward).orElseGet(() -> new LiveStateSink(state, recorder, writer, clock)),
              metrics, clock);
          RateLimiter limits = new RateLimiter(vertx, config.rateLimits(), clock);
          StateViews views = new StateViews(state);
          // local by default: the rule-based assistant on the live state, through the tools' logic
          Assistant chat = assistant.orElseGet(() ->
              new ChatAssistant(state, new EstimatedRoutes(), new History(stores.aggregates()), clock));
          RestApi api = new RestApi(limits, List.of(
              new OperationsRoutes(catalog, health, recorder, hub::connectionCount, hub::draining, upstreamHealth,
                  registry::scrape, openApi),
              new SessionRoutes(sessions, hub),
              new StateRoutes(state, views, store, clock),
              new AlertRoutes(alerts, state, views, sessions, clock),
              new InsightRoutes(state, stores.aggregates(), aggregates, clock),
              new ChatRoutes(chat),
              new WebAppRoutes()));
          List<HttpApiVerticle> http = new CopyOnWriteArrayList<>();
          HttpApiVerticle.SharedPort httpPort = new HttpApiVerticle.SharedPort();
          Supplier<HttpApiVerticle> httpVerticles = () -> {
            HttpApiVerticle verticle = new HttpApiVerticle(config.http(), api, httpPort);
            http.add(verticle);
            return verticle;
          };
          BinRebuilder bins = new BinRebuilder(catalog, store, stores.aggregates());
          StatusPayloadParser upstreamParser = new StatusPayloadParser(catalog, config.mqtt().maxPayloadBytes(),
              config.mqtt().maxClockSkew());
          List<Component> upstream = config.upstream().map(broker -> {
            DurablePath durable = new DurablePath(state, writer, upstreamJournal.orElseThrow(), recorder, upstreamParser,
                clock);
            List<Component> connections = new ArrayList<>();
            // started first, so stopped last: the shared subscription is released after everything else
            connections.addAll(durable.components(vertx, broker, config.instanceId(), upstreamHealth.orElseThrow()));
            connections.add(peers.orElseThrow().component(vertx));
            relay.ifPresent(forward -> connections.add(forward.component(vertx)));
            connections.addAll(LivePath.connections(vertx, broker, config.instanceId(), catalog,
                new UpstreamIngest(state, upstreamJournal.orElseThrow(), writer, upstreamParser, metrics, clock),
                new StoreCatchUp(state, store, writer, clock), upstreamHealth.orElseThrow()));
            return connections;
          }).orElse(List.of());
          // The hub starts after the listeners so that it stops before them: members get a "going away" close frame.
          List<Component> components = new ArrayList<>(List.of(
              sessions, mirror, alerts, aggregates,
              Component.of("bin rebuild", () -> rebuild(bins, clock), Future::succeededFuture),
              new RetentionSweeper(vertx, stores.retaining()), limits));
          components.addAll(upstream);
          components.addAll(List.of(new Deployment(vertx, mqtt),
              new Deployment(vertx, httpVerticles, config.http().eventLoops(), "HttpApiVerticle"), hub));
          return lifecycle.start(components)
              .map(started -> {
                Gateway gateway = new Gateway(vertx, stores, state, api, hub, lifecycle, http.get(0).actualPort(),
                    mqtt.actualPort(), mqtt.actualTlsPort());
                LOG.info("gateway listening [http: {}, mqtt: {}, mqtts: {}, instance: {}, env: {}, store: {}]",
                    gateway.httpPort, gateway.mqttPort, gateway.mqttTlsPort, config.instanceId(),
                    config.environment().wireName(), config.store().kind().wireName());
                return gateway;
              });
        })
        .compose(gateway -> config.simulator().enabled() ? gateway.startSimulator(config, catalog, clock)
            : Future.succeededFuture(gateway))
        .recover(failure -> lifecycle.stop().transform(stopped -> Future.failedFuture(failure)));
  }

  private static Future<Void> rebuild(BinRebuilder bins, Clock clock) {
    return bins.rebuild(clock.millis() / 1000.0)
        .onSuccess(count -> LOG.info("occupancy bins rebuilt from events [bins: {}]", count))
        .mapEmpty();
  }

  private Future<Gateway> startSimulator(GatewayConfig config, Catalog catalog, Clock clock) {
    int days = config.simulator().backfillDays();
    if (days == 0) {
      return deploySimulator(config, catalog, clock);
    }
    long started = System.nanoTime();
    return Backfill.run(vertx, catalog, stores.aggregates(), days, clock, System.nanoTime()).compose(bins -> {
      LOG.info("simulator backfilled history [days: {}, bins: {}, took: {} ms]", days, bins, (System.nanoTime() - started) / 1_000_000);
      return deploySimulator(config, catalog, clock);
    });
  }

  private Future<Gateway> deploySimulator(GatewayConfig config, Catalog catalog, Clock clock) {
    // Heartbeats at a third of the window: two may be lost before a machine is shown offline.
    // in upstream mode the hubs publish to the broker, like real devices, so every instance sees them
    String brokerHost = config.upstream().map(UpstreamConfig::host).orElse("127.0.0.1");
    int brokerPort = config.upstream().map(UpstreamConfig::port).orElse(mqttPort);
    SimulatorVerticle simulator = new SimulatorVerticle(catalog, config.simulator(), brokerHost, brokerPort,
        config.mqtt().heartbeatWindow().dividedBy(3), System.nanoTime(), clock);
    return lifecycle.start(List.of(new Deployment(vertx, simulator))).map(started -> this);
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

  /** The REST API this gateway serves; its router is what tests compare with the OpenAPI document. */
  public RestApi restApi() {
    return api;
  }

  /**
   * Begins a graceful shutdown, from any thread: {@code /ready} answers 503 and new WebSocket upgrades are refused at
   * once, and the WebSocket clients are told and closed over {@code DRAIN_SECONDS}, while devices are still served and
   * acknowledged. Completes when the last client is closed; {@link #stop()} comes next.
   */
  public Future<Void> drain() {
    return hub.drain();
  }

  /** Stops every component newest first, then drains the recorder and closes the stores; safe to call twice. */
  public Future<Void> stop() {
    return lifecycle.stop();
  }
}
