package io.gympulse.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * MQTT 3.1.1 packets written by hand on a plain socket: a device that does exactly what the test says
 * (no automatic pings, no retries), e.g. one that goes silent without closing its connection.
 */
public final class RawMqtt implements AutoCloseable {

  private final Socket socket;

  private RawMqtt(Socket socket) {
    this.socket = socket;
  }

  public static RawMqtt open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(10_000);
    return new RawMqtt(socket);
  }

  /** CONNECT with clean session, the given keep-alive, and a QoS 1 Last Will; returns the CONNACK return code. */
  public int connectWithWill(String clientId, int keepAliveSeconds, String willTopic, String willMessage) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4); // protocol level 3.1.1
    body.write(0x02 | 0x04 | 0x08); // clean session, will flag, will QoS 1
    body.write(keepAliveSeconds >>> 8);
    body.write(keepAliveSeconds & 0xff);
    writeString(body, clientId);
    writeString(body, willTopic);
    writeString(body, willMessage);
    send(0x10, body.toByteArray());
    InputStream in = socket.getInputStream();
    int type = in.read();
    if (type != 0x20) {
      throw new IOException("expected CONNACK, got " + type);
    }
    in.read(); // remaining length 2
    in.read(); // session present
    return in.read();
  }

  /** PUBLISH at QoS 0. */
  public void publish(String topic, byte[] payload) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, topic);
    body.write(payload);
    send(0x30, body.toByteArray());
  }

  /** Blocks until the server closes the connection; returns how long that took in ms. */
  public long millisUntilServerCloses() throws IOException {
    long started = System.currentTimeMillis();
    InputStream in = socket.getInputStream();
    while (in.read() >= 0) {
      // discard anything the server still sends
    }
    return System.currentTimeMillis() - started;
  }

  public void sendRaw(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  private void send(int header, byte[] body) throws IOException {
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(header);
    int length = body.length;
    do {
      int digit = length % 128;
      length /= 128;
      packet.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    packet.write(body);
    sendRaw(packet.toByteArray());
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >>> 8);
    out.write(bytes.length & 0xff);
    out.write(bytes, 0, bytes.length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
