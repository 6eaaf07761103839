package io.gympulse.load.fleet;

import java.net.URI;
import java.util.Optional;

/**
 * What a {@link FleetDriver} run does: where it connects, how many devices of which kind, how fast and how long.
 *
 * @param mqttUrl the endpoint, {@code mqtt://host:port} (the gateway's MQTT port or the upstream broker)
 * @param rate transitions a second over the whole fleet
 * @param durationSeconds how long it publishes before it stops by itself
 * @param hubs how many branches (in catalog order) publish through one hub connection, {@code gym-{gymId}-hub}
 * @param sensors how many machines of the other branches connect as their own sensor, {@code gym-{gymId}-{machineId}}
 * @param qos 0, 1 or 2; with 1 and 2 each publish counts once its acknowledgement arrived
 * @param catalog a catalog JSON file; empty: the bundled {@code catalog/hk-sample.json}, the gateway's default
 * @param connectsPerSecond how fast connections are opened (the gateway refuses more than
 *     {@code MQTT_CONNECTS_PER_ADDRESS_PER_MINUTE}, 300 by default, from one address)
 * @param inflight most unacknowledged publishes per connection; a connection at the limit waits
 */
public record FleetOptions(URI mqttUrl, double rate, int durationSeconds, int hubs, int sensors, int qos,
    Optional<String> catalog, int connectsPerSecond, int inflight) {

  /** The gateway's default {@code MQTT_MAX_PUBLISHES_PER_SECOND}: a machine published faster is throttled. */
  public static final double MAX_PER_MACHINE_PER_SECOND = 50;

  public FleetOptions {
    if (!"mqtt".equals(mqttUrl.getScheme()) || mqttUrl.getHost() == null) {
      throw new IllegalArgumentException("mqttUrl must look like mqtt://host:port, not " + mqttUrl);
    }
    require(rate > 0, "rate must be above 0, not " + rate);
    require(durationSeconds > 0, "durationSeconds must be above 0, not " + durationSeconds);
    require(hubs >= 0 && sensors >= 0 && hubs + sensors > 0, "hubs and sensors must not be negative, nor both 0");
    require(qos >= 0 && qos <= 2, "qos must be 0, 1 or 2, not " + qos);
    require(connectsPerSecond > 0, "connectsPerSecond must be above 0, not " + connectsPerSecond);
    require(inflight > 0 && inflight <= 65535, "inflight must be from 1 to 65535, not " + inflight);
  }

  /** 100 transitions/s for 60 s against {@code mqtt://127.0.0.1:1883}: 4 hubs, 200 sensors, QoS 1. */
  public static FleetOptions defaults() {
    return new FleetOptions(URI.create("mqtt://127.0.0.1:1883"), 100, 60, 4, 200, 1, Optional.empty(), 50, 32);
  }

  /** The defaults overridden by the system properties of the same names (as {@code -Drate=500}). */
  public static FleetOptions fromSystemProperties() {
    FleetOptions d = defaults();
    return new FleetOptions(URI.create(System.getProperty("mqttUrl", d.mqttUrl.toString())),
        Double.parseDouble(System.getProperty("rate", String.valueOf(d.rate))),
        Integer.getInteger("durationSeconds", d.durationSeconds), Integer.getInteger("hubs", d.hubs),
        Integer.getInteger("sensors", d.sensors), Integer.getInteger("qos", d.qos),
        Optional.ofNullable(System.getProperty("catalog")), Integer.getInteger("connectsPerSecond", d.connectsPerSecond),
        Integer.getInteger("inflight", d.inflight));
  }

  public FleetOptions withMqttUrl(String url) {
    return new FleetOptions(URI.create(url), rate, durationSeconds, hubs, sensors, qos, catalog, connectsPerSecond,
        inflight);
  }

  public FleetOptions withRate(double transitionsPerSecond) {
    return new FleetOptions(mqttUrl, transitionsPerSecond, durationSeconds, hubs, sensors, qos, catalog,
        connectsPerSecond, inflight);
  }

  public FleetOptions withDurationSeconds(int seconds) {
    return new FleetOptions(mqttUrl, rate, seconds, hubs, sensors, qos, catalog, connectsPerSecond, inflight);
  }

  /** How many branches publish through a hub and how many other machines through their own sensor. */
  public FleetOptions withDevices(int hubCount, int sensorCount) {
    return new FleetOptions(mqttUrl, rate, durationSeconds, hubCount, sensorCount, qos, catalog, connectsPerSecond,
        inflight);
  }

  public FleetOptions withQos(int level) {
    return new FleetOptions(mqttUrl, rate, durationSeconds, hubs, sensors, level, catalog, connectsPerSecond, inflight);
  }

  /** The MQTT port, 1883 when the URL names none. */
  int port() {
    return mqttUrl.getPort() < 0 ? 1883 : mqttUrl.getPort();
  }

  private static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
