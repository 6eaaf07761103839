package io.gympulse.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange on a plain socket, read to the end of the connection: unlike the JDK client, which never
 * reads a body after {@code HEAD}, it shows every byte the server sent.
 */
public final class RawHttp {

  /** The status, the headers (names in lower case, values in order) and every byte after the header block. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
  }

  private RawHttp() {
  }

  /** Sends {@code method path} with {@code extraHeaders} ("Name: value") and {@code Connection: close}. */
  public static Response exchange(int port, String method, String path, String... extraHeaders) {
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
    for (String header : extraHeaders) {
      request.append(header).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return parse(readToEnd(socket.getInputStream()));
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    }
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toByteArray();
  }

  private static Response parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete header block in: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = new byte[bytes.length - end - 4];
    System.arraycopy(bytes, end + 4, body, 0, body.length);
    return new Response(status, headers, body);
  }
}
