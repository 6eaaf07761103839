package io.gympulse.gateway.ingest;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each MQTT version is told when the gateway says no: worked out from the MQTT 3.1.1 and 5 specifications. */
class RejectReasonTest {

  /** MQTT 3.1.1 CONNACK return code and MQTT 5 CONNACK reason code for every reason that refuses a CONNECT. */
  private static final Map<RejectReason, MqttConnectReturnCode[]> CONNECT_REFUSALS = Map.of(
      RejectReason.CLIENT_ID_NOT_ALLOWED,
      codes(CONNECTION_REFUSED_IDENTIFIER_REJECTED, CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
      RejectReason.CLIENT_ID_NOT_CERTIFICATE,
      codes(CONNECTION_REFUSED_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED_5),
      RejectReason.WILL_TOPIC_NOT_ALLOWED,
      codes(CONNECTION_REFUSED_NOT_AUTHORIZED, CONNECTION_REFUSED_NOT_AUTHORIZED_5),
      RejectReason.TOO_MANY_CONNECTIONS,
      codes(CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_QUOTA_EXCEEDED),
      RejectReason.CONNECT_RATE_EXCEEDED,
      codes(CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED),
      RejectReason.KEEP_ALIVE_OUT_OF_BOUNDS,
      codes(CONNECTION_REFUSED_SERVER_UNAVAILABLE, CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC));

  /** Verifies that a 3.1.1 device is refused with a 3.1.1 return code and an MQTT 5 device with a v5 reason code. */
  @Test
  void connectRefusalsUseTheCodeOfTheDevicesMqttVersion() {
    CONNECT_REFUSALS.forEach((reason, codes) -> {
      assertEquals(codes[0], DeviceEndpoint.connectRefusal(reason, false), reason + " over MQTT 3.1.1");
      assertEquals(codes[1], DeviceEndpoint.connectRefusal(reason, true), reason + " over MQTT 5");
      // 3.1.1 return codes are 1..5; v5 reason codes are 0x80 and up
      assertEquals(true, codes[0].byteValue() >= 1 && codes[0].byteValue() <= 5, reason + " 3.1.1 code range");
      assertEquals(true, (codes[1].byteValue() & 0xff) >= 0x80, reason + " v5 code range");
    });
  }

  /** Verifies that reasons about messages cannot be sent as a CONNACK, so a refusal never carries a made-up code. */
  @Test
  void messageReasonsDoNotRefuseConnections() {
    Set<RejectReason> messageReasons = EnumSet.allOf(RejectReason.class);
    messageReasons.removeAll(CONNECT_REFUSALS.keySet());
    for (RejectReason reason : messageReasons) {
      assertThrows(IllegalStateException.class, () -> DeviceEndpoint.connectRefusal(reason, false), reason.code());
      assertThrows(IllegalStateException.class, () -> DeviceEndpoint.connectRefusal(reason, true), reason.code());
    }
  }

  /** Verifies that an MQTT 5 device learns why its message was refused, in the same code on PUBACK and PUBREC. */
  @Test
  void refusedMessagesNameTheirReasonOnPubAckAndPubRec() {
    Map<RejectReason, MqttPubAckReasonCode> expected = Map.of(
        RejectReason.UNKNOWN_MACHINE, MqttPubAckReasonCode.TOPIC_NAME_INVALID,
        RejectReason.PAYLOAD_TOO_LARGE, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
        RejectReason.INVALID_JSON, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
        RejectReason.INVALID_STATUS, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
        RejectReason.INVALID_TIMESTAMP, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
        RejectReason.TIMESTAMP_IN_FUTURE, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
        RejectReason.INVALID_SEQ, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
        RejectReason.ID_MISMATCH, MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    expected.forEach((reason, code) -> {
      assertEquals(code, reason.mqtt5PubAckCode(), reason.code());
      assertEquals(MqttPubRecReasonCode.valueOf(code.value()), reason.mqtt5PubRecCode(), reason.code());
    });
  }

  /** Verifies that an MQTT 5 device disconnected by the gateway is told why, only for reasons that end a session. */
  @Test
  void disconnectsNameTheirReason() {
    assertEquals(MqttDisconnectReasonCode.NOT_AUTHORIZED, RejectReason.TOPIC_NOT_ALLOWED.mqtt5DisconnectCode());
    assertEquals(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH,
        RejectReason.PUBLISH_RATE_EXCEEDED.mqtt5DisconnectCode());
    assertThrows(IllegalStateException.class, RejectReason.INVALID_JSON::mqtt5DisconnectCode);
  }

  private static MqttConnectReturnCode[] codes(MqttConnectReturnCode mqtt3, MqttConnectReturnCode mqtt5) {
    return new MqttConnectReturnCode[] {mqtt3, mqtt5};
  }
}
