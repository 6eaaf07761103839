package io.gympulse.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** {@link GatewayMetrics} on a Micrometer registry, exposed as Prometheus text at {@code /metrics}. */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Counter framesOut;
  private final Counter messagesOut;
  private final Counter slowClientsClosed;
  private final Counter updatesConflated;
  private final Timer storeWriteOk;
  private final Timer storeWriteFailed;
  private final AtomicInteger wsConnections = new AtomicInteger();
  private final AtomicInteger mqttConnections = new AtomicInteger();

  public MicrometerGatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.framesOut = Counter.builder("gympulse.ws.frames.out").description("WebSocket frames written").register(registry);
    this.messagesOut = Counter.builder("gympulse.ws.messages.out")
        .description("messages written to WebSocket clients (a batched frame carries several)").register(registry);
    this.slowClientsClosed = Counter.builder("gympulse.ws.slow.clients.closed")
        .description("WebSocket clients closed with 1013 for not keeping up").register(registry);
    this.updatesConflated = Counter.builder("gympulse.ws.updates.conflated")
        .description("pending WebSocket updates replaced by a newer one of the same machine or summary before a "
            + "client that fell behind got them").register(registry);
    this.storeWriteOk = storeTimer("ok");
    this.storeWriteFailed = storeTimer("failed");
    registry.gauge("gympulse.ws.connections", wsConnections);
    registry.gauge("gympulse.mqtt.connections", mqttConnections);
  }

  private Timer storeTimer(String result) {
    return Timer.builder("gympulse.store.write").description("store write latency").tag("result", result)
        .publishPercentileHistogram().register(registry);
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + '|' + value,
        key -> Counter.builder(name).tag(tag, value).register(registry));
  }

  @Override
  public void messageAccepted(String outcome) {
    counter("gympulse.mqtt.messages.accepted", "outcome", outcome).increment();
  }

  @Override
  public void messageRejected(String reason) {
    counter("gympulse.mqtt.rejections", "reason", reason).increment();
  }

  @Override
  public void clientFrameRejected(String code) {
    counter("gympulse.ws.client.errors", "code", code).increment();
  }

  @Override
  public void framesOut(int messages) {
    framesOut.increment();
    messagesOut.increment(messages);
  }

  @Override
  public void slowClientClosed() {
    slowClientsClosed.increment();
  }

  @Override
  public void storeWrite(long nanos, boolean succeeded) {
    (succeeded ? storeWriteOk : storeWriteFailed).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void stateListenerFailed(String listener) {
    counter("gympulse.state.listener.failures", "listener", listener).increment();
  }

  @Override
  public void webSocketConnections(int delta) {
    wsConnections.addAndGet(delta);
  }

  @Override
  public void mqttConnections(int delta) {
    mqttConnections.addAndGet(delta);
  }

  @Override
  public void watchRetention(String kind, RetentionCounts retained) {
    // Function meters read the store's own counts at scrape time: exact, and nothing to update on the write path
    Gauge.builder("gympulse.store." + kind + ".held", retained, RetentionCounts::held)
        .description(kind + " held by the in-memory store").register(registry);
    FunctionCounter.builder("gympulse.store." + kind + ".expired", retained, RetentionCounts::expired)
        .description(kind + " removed from the in-memory store for their age").register(registry);
    FunctionCounter.builder("gympulse.store." + kind + ".evicted", retained, RetentionCounts::evicted)
        .description(kind + " removed from the in-memory store for its memory bound").tag("reason", "memory_bound")
        .register(registry);
  }

  @Override
  public void watchArmedAlerts(IntSupplier armed) {
    Gauge.builder("gympulse.alerts.armed", armed, IntSupplier::getAsInt)
        .description("alerts waiting to fire, held in memory by this instance").strongReference(true).register(registry);
  }

  @Override
  public void updatesConflated(int count) {
    updatesConflated.increment(count);
  }
}
