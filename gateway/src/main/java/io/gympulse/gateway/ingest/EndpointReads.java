package io.gympulse.gateway.ingest;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;

/**
 * Pauses and resumes reading from a device's connection: TCP back-pressure, so a device that outruns the
 * store waits in its own send buffer instead of in gateway memory.
 *
 * <p>Vert.x MQTT (5.0.7) exposes no pause on {@link MqttEndpoint}; its implementation holds the
 * connection's {@link NetSocket} in a private field. That one reflective access lives here, is checked
 * when the class loads (a Vert.x upgrade that moves the field fails every ingest test at once, not in
 * production under load), and is the only place to change if Vert.x adds the API.
 */
final class EndpointReads {

  private static final Field CONNECTION = connectionField();

  private EndpointReads() {
  }

  private static Field connectionField() {
    try {
      Field field = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      field.setAccessible(true);
      if (!NetSocket.class.isAssignableFrom(field.getType())) {
        throw new IllegalStateException("MqttEndpointImpl.conn is not a NetSocket");
      }
      return field;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Vert.x MQTT version hides the endpoint socket differently", e);
    }
  }

  static void pause(MqttEndpoint endpoint) {
    socket(endpoint).pause();
  }

  static void resume(MqttEndpoint endpoint) {
    socket(endpoint).resume();
  }

  private static NetSocket socket(MqttEndpoint endpoint) {
    try {
      return (NetSocket) CONNECTION.get(endpoint);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
