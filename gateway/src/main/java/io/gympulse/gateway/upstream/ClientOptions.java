package io.gympulse.gateway.upstream;

import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.config.UpstreamTls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.util.List;

/** Builds the MQTT client options of one upstream connection from the validated settings. */
final class ClientOptions {

  /** Seconds between PINGREQs when idle; the client gives up on a broker silent for 1.5 times this. */
  private static final int KEEP_ALIVE_SECONDS = 10;
  /** Outgoing QoS 1 publishes in flight (deliveries, the simulator); Vert.x's default of 10 refuses the 11th. */
  private static final int MAX_INFLIGHT = 1_000;

  private ClientOptions() {
  }

  /**
   * Options for a connection with {@code clientId}.
   *
   * @param keepSession whether the broker keeps the session while disconnected (the durable path: its unacknowledged
   *     messages wait for this client id to come back)
   * @param autoAck whether the client acknowledges QoS 1 messages on receipt (the live path) or the caller does,
   *     once durable (the durable path)
   */
  static MqttClientOptions of(UpstreamConfig config, String clientId, boolean keepSession, boolean autoAck) {
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(clientId)
        .setCleanSession(!keepSession)
        .setKeepAliveInterval(KEEP_ALIVE_SECONDS)
        .setMaxInflightQueue(MAX_INFLIGHT);
    options.setAutoAck(autoAck);
    config.tls().ifPresent(tls -> secure(options, tls));
    return options;
  }

  private static void secure(MqttClientOptions options, UpstreamTls tls) {
    options.setSsl(true);
    // Vert.x checks no host name unless told; the broker's certificate must name the host we dialled
    options.setHostnameVerificationAlgorithm("HTTPS");
    tls.caPem().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca))));
    if (tls.certPem().isPresent()) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.certPem().get()))
          .setKeyValue(Buffer.buffer(tls.keyPem().orElseThrow())));
    }
    tls.alpn().ifPresent(protocol -> {
      options.setUseAlpn(true);
      options.setApplicationLayerProtocols(List.of(protocol));
    });
  }
}
