package io.gympulse.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A WebSocket client that completes the handshake, sends requests, and then never reads: the slowest
 * possible peer. Raw socket with a tiny receive buffer, so the server's writes back up quickly. It reads only
 * when told to, to see how the server ended the connection.
 */
public final class StalledWebSocket implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final Random random = new Random(1);

  private StalledWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  public static StalledWebSocket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(2048); // before connect, so the advertised window stays small
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    String handshake = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket.getOutputStream().write(handshake.getBytes(StandardCharsets.US_ASCII));
    readResponseHead(socket.getInputStream());
    return new StalledWebSocket(socket);
  }

  private static void readResponseHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed during handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
  }

  /** Sends one masked text frame, as a client must. */
  public void send(JsonObject message) throws IOException {
    byte[] payload = message.encode().getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }

  /**
   * Starts reading at last: skips the data frames the server had queued until its close frame, and returns that
   * frame's status code (1005 if it has none); -1 if the connection ends without a close frame.
   */
  public int readUntilCloseFrame() throws IOException {
    socket.setSoTimeout(30_000);
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    try {
      while (true) {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if ((second & 0x80) != 0) {
          in.skipNBytes(4); // servers do not mask, but a masked frame must still be parsed right
        }
        if ((first & 0x0F) == 0x8) {
          return length >= 2 ? in.readUnsignedShort() : 1005;
        }
        in.skipNBytes(length);
      }
    } catch (EOFException ended) {
      return -1;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
