package io.gympulse.gateway.ingest;

import io.gympulse.gateway.config.MqttConfig;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.ApplyResult;
import io.gympulse.gateway.state.StatusReport;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT server for machine sensors and branch hubs: authorises client ids and topics, validates status
 * messages, hands them to the {@link ReportSink} and acknowledges QoS 1/2 only once they are durable.
 *
 * <p>Refusals follow AWS IoT Core: an unknown client id gets a CONNACK refusal; a publish outside the
 * device's topics disconnects it. A message that is well addressed but invalid is counted and dropped;
 * an MQTT 5 device learns why from the PUBACK reason code, an MQTT 3.1.1 device gets a plain PUBACK
 * (3.1.1 has no negative acknowledgement, and withholding it would make the device re-send the same
 * poison message forever).
 */
public final class MqttIngestVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttIngestVerticle.class);

  private final MqttConfig config;
  private final DeviceDirectory directory;
  private final StatusPayloadParser parser;
  private final ReportSink sink;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final BoundedRateLog rejections = new BoundedRateLog(LOG, 20, 10_000);
  /** Connected devices by client id, to take over a session when the same device connects again. */
  private final Map<String, DeviceSession> sessions = new ConcurrentHashMap<>();
  private final UnackedBudget unacked;
  private final ConnectionGuard guard;
  private MqttServer server;
  private MqttServer tlsServer;

  public MqttIngestVerticle(MqttConfig config, DeviceDirectory directory, StatusPayloadParser parser,
      ReportSink sink, GatewayMetrics metrics, Clock clock) {
    this.config = config;
    this.directory = directory;
    this.parser = parser;
    this.sink = sink;
    this.metrics = metrics;
    this.clock = clock;
    this.unacked = new UnackedBudget(config.maxUnackedPerDevice(), config.maxUnackedTotal(), sessions.values());
    this.guard = new ConnectionGuard(config.limits());
  }

  @Override
  public Future<?> start() {
    List<Future<?>> listening = new ArrayList<>();
    if (config.plainEnabled()) {
      server = listener(new MqttServerOptions().setPort(config.port()));
      listening.add(server.listen());
    }
    config.tls().ifPresent(tls -> {
      MqttServerOptions options = new MqttServerOptions().setPort(tls.port());
      options.setSsl(true);
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()));
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.caPath()));
      options.setClientAuth(ClientAuth.REQUIRED);
      options.setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
      tlsServer = listener(options);
      listening.add(tlsServer.listen());
    });
    vertx.setPeriodic(60_000, id -> guard.sweep(System.currentTimeMillis()));
    return Future.all(listening);
  }

  private MqttServer listener(MqttServerOptions options) {
    options.setHost(config.host());
    // well above the payload limit, so an oversize payload gets a clear reason rather than a closed socket
    options.setMaxMessageSize(Math.max(config.limits().maxPacketBytes(), config.maxPayloadBytes() + 1024));
    options.setAutoClientId(false);
    options.setTimeoutOnConnect(config.limits().connectTimeoutSeconds());
    return MqttServer.create(vertx, options)
        .endpointHandler(this::onConnect)
        .exceptionHandler(e -> {
          metrics.messageRejected(RejectReason.PROTOCOL_ERROR.code());
          rejections.warn("MQTT protocol error [reason: {}]", e.toString());
        });
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> closing = new ArrayList<>();
    if (server != null) {
      closing.add(server.close());
    }
    if (tlsServer != null) {
      closing.add(tlsServer.close());
    }
    return Future.join(closing);
  }

  /** The bound plain port (useful when configured with port 0); -1 when plain MQTT is off. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /** The bound MQTTS port; -1 when MQTTS is not configured. */
  public int actualTlsPort() {
    return tlsServer == null ? -1 : tlsServer.actualPort();
  }

  private void onConnect(MqttEndpoint endpoint) {
    String address = endpoint.remoteAddress() == null ? "unknown" : endpoint.remoteAddress().hostAddress();
    Optional<RejectReason> refused = guard.admit(address, System.currentTimeMillis());
    if (refused.isPresent()) {
      refuseConnect(endpoint, refused.get(), endpoint.protocolVersion() >= 5
          ? (refused.get() == RejectReason.CONNECT_RATE_EXCEEDED
              ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
              : MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED)
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    int keepAlive = endpoint.keepAliveTimeSeconds();
    if (keepAlive < config.limits().minKeepAliveSeconds() || keepAlive > config.limits().maxKeepAliveSeconds()) {
      // 0 means "never time out": a dead device would hold its socket forever
      guard.released(address);
      refuseConnect(endpoint, RejectReason.KEEP_ALIVE_OUT_OF_BOUNDS, endpoint.protocolVersion() >= 5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    if (!accept(endpoint)) {
      guard.released(address);
      return;
    }
    DeviceSession session = sessions.get(endpoint.clientIdentifier());
    session.address = address;
  }

  /** Identity, ACL and session set-up; false if the connection was refused. */
  private boolean accept(MqttEndpoint endpoint) {
    String clientId = endpoint.clientIdentifier();
    if (endpoint.isSsl() && !clientId.equals(DeviceCertificates.commonName(endpoint).orElse(null))) {
      // Over MQTTS the certificate is the identity: a device may only speak as the CN it was issued.
      refuseConnect(endpoint, RejectReason.CLIENT_ID_NOT_CERTIFICATE, endpoint.protocolVersion() >= 5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
          : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
      return false;
    }
    DeviceIdentity identity = directory.identify(clientId).orElse(null);
    if (identity == null) {
      refuseConnect(endpoint, RejectReason.CLIENT_ID_NOT_ALLOWED, endpoint.protocolVersion() >= 5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
          : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
      return false;
    }
    if (endpoint.will() != null && endpoint.will().isWillFlag() && !willTopicAllowed(identity, endpoint.will().getWillTopic())) {
      refuseConnect(endpoint, RejectReason.WILL_TOPIC_NOT_ALLOWED, endpoint.protocolVersion() >= 5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
          : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
      return false;
    }
    DeviceSession session = new DeviceSession(endpoint, identity);
    registerHandlers(session);
    endpoint.publishAutoAck(false);
    if (endpoint.protocolVersion() >= 5) {
      // MQTT 5 devices learn the per-device budget up front and stay within it themselves.
      MqttProperties properties = new MqttProperties();
      properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
          config.maxUnackedPerDevice()));
      endpoint.accept(false, properties);
    } else {
      endpoint.accept(false);
    }
    metrics.mqttConnections(1);
    unacked.joined(session);
    DeviceSession previous = sessions.put(clientId, session);
    if (previous != null) {
      // MQTT: a second connection with the same client id takes over; the device is still there.
      previous.takenOver = true;
      previous.endpoint.close();
    }
    LOG.debug("device connected [client: {}, protocol: {}, keepAlive: {}s]", clientId, endpoint.protocolVersion(),
        endpoint.keepAliveTimeSeconds());
    return true;
  }

  private boolean willTopicAllowed(DeviceIdentity identity, String willTopic) {
    return StatusTopic.parse(willTopic).filter(identity::mayPublishTo).isPresent();
  }

  private void refuseConnect(MqttEndpoint endpoint, RejectReason reason, MqttConnectReturnCode code) {
    metrics.messageRejected(reason.code());
    rejections.warn("refused connect [client: {}, from: {}, reason: {}]", endpoint.clientIdentifier(),
        endpoint.remoteAddress(), reason.code());
    endpoint.reject(code);
  }

  /** Every endpoint handler in one place, so the lifecycle of a device connection reads top to bottom. */
  private void registerHandlers(DeviceSession session) {
    MqttEndpoint endpoint = session.endpoint;
    endpoint.publishHandler(message -> onPublish(session, message));
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(subscribe -> refuseSubscribe(session, subscribe));
    endpoint.unsubscribeHandler(unsubscribe -> endpoint.unsubscribeAcknowledge(unsubscribe.messageId()));
    endpoint.disconnectHandler(v -> session.disconnectedCleanly = true);
    endpoint.exceptionHandler(e -> {
      metrics.messageRejected(RejectReason.PROTOCOL_ERROR.code());
      rejections.warn("MQTT connection error [client: {}, reason: {}]", session.identity.clientId(), e.toString());
    });
    endpoint.closeHandler(v -> onClose(session));
  }

  private void onClose(DeviceSession session) {
    metrics.mqttConnections(-1);
    if (session.address != null) {
      guard.released(session.address);
    }
    sessions.remove(session.identity.clientId(), session);
    var will = session.endpoint.will();
    // A device whose reads the gateway paused may be dropped by keep-alive: it is not gone, so no will.
    if (!session.disconnectedCleanly && !session.takenOver && !session.readsPausedByGateway() && will != null
        && will.isWillFlag()) {
      // The will topic was authorised at CONNECT; its status topic names the machine that is now gone.
      StatusTopic.parse(will.getWillTopic()).ifPresent(topic -> sink.deviceGone(topic.machineId()));
      LOG.debug("device gone, Last Will applied [client: {}, topic: {}]", session.identity.clientId(),
          will.getWillTopic());
    }
  }

  private void refuseSubscribe(DeviceSession session, MqttSubscribeMessage subscribe) {
    metrics.messageRejected(RejectReason.SUBSCRIBE_NOT_SUPPORTED.code());
    rejections.warn("refused subscribe [client: {}, reason: {}]", session.identity.clientId(),
        RejectReason.SUBSCRIBE_NOT_SUPPORTED.code());
    session.endpoint.subscribeAcknowledge(subscribe.messageId(),
        Collections.nCopies(subscribe.topicSubscriptions().size(), MqttQoS.FAILURE));
  }

  /**
   * A device over its publish rate is throttled (its reads wait for the next token); one that keeps
   * flooding through {@code floodThrottles} throttles within 10 s is disconnected. Others are unaffected.
   * Returns false if the device was disconnected.
   */
  private boolean withinRate(DeviceSession session) {
    long now = System.currentTimeMillis();
    // a hub speaks for every machine of its branch, so it gets every machine's allowance
    int machines = session.identity.isHub() ? Math.max(1, directory.machinesAt(session.identity.gymId())) : 1;
    double perSecond = (double) config.limits().publishesPerSecond() * machines;
    double rate = perSecond / 1000.0;
    double burst = 2.0 * perSecond;
    if (session.publishTokens < 0) {
      session.publishTokens = burst;
      session.publishRefilledAt = now;
    }
    session.publishTokens = Math.min(burst, session.publishTokens + (now - session.publishRefilledAt) * rate);
    session.publishRefilledAt = now;
    session.publishTokens -= 1;
    if (session.publishTokens >= 0) {
      return true;
    }
    if (now - session.throttleWindowStart > 10_000) {
      session.throttleWindowStart = now;
      session.throttles = 0;
    }
    if (++session.throttles > config.limits().floodThrottles()) {
      metrics.messageRejected(RejectReason.PUBLISH_RATE_EXCEEDED.code());
      rejections.warn("disconnecting flooding device [client: {}, reason: {}]", session.identity.clientId(),
          RejectReason.PUBLISH_RATE_EXCEEDED.code());
      if (session.endpoint.protocolVersion() >= 5) {
        session.endpoint.disconnect(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, MqttProperties.NO_PROPERTIES);
      } else {
        session.endpoint.close();
      }
      return false;
    }
    long wait = (long) Math.ceil(-session.publishTokens / rate);
    session.throttledUntil = now + wait;
    session.updateReads(now);
    vertx.setTimer(wait, id -> session.updateReads(System.currentTimeMillis()));
    return true;
  }

  private void onPublish(DeviceSession session, MqttPublishMessage message) {
    if (!withinRate(session)) {
      return;
    }
    StatusTopic topic = StatusTopic.parse(message.topicName()).orElse(null);
    if (topic == null || !session.identity.mayPublishTo(topic)) {
      disconnectForeignPublish(session, message.topicName());
      return;
    }
    StatusReport report;
    try {
      report = parser.parse(topic, message.payload(), clock.millis());
    } catch (RejectedReportException e) {
      metrics.messageRejected(e.reason().code());
      rejections.warn("rejected publish [gym: {}, machine: {}, client: {}, reason: {}, detail: {}]", topic.gymId(),
          topic.machineId(), session.identity.clientId(), e.reason().code(), e.getMessage());
      acknowledgeRejected(session.endpoint, message, e.reason());
      return;
    }
    boolean needsAck = message.qosLevel() != MqttQoS.AT_MOST_ONCE;
    if (needsAck) {
      unacked.taken(session);
    }
    sink.submit(report).onComplete(durable -> context.runOnContext(v -> {
      if (needsAck) {
        unacked.returned(session);
      }
      if (durable.failed()) {
        // Not acknowledged: the device re-delivers, and re-delivery is idempotent.
        LOG.warn("publish not durable, left unacknowledged [machine: {}, reason: {}]", report.machineId(),
            durable.cause().toString());
        return;
      }
      metrics.messageAccepted(outcomeCode(durable.result()));
      acknowledgeAccepted(session.endpoint, message);
    }));
  }

  private static String outcomeCode(ApplyResult.Outcome outcome) {
    return outcome.name().toLowerCase(java.util.Locale.ROOT);
  }

  private void disconnectForeignPublish(DeviceSession session, String topic) {
    metrics.messageRejected(RejectReason.TOPIC_NOT_ALLOWED.code());
    rejections.warn("disconnecting device for publish outside its topics [client: {}, topic: {}, reason: {}]",
        session.identity.clientId(), topic, RejectReason.TOPIC_NOT_ALLOWED.code());
    if (!session.endpoint.isConnected()) {
      return;
    }
    if (session.endpoint.protocolVersion() >= 5) {
      // sends DISCONNECT with the reason, then closes the connection
      session.endpoint.disconnect(MqttDisconnectReasonCode.NOT_AUTHORIZED, MqttProperties.NO_PROPERTIES);
    } else {
      session.endpoint.close();
    }
  }

  private static void acknowledgeAccepted(MqttEndpoint endpoint, MqttPublishMessage message) {
    if (!endpoint.isConnected()) {
      return; // the device re-delivers on its next connection
    }
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      endpoint.publishAcknowledge(message.messageId());
    } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      endpoint.publishReceived(message.messageId());
    }
  }

  private static void acknowledgeRejected(MqttEndpoint endpoint, MqttPublishMessage message, RejectReason reason) {
    boolean v5 = endpoint.protocolVersion() >= 5;
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      if (v5) {
        endpoint.publishAcknowledge(message.messageId(), reason.pubAckCode(), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishAcknowledge(message.messageId());
      }
    } else if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      if (v5) {
        endpoint.publishReceived(message.messageId(), MqttPubRecReasonCode.valueOf(reason.pubAckCode().value()),
            MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishReceived(message.messageId());
      }
    }
  }
}
