package io.gympulse.gateway.ingest;

import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.Locale;

/** Why an MQTT connection or message was refused; the wire code labels the rejection metric. */
public enum RejectReason {
  CLIENT_ID_NOT_ALLOWED(MqttPubAckReasonCode.NOT_AUTHORIZED),
  CLIENT_ID_NOT_CERTIFICATE(MqttPubAckReasonCode.NOT_AUTHORIZED),
  TOO_MANY_CONNECTIONS(MqttPubAckReasonCode.QUOTA_EXCEEDED),
  CONNECT_RATE_EXCEEDED(MqttPubAckReasonCode.QUOTA_EXCEEDED),
  KEEP_ALIVE_OUT_OF_BOUNDS(MqttPubAckReasonCode.UNSPECIFIED_ERROR),
  PUBLISH_RATE_EXCEEDED(MqttPubAckReasonCode.QUOTA_EXCEEDED),
  WILL_TOPIC_NOT_ALLOWED(MqttPubAckReasonCode.NOT_AUTHORIZED),
  TOPIC_NOT_ALLOWED(MqttPubAckReasonCode.NOT_AUTHORIZED),
  SUBSCRIBE_NOT_SUPPORTED(MqttPubAckReasonCode.NOT_AUTHORIZED),
  UNKNOWN_MACHINE(MqttPubAckReasonCode.TOPIC_NAME_INVALID),
  PAYLOAD_TOO_LARGE(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_JSON(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_STATUS(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_TIMESTAMP(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  TIMESTAMP_IN_FUTURE(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_SEQ(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  ID_MISMATCH(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  PROTOCOL_ERROR(MqttPubAckReasonCode.UNSPECIFIED_ERROR);

  private final MqttPubAckReasonCode pubAckCode;

  RejectReason(MqttPubAckReasonCode pubAckCode) {
    this.pubAckCode = pubAckCode;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The MQTT 5 PUBACK reason code that tells a v5 device why its message was refused. */
  public MqttPubAckReasonCode pubAckCode() {
    return pubAckCode;
  }
}
