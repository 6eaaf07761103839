package io.gympulse.gateway.ingest;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import java.util.Locale;

/**
 * Why an MQTT connection or message was refused, and what each MQTT version is told about it; the wire code
 * labels the rejection metric.
 *
 * <p>MQTT 3.1.1 has only a handful of CONNACK return codes and no negative PUBACK or DISCONNECT; MQTT 5
 * names the reason. Which of the two a device gets is decided by {@link DeviceEndpoint}.
 */
public enum RejectReason {
  CLIENT_ID_NOT_ALLOWED(CONNECTION_REFUSED_IDENTIFIER_REJECTED, CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID,
      MqttPubAckReasonCode.NOT_AUTHORIZED),
  CLIENT_ID_NOT_CERTIFICATE(CONNECTION_REFUSED_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED_5,
      MqttPubAckReasonCode.NOT_AUTHORIZED),
  // 3.1.1 has no quota or rate code: "server unavailable" tells the device to come back later
  TOO_MANY_CONNECTIONS(CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_QUOTA_EXCEEDED,
      MqttPubAckReasonCode.QUOTA_EXCEEDED),
  CONNECT_RATE_EXCEEDED(CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED,
      MqttPubAckReasonCode.QUOTA_EXCEEDED),
  KEEP_ALIVE_OUT_OF_BOUNDS(CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC,
      MqttPubAckReasonCode.UNSPECIFIED_ERROR),
  PUBLISH_RATE_EXCEEDED(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, MqttPubAckReasonCode.QUOTA_EXCEEDED),
  WILL_TOPIC_NOT_ALLOWED(CONNECTION_REFUSED_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED_5,
      MqttPubAckReasonCode.NOT_AUTHORIZED),
  TOPIC_NOT_ALLOWED(MqttDisconnectReasonCode.NOT_AUTHORIZED, MqttPubAckReasonCode.NOT_AUTHORIZED),
  SUBSCRIBE_NOT_SUPPORTED(MqttPubAckReasonCode.NOT_AUTHORIZED),
  UNKNOWN_MACHINE(MqttPubAckReasonCode.TOPIC_NAME_INVALID),
  PAYLOAD_TOO_LARGE(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_JSON(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_STATUS(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_TIMESTAMP(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  TIMESTAMP_IN_FUTURE(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  INVALID_SEQ(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  ID_MISMATCH(MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
  PROTOCOL_ERROR(MqttPubAckReasonCode.UNSPECIFIED_ERROR),
  /**
   * The gateway could not take the report towards the store (its journal refused it): the device is disconnected
   * with the message unacknowledged, so its client sends it again after reconnecting; a negative MQTT 5 PUBACK
   * would instead tell it to drop the message.
   */
  NOT_DURABLE(MqttDisconnectReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);

  /** CONNACK codes, for reasons that refuse a connection; null for the others. */
  private final MqttConnectReturnCode mqtt3Connack;
  private final MqttConnectReturnCode mqtt5Connack;
  /** DISCONNECT code, for reasons that end an accepted connection; null for the others. */
  private final MqttDisconnectReasonCode mqtt5Disconnect;
  private final MqttPubAckReasonCode mqtt5PubAck;

  /** A reason that refuses a message. */
  RejectReason(MqttPubAckReasonCode mqtt5PubAck) {
    this(null, null, null, mqtt5PubAck);
  }

  /** A reason that refuses a connection at CONNECT. */
  RejectReason(MqttConnectReturnCode mqtt3Connack, MqttConnectReturnCode mqtt5Connack,
      MqttPubAckReasonCode mqtt5PubAck) {
    this(mqtt3Connack, mqtt5Connack, null, mqtt5PubAck);
  }

  /** A reason that ends an accepted connection. */
  RejectReason(MqttDisconnectReasonCode mqtt5Disconnect, MqttPubAckReasonCode mqtt5PubAck) {
    this(null, null, mqtt5Disconnect, mqtt5PubAck);
  }

  RejectReason(MqttConnectReturnCode mqtt3Connack, MqttConnectReturnCode mqtt5Connack,
      MqttDisconnectReasonCode mqtt5Disconnect, MqttPubAckReasonCode mqtt5PubAck) {
    this.mqtt3Connack = mqtt3Connack;
    this.mqtt5Connack = mqtt5Connack;
    this.mqtt5Disconnect = mqtt5Disconnect;
    this.mqtt5PubAck = mqtt5PubAck;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The MQTT 3.1.1 CONNACK return code that refuses a connection for this reason. */
  public MqttConnectReturnCode mqtt3ConnackCode() {
    return required(mqtt3Connack, "refuse a connection");
  }

  /** The MQTT 5 CONNACK reason code that refuses a connection for this reason. */
  public MqttConnectReturnCode mqtt5ConnackCode() {
    return required(mqtt5Connack, "refuse a connection");
  }

  /** The MQTT 5 DISCONNECT reason code that ends a connection for this reason. */
  public MqttDisconnectReasonCode mqtt5DisconnectCode() {
    return required(mqtt5Disconnect, "end a connection");
  }

  /** The MQTT 5 PUBACK reason code that tells a v5 device why its QoS 1 message was refused. */
  public MqttPubAckReasonCode mqtt5PubAckCode() {
    return mqtt5PubAck;
  }

  /** The MQTT 5 PUBREC reason code that tells a v5 device why its QoS 2 message was refused. */
  public MqttPubRecReasonCode mqtt5PubRecCode() {
    // PUBACK and PUBREC share their code values (MQTT 5, 3.4.2.1 and 3.5.2.1)
    return MqttPubRecReasonCode.valueOf(mqtt5PubAck.value());
  }

  private <T> T required(T code, String what) {
    if (code == null) {
      throw new IllegalStateException(this + " does not " + what);
    }
    return code;
  }
}
