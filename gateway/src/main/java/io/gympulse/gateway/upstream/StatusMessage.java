package io.gympulse.gateway.upstream;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.ingest.RejectReason;
import io.gympulse.gateway.ingest.RejectedReportException;
import io.gympulse.gateway.ingest.StatusPayloadParser;
import io.gympulse.gateway.ingest.StatusTopic;
import io.gympulse.gateway.state.StatusReport;

/**
 * What a message on a status topic of the broker is, read once with the checks of the gateway's own MQTT listener:
 * a device's report, a device's Last Will, or something refused. Both upstream paths read every message this way.
 */
sealed interface StatusMessage {

  /** A valid report. */
  record Report(StatusReport report) implements StatusMessage {
  }

  /** The Last Will of a catalog machine. */
  record Will(String machineId) implements StatusMessage {
  }

  /** Refused for {@code reason}. */
  record Refused(RejectReason reason, String detail) implements StatusMessage {
  }

  static StatusMessage read(UpstreamMessage message, Catalog catalog, StatusPayloadParser parser, long nowMillis) {
    StatusTopic topic = StatusTopic.parse(message.topic()).orElse(null);
    if (topic == null) {
      return new Refused(RejectReason.TOPIC_NOT_ALLOWED, "not a status topic");
    }
    if (LastWill.isWill(message.payload())) {
      boolean known = catalog.machine(topic.machineId()).filter(m -> m.gymId().equals(topic.gymId())).isPresent();
      return known ? new Will(topic.machineId())
          : new Refused(RejectReason.UNKNOWN_MACHINE, "a Last Will for a machine not in the catalog");
    }
    try {
      return new Report(parser.parse(topic, message.payload(), nowMillis));
    } catch (RejectedReportException e) {
      return new Refused(e.reason(), e.getMessage());
    }
  }
}
