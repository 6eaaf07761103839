package io.gympulse.gateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.CatalogException;
import io.gympulse.gateway.catalog.CatalogLoader;
import io.gympulse.gateway.config.ConfigException;
import io.gympulse.gateway.config.ConfigSource;
import io.gympulse.gateway.config.GatewayConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar gympulse-gateway.jar}: reads the environment, starts the gateway, stops it on SIGTERM. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** What a stop may take after the drain: the recorder's last writes, listeners closing, the stores. */
  private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

  private Main() {
  }

  public static void main(String[] args) {
    GatewayConfig config;
    Catalog catalog;
    try {
      config = GatewayConfig.from(ConfigSource.system());
      catalog = CatalogLoader.configured(config.catalogPath());
    } catch (ConfigException | CatalogException e) {
      // One clear line, then a non-zero exit: nothing has started yet.
      System.err.println("gympulse: cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Logback read LOG_LEVEL from the environment only; this also honours -Dlog.level
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.toLevel(config.logLevel()));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Buffer openApi = openApiDocument();
    // Start on an event loop: its thread keeps the JVM alive while start-up waits on the store. From the
    // main thread, a DynamoDB start-up waits on SDK threads only, which are daemons, and the JVM just exits.
    Clock clock = Clock.systemUTC();
    vertx.runOnContext(v -> Stores.open(vertx, config.store(), config.environment().wireName(), clock)
        // the gateway owns the stores: it closes them when it stops, or fails to start
        .compose(stores -> Gateway.start(vertx, config, catalog, stores, registry, openApi, clock))
        .onSuccess(gateway -> Runtime.getRuntime().addShutdownHook(new Thread(() ->
            shutdown(vertx, gateway, config.fanout().drainPeriod().plus(STOP_MARGIN)))))
        .onFailure(e -> {
          LOG.error("gateway failed to start: {}", e.toString(), e);
          vertx.close().onComplete(closed -> {
            flushLogs();
            System.exit(1);
          });
        }));
  }

  /** The OpenAPI document bundled in the jar. */
  public static Buffer openApiDocument() {
    try (InputStream in = Main.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drains the gateway, then stops it; the JVM ends when this returns, so it waits at most {@code limit}. */
  private static void shutdown(Vertx vertx, Gateway gateway, Duration limit) {
    CountDownLatch done = new CountDownLatch(1);
    gateway.drain().eventually(gateway::stop).eventually(vertx::close).onComplete(v -> done.countDown());
    try {
      if (done.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.info("gateway stopped");
      } else {
        LOG.warn("shutdown did not finish within {} s", limit.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushLogs();
  }

  /** Writes out the lines still queued by the asynchronous appender (see logback.xml) before the JVM ends. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }
}
