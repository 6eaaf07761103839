package io.gympulse.gateway.fanout;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One WebSocket client and what is waiting to be written to it. Confined to the fan-out context, except
 * {@link #heard(long)} which the socket's own context calls.
 *
 * <p>Replies (subscribed, snapshot, pong, error) queue in order; state updates are conflated by key
 * (latest per machine or summary wins), so a slow client's backlog is bounded by what it follows, never
 * by how fast things change.
 */
final class ClientConnection {

  /** Largest batched frame; well under the 64 KiB many WebSocket clients accept by default. */
  static final int MAX_FRAME_BYTES = 32 * 1024;

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
  void heard(long nowMillis) {
    lastHeardMillis = nowMillis;
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
   * Writes what is pending as one frame (at most {@link #MAX_FRAME_BYTES}): the message itself when there
   * is one, a JSON array when there are several. Returns the number of messages written; 0 if nothing was
   * pending or the socket cannot take more (then the connection is blocked until its drain handler fires).
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
    List<byte[]> messages = take();
    // A single message goes out as the shared encoded bytes, wrapped without copying: one encoding for
    // every subscriber. Several go out as one JSON array.
    byte[] frame = messages.size() == 1 ? messages.get(0) : batch(messages);
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true));
    return messages.size();
  }

  /**
   * Takes pending messages, replies first, up to {@link #MAX_FRAME_BYTES} (always at least one): clients
   * commonly refuse frames over 64 KiB, so a big backlog leaves in several flushes, not one huge frame.
   */
  private List<byte[]> take() {
    List<byte[]> taken = new ArrayList<>();
    int bytes = 2;
    while (!replies.isEmpty() && (taken.isEmpty() || bytes + replies.peek().length + 1 <= MAX_FRAME_BYTES)) {
      byte[] reply = replies.poll();
      bytes += reply.length + 1;
      taken.add(reply);
    }
    Iterator<byte[]> pendingUpdates = updates.values().iterator();
    while (replies.isEmpty() && pendingUpdates.hasNext()) {
      byte[] update = pendingUpdates.next();
      if (!taken.isEmpty() && bytes + update.length + 1 > MAX_FRAME_BYTES) {
        break;
      }
      bytes += update.length + 1;
      taken.add(update);
      pendingUpdates.remove();
    }
    return taken;
  }

  private static byte[] batch(List<byte[]> messages) {
    int length = 2 + (messages.size() - 1);
    for (byte[] message : messages) {
      length += message.length;
    }
    byte[] frame = new byte[length];
    frame[0] = '[';
    int at = 1;
    for (byte[] message : messages) {
      at = append(frame, at, message);
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
