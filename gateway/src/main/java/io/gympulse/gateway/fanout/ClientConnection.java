package io.gympulse.gateway.fanout;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * One WebSocket client and what is waiting to be written to it. Confined to the fan-out context, except
 * {@link #heard()} which the socket's own context calls.
 *
 * <p>Replies (subscribed, snapshot, pong, error) queue in order; state updates are conflated by key
 * (latest per machine or summary wins), so a slow client's backlog is bounded by what it follows, never
 * by how fast things change.
 */
final class ClientConnection {

  private final String id;
  private Optional<String> userId;
  private final ServerWebSocket socket;
  private final Set<Topic> topics = new HashSet<>();
  private final ArrayDeque<byte[]> replies = new ArrayDeque<>();
  private final LinkedHashMap<String, byte[]> updates = new LinkedHashMap<>();
  private volatile long lastHeardMillis;
  private long blockedSinceMillis;
  private boolean dirty;
  private boolean closed;

  ClientConnection(String id, Optional<String> userId, ServerWebSocket socket, long nowMillis) {
    this.id = id;
    this.userId = userId;
    this.socket = socket;
    this.lastHeardMillis = nowMillis;
  }

  String id() {
    return id;
  }

  /** The member this connection belongs to, for alert delivery; empty for anonymous clients. */
  Optional<String> userId() {
    return userId;
  }

  /** Binds an anonymous connection to a member once they authenticate in-band. */
  void bindUser(String member) {
    userId = Optional.of(member);
  }

  Set<Topic> topics() {
    return topics;
  }

  /** Any frame or pong from the peer proves it is alive. */
  void heard() {
    lastHeardMillis = System.currentTimeMillis();
  }

  long lastHeardMillis() {
    return lastHeardMillis;
  }

  void enqueueReply(byte[] message) {
    replies.add(message);
  }

  void enqueueUpdate(String key, byte[] message) {
    // remove + put moves the key to the end, so updates go out in the order of their latest change
    updates.remove(key);
    updates.put(key, message);
  }

  int pending() {
    return replies.size() + updates.size();
  }

  /** Marks the connection for the next flush; true if it was not already marked. */
  boolean markDirty() {
    boolean wasClean = !dirty;
    dirty = true;
    return wasClean;
  }

  boolean isBlocked() {
    return blockedSinceMillis != 0;
  }

  long blockedSinceMillis() {
    return blockedSinceMillis;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Writes everything pending as one frame: the message itself when there is one, a JSON array when
   * there are several. Returns the number of messages written; 0 if nothing was pending or the socket
   * cannot take more (then the connection is blocked until its drain handler fires).
   */
  int flush(long nowMillis) {
    dirty = false;
    int count = pending();
    if (count == 0 || closed) {
      return 0;
    }
    if (socket.writeQueueFull()) {
      if (blockedSinceMillis == 0) {
        blockedSinceMillis = nowMillis;
      }
      return 0;
    }
    blockedSinceMillis = 0;
    byte[] frame = count == 1 ? (replies.isEmpty() ? updates.values().iterator().next() : replies.peek()) : batch(count);
    replies.clear();
    updates.clear();
    // The frame wraps the shared encoded bytes without copying: one encoding for every subscriber.
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true));
    return count;
  }

  private byte[] batch(int count) {
    int length = 2 + (count - 1);
    for (byte[] reply : replies) {
      length += reply.length;
    }
    for (byte[] update : updates.values()) {
      length += update.length;
    }
    byte[] frame = new byte[length];
    frame[0] = '[';
    int at = 1;
    for (byte[] reply : replies) {
      at = append(frame, at, reply);
    }
    for (byte[] update : updates.values()) {
      at = append(frame, at, update);
    }
    frame[length - 1] = ']';
    return frame;
  }

  private static int append(byte[] frame, int at, byte[] message) {
    if (at > 1) {
      frame[at++] = ',';
    }
    System.arraycopy(message, 0, frame, at, message.length);
    return at + message.length;
  }

  void ping() {
    socket.writePing(io.vertx.core.buffer.Buffer.buffer("gp"));
  }

  /** Closes the socket and drops anything pending; safe to call twice. */
  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      replies.clear();
      updates.clear();
      socket.close(code, reason);
    }
  }
}
