package io.gympulse.gateway.config;

import java.util.Optional;

/**
 * The MQTT broker the gateway is a client of ({@code MQTT_UPSTREAM}): AWS IoT Core in production, Mosquitto
 * or another broker locally. Devices publish to the broker; every gateway instance follows every status topic
 * there (live path) and takes its share of the durable writes through one shared subscription (durable path).
 *
 * @param host broker host
 * @param port broker port
 * @param tls TLS towards the broker; empty for plain {@code mqtt://}
 * @param liveConnections connections the per-branch status subscriptions are spread over: a broker may cap the
 *     publishes it delivers to one connection (IoT Core: 100 a second)
 * @param shareGroup the shared subscription's group: instances of one deployment share one group
 */
public record UpstreamConfig(String host, int port, Optional<UpstreamTls> tls, int liveConnections, String shareGroup) {

  /** The broker's address as {@code mqtt(s)://host:port}, for logs. */
  public String address() {
    return (tls.isPresent() ? "mqtts" : "mqtt") + "://" + host + ":" + port;
  }
}
