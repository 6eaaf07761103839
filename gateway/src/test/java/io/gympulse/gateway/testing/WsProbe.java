package io.gympulse.gateway.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An independent WebSocket client (Vert.x WebSocketClient) that records every server message, unpacking
 * batched array frames, so tests can wait for "the next message matching X".
 */
public final class WsProbe implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final AtomicInteger frames = new AtomicInteger();
  private volatile Short closeStatus;
  private volatile long closedAtNanos;

  private WsProbe(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      frames.incrementAndGet();
      Object value = new JsonArray("[" + text + "]").getValue(0);
      if (value instanceof JsonArray batch) {
        batch.forEach(m -> messages.add((JsonObject) m));
      } else {
        messages.add((JsonObject) value);
      }
    });
    socket.closeHandler(v -> {
      closedAtNanos = System.nanoTime();
      closeStatus = socket.closeStatusCode();
    });
  }

  public static WsProbe connect(Vertx vertx, int port) {
    return connect(vertx, port, "/ws");
  }

  /** Connects to {@code path}, e.g. {@code /ws?userId=alice} to receive that member's alerts. */
  public static WsProbe connect(Vertx vertx, int port, String path) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions());
    try {
      return new WsProbe(client, client.connect(port, "127.0.0.1", path).await(5, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError("WebSocket connect failed", e);
    }
  }

  public WsProbe send(JsonObject message) {
    return sendText(message.encode());
  }

  public WsProbe sendText(String text) {
    socket.writeTextMessage(text);
    return this;
  }

  public WsProbe sendBinary(io.vertx.core.buffer.Buffer data) {
    socket.writeBinaryMessage(data);
    return this;
  }

  public WsProbe subscribe(String... topics) {
    return send(new JsonObject().put("action", "subscribe").put("topics", new JsonArray(List.of((Object[]) topics))));
  }

  /** The next message matching {@code filter}, skipping others; fails after {@code seconds}. */
  public JsonObject next(Predicate<JsonObject> filter, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<JsonObject> skipped = new ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
        if (message == null) {
          return fail("no matching WebSocket message within " + seconds + " s; skipped " + skipped.size() + ", first: "
              + skipped.subList(0, Math.min(5, skipped.size())) + ", closed: " + closeStatus);
        }
        if (filter.test(message)) {
          return message;
        }
        skipped.add(message);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject next(String type, long seconds) {
    return next(m -> type.equals(m.getString("type")), seconds);
  }

  /** Messages received and not yet consumed by {@link #next}. */
  public List<JsonObject> drain() {
    List<JsonObject> all = new ArrayList<>();
    messages.drainTo(all);
    return all;
  }

  public int frames() {
    return frames.get();
  }

  public Short closeStatus() {
    return closeStatus;
  }

  /** When the server's close arrived, as {@link System#nanoTime()}; 0 while open. */
  public long closedAtNanos() {
    return closedAtNanos;
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
