package io.gympulse.gateway.ingest;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Validates a status message against the ingest contract and turns it into a {@link StatusReport}.
 * Fields other than the contract's ({@code category}, {@code coordinates}, ... from older firmware) are
 * ignored: the catalog is authoritative for them.
 */
public final class StatusPayloadParser {

  private final Catalog catalog;
  private final int maxPayloadBytes;
  private final double maxSkewSeconds;

  public StatusPayloadParser(Catalog catalog, int maxPayloadBytes, Duration maxClockSkew) {
    this.catalog = catalog;
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxSkewSeconds = maxClockSkew.toMillis() / 1000.0;
  }

  public StatusReport parse(StatusTopic topic, Buffer payload, long nowMillis) throws RejectedReportException {
    if (catalog.machine(topic.machineId()).filter(m -> m.gymId().equals(topic.gymId())).isEmpty()) {
      throw new RejectedReportException(RejectReason.UNKNOWN_MACHINE,
          "machine '" + topic.machineId() + "' is not in the catalog of branch '" + topic.gymId() + "'");
    }
    if (payload.length() > maxPayloadBytes) {
      throw new RejectedReportException(RejectReason.PAYLOAD_TOO_LARGE,
          "payload of " + payload.length() + " bytes exceeds " + maxPayloadBytes);
    }
    JsonObject json = parseObject(payload);
    requireSameId(json, "machineId", topic.machineId());
    requireSameId(json, "gymId", topic.gymId());
    MachineStatus status = json.getValue("status") instanceof String s ? MachineStatus.parse(s).orElse(null) : null;
    if (status == null) {
      throw new RejectedReportException(RejectReason.INVALID_STATUS,
          "status must be one of free, occupied, offline; got " + json.getValue("status"));
    }
    double timestamp = timestamp(json.getValue("timestamp"), nowMillis);
    long seq = seq(json.getValue("seq"));
    return new StatusReport(topic.machineId(), status, timestamp, seq, nowMillis);
  }

  private static JsonObject parseObject(Buffer payload) throws RejectedReportException {
    try {
      Object value = payload.toJsonValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException | IllegalStateException e) {
      throw new RejectedReportException(RejectReason.INVALID_JSON, "payload is not valid JSON");
    }
    throw new RejectedReportException(RejectReason.INVALID_JSON, "payload must be a JSON object");
  }

  private static void requireSameId(JsonObject json, String field, String fromTopic) throws RejectedReportException {
    Object value = json.getValue(field);
    if (value != null && !fromTopic.equals(value)) {
      throw new RejectedReportException(RejectReason.ID_MISMATCH,
          field + " '" + value + "' in the body differs from '" + fromTopic + "' in the topic");
    }
  }

  private double timestamp(Object value, long nowMillis) throws RejectedReportException {
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue()) || number.doubleValue() <= 0) {
      throw new RejectedReportException(RejectReason.INVALID_TIMESTAMP,
          "timestamp must be a positive number of epoch seconds; got " + value);
    }
    double seconds = number.doubleValue();
    // A far-future timestamp would pin the machine forever: older updates never roll state back.
    if (seconds > nowMillis / 1000.0 + maxSkewSeconds) {
      throw new RejectedReportException(RejectReason.TIMESTAMP_IN_FUTURE,
          "timestamp " + seconds + " is more than " + maxSkewSeconds + " s ahead of gateway time");
    }
    return seconds;
  }

  private static long seq(Object value) throws RejectedReportException {
    if (value == null) {
      return StatusReport.NO_SEQ;
    }
    if (value instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() == Math.rint(number.doubleValue())
        && number.doubleValue() < 9.0e15) {
      return number.longValue();
    }
    throw new RejectedReportException(RejectReason.INVALID_SEQ, "seq must be a non-negative integer; got " + value);
  }
}
