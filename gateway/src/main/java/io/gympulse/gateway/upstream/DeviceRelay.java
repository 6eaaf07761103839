package io.gympulse.gateway.upstream;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.ingest.ReportSink;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.lifecycle.Deployment;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With a broker upstream, the gateway's own MQTT listeners pass what their devices send on to the broker instead of
 * applying it here: the broker hands it to every instance (live path) and to one for storing (durable path), exactly
 * like a report a device sent to the broker itself. A device's QoS 1 message is acknowledged once the broker has
 * acknowledged it, which is when a device connected to the broker directly would get its PUBACK too; while the broker
 * is unreachable a report is refused as not durable, and the device sends it again after reconnecting.
 *
 * <p>Reports are re-encoded from what the listener validated (its checks, its identity rules); a device that vanishes
 * has its Last Will ({@code {"status":"offline"}}) published for it.
 */
public final class DeviceRelay implements ReportSink {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRelay.class);
  private static final BoundedRateLog FAILURES = new BoundedRateLog(LOG, 5, 10_000);
  static final String FORWARDED = "forwarded";

  private final Catalog catalog;
  private final BrokerConnection connection;

  public DeviceRelay(UpstreamConfig broker, String instanceId, Catalog catalog, UpstreamHealth health) {
    this.catalog = catalog;
    // publishes only: no subscriptions, and nothing the broker should keep for it
    this.connection = new BrokerConnection(broker, instanceId + "-devices", false, true, List.of(), message -> { });
    health.watch("devices", connection);
  }

  public Component component(Vertx vertx) {
    return new Deployment(vertx, connection);
  }

  @Override
  public Future<String> submit(StatusReport report) {
    return machine(report.machineId())
        .compose(machine -> connection.publish(StatusTopic.of(machine.gymId(), machine.machineId()),
            payload(report, machine)))
        .map(FORWARDED);
  }

  @Override
  public void deviceGone(String machineId) {
    machine(machineId)
        .compose(machine -> connection.publish(StatusTopic.of(machine.gymId(), machineId), LastWill.payload()))
        .onFailure(e -> FAILURES.warn("a device's Last Will could not be passed to the broker; its machine goes offline "
            + "when its heartbeat window passes [machine: {}, reason: {}]", machineId, e.toString()));
  }

  private Future<Machine> machine(String machineId) {
    return catalog.machine(machineId).map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new IllegalArgumentException("machine not in the catalog: " + machineId)));
  }

  private static Buffer payload(StatusReport report, Machine machine) {
    JsonObject json = new JsonObject().put("machineId", machine.machineId()).put("gymId", machine.gymId())
        .put("status", report.status().wireName()).put("timestamp", report.timestamp());
    if (report.seq() != StatusReport.NO_SEQ) {
      json.put("seq", report.seq());
    }
    return json.toBuffer();
  }
}
