package io.gympulse.gateway.upstream;

import io.gympulse.gateway.ingest.StatusPayloadParser;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.LiveState;
import io.vertx.core.Context;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live path's applier: applies status messages from the upstream broker to this instance's live state and tells
 * the journal what each did, for the durable path. It checks them as the gateway's own MQTT listener does: a message
 * the listener would refuse is dropped here, counted under the same reason and logged at a bounded rate (the broker
 * has already acknowledged it to the device, so there is nobody to tell).
 */
public final class UpstreamIngest {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamIngest.class);
  private static final BoundedRateLog REJECTIONS = new BoundedRateLog(LOG, 5, 10_000);

  private final LiveState state;
  private final UpstreamJournal journal;
  private final Context writer;
  private final StatusPayloadParser parser;
  private final GatewayMetrics metrics;
  private final Clock clock;

  public UpstreamIngest(LiveState state, UpstreamJournal journal, Context writer, StatusPayloadParser parser,
      GatewayMetrics metrics, Clock clock) {
    this.state = state;
    this.journal = journal;
    this.writer = writer;
    this.parser = parser;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Validates a message and applies it on the writer context; called on the connection's context. */
  public void accept(UpstreamMessage message) {
    StatusMessage read = StatusMessage.read(message, state.catalog(), parser, clock.millis());
    if (read instanceof StatusMessage.Refused refused) {
      reject(refused.reason().code(), message.topic(), refused.detail());
    } else if (read instanceof StatusMessage.Will will) {
      writer.runOnContext(v -> journal.willApplied(will.machineId(),
          state.markOffline(will.machineId(), ChangeCause.LAST_WILL, clock.millis() / 1000.0)));
    } else if (read instanceof StatusMessage.Report report) {
      writer.runOnContext(v -> {
        ApplyResult result = state.apply(report.report());
        journal.applied(report.report(), result);
        metrics.messageAccepted(result.outcome().name().toLowerCase(Locale.ROOT));
      });
    }
  }

  private void reject(String reason, String topic, String detail) {
    metrics.messageRejected(reason);
    REJECTIONS.warn("upstream message dropped [topic: {}, reason: {}, detail: {}]", topic, reason, detail);
  }
}
