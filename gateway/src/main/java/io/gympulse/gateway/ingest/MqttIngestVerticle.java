package io.gympulse.gateway.ingest;

import io.gympulse.gateway.config.MqttConfig;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.metrics.GatewayMetrics;
import io.gympulse.gateway.state.StatusReport;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** A store that refuses every write would otherwise log a line per message. */
  private static final BoundedRateLog NOT_DURABLE_LOG = new BoundedRateLog(LOG, 5, 10_000);

  private final MqttConfig config;
  private final DeviceDirectory directory;
  private final StatusPayloadParser parser;
  private final ReportSink sink;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final BoundedRateLog rejections = new BoundedRateLog(LOG, 20, 10_000);
  /** Connected devices by client id, to take over a session when the same device connects again. */
  private final Map<String, DeviceEndpoint> devices = new ConcurrentHashMap<>();
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
    this.unacked = new UnackedBudget(config.maxUnackedPerDevice(), config.maxUnackedTotal(), devices.values());
    this.guard = new ConnectionGuard(config.limits(), clock);
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
    vertx.setPeriodic(60_000, id -> guard.sweep());
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
    Optional<RejectReason> refused = guard.admit(address);
    if (refused.isPresent()) {
      refuseConnect(endpoint, refused.get());
      return;
    }
    DeviceIdentity identity = directory.identify(endpoint.clientIdentifier()).orElse(null);
    Optional<RejectReason> unacceptable = check(endpoint, identity);
    if (unacceptable.isPresent()) {
      guard.released(address);
      refuseConnect(endpoint, unacceptable.get());
      return;
    }
    accept(new DeviceEndpoint(endpoint, identity, address, publishAllowance(identity), vertx));
  }

  /** Keep-alive, identity ({@code null}: unknown client id) and Last Will checks; empty if the device may connect. */
  private Optional<RejectReason> check(MqttEndpoint endpoint, DeviceIdentity identity) {
    int keepAlive = endpoint.keepAliveTimeSeconds();
    if (keepAlive < config.limits().minKeepAliveSeconds() || keepAlive > config.limits().maxKeepAliveSeconds()) {
      // 0 means "never time out": a dead device would hold its socket forever
      return Optional.of(RejectReason.KEEP_ALIVE_OUT_OF_BOUNDS);
    }
    String clientId = endpoint.clientIdentifier();
    if (endpoint.isSsl() && !clientId.equals(DeviceCertificates.commonName(endpoint).orElse(null))) {
      // Over MQTTS the certificate is the identity: a device may only speak as the CN it was issued.
      return Optional.of(RejectReason.CLIENT_ID_NOT_CERTIFICATE);
    }
    if (identity == null) {
      return Optional.of(RejectReason.CLIENT_ID_NOT_ALLOWED);
    }
    if (endpoint.will() != null && endpoint.will().isWillFlag() && !willTopicAllowed(identity, endpoint.will().getWillTopic())) {
      return Optional.of(RejectReason.WILL_TOPIC_NOT_ALLOWED);
    }
    return Optional.empty();
  }

  private static boolean willTopicAllowed(DeviceIdentity identity, String willTopic) {
    return StatusTopic.parse(willTopic).filter(identity::mayPublishTo).isPresent();
  }

  /** A hub speaks for every machine of its branch, so it gets every machine's allowance. */
  private PublishTokenBucket publishAllowance(DeviceIdentity identity) {
    int machines = identity.isHub() ? Math.max(1, directory.machinesAt(identity.gymId())) : 1;
    return new PublishTokenBucket((double) config.limits().publishesPerSecond() * machines,
        config.limits().floodThrottles(), clock);
  }

  private void refuseConnect(MqttEndpoint endpoint, RejectReason reason) {
    metrics.messageRejected(reason.code());
    rejections.warn("refused connect [client: {}, from: {}, reason: {}]", endpoint.clientIdentifier(),
        endpoint.remoteAddress(), reason.code());
    DeviceEndpoint.refuseConnection(endpoint, reason);
  }

  private void accept(DeviceEndpoint device) {
    device.handle(message -> onPublish(device, message), subscribe -> refuseSubscribe(device, subscribe), e -> {
      metrics.messageRejected(RejectReason.PROTOCOL_ERROR.code());
      rejections.warn("MQTT connection error [client: {}, reason: {}]", device.clientId(), e.toString());
    }, () -> onClose(device));
    device.accept(config.maxUnackedPerDevice());
    metrics.mqttConnections(1);
    unacked.joined(device);
    DeviceEndpoint previous = devices.put(device.clientId(), device);
    if (previous != null) {
      // MQTT: a second connection with the same client id takes over; the device is still there.
      previous.takeOver();
    }
  }

  private void onClose(DeviceEndpoint device) {
    metrics.mqttConnections(-1);
    guard.released(device.address());
    devices.remove(device.clientId(), device);
    device.lastWill().ifPresent(topic -> {
      sink.deviceGone(topic.machineId());
      LOG.debug("device gone, Last Will applied [client: {}, machine: {}]", device.clientId(), topic.machineId());
    });
  }

  private void refuseSubscribe(DeviceEndpoint device, MqttSubscribeMessage subscribe) {
    metrics.messageRejected(RejectReason.SUBSCRIBE_NOT_SUPPORTED.code());
    rejections.warn("refused subscribe [client: {}, reason: {}]", device.clientId(),
        RejectReason.SUBSCRIBE_NOT_SUPPORTED.code());
    device.refuseSubscribe(subscribe);
  }

  private void onPublish(DeviceEndpoint device, MqttPublishMessage message) {
    if (device.spendPublishToken() == PublishTokenBucket.Outcome.FLOODING) {
      // a device over its rate is throttled; one that keeps flooding is disconnected, others are unaffected
      metrics.messageRejected(RejectReason.PUBLISH_RATE_EXCEEDED.code());
      rejections.warn("disconnecting flooding device [client: {}, reason: {}]", device.clientId(),
          RejectReason.PUBLISH_RATE_EXCEEDED.code());
      device.disconnect(RejectReason.PUBLISH_RATE_EXCEEDED);
      return;
    }
    StatusTopic topic = StatusTopic.parse(message.topicName()).orElse(null);
    if (topic == null || !device.identity().mayPublishTo(topic)) {
      metrics.messageRejected(RejectReason.TOPIC_NOT_ALLOWED.code());
      rejections.warn("disconnecting device for publish outside its topics [client: {}, topic: {}, reason: {}]",
          device.clientId(), message.topicName(), RejectReason.TOPIC_NOT_ALLOWED.code());
      device.disconnect(RejectReason.TOPIC_NOT_ALLOWED);
      return;
    }
    StatusReport report;
    try {
      report = parser.parse(topic, message.payload(), clock.millis());
    } catch (RejectedReportException e) {
      metrics.messageRejected(e.reason().code());
      rejections.warn("rejected publish [gym: {}, machine: {}, client: {}, reason: {}, detail: {}]", topic.gymId(),
          topic.machineId(), device.clientId(), e.reason().code(), e.getMessage());
      device.acknowledgeRejected(message, e.reason());
      return;
    }
    boolean needsAck = message.qosLevel() != MqttQoS.AT_MOST_ONCE;
    if (needsAck) {
      unacked.taken(device);
    }
    sink.submit(report).onComplete(durable -> context.runOnContext(v -> {
      if (needsAck) {
        unacked.returned(device);
      }
      if (durable.failed()) {
        // Left unacknowledged and the device disconnected, so its client re-sends; the state did not change,
        // so the re-sent report applies as new. The sink has logged the cause with its stack.
        metrics.messageRejected(RejectReason.NOT_DURABLE.code());
        NOT_DURABLE_LOG.warn("publish not durable, device disconnected to re-send it [machine: {}, reason: {}]",
            report.machineId(), durable.cause().toString());
        device.disconnect(RejectReason.NOT_DURABLE);
        return;
      }
      metrics.messageAccepted(durable.result());
      device.acknowledgeAccepted(message);
    }));
  }
}
