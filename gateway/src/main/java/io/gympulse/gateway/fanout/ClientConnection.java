package io.gympulse.gateway.fanout;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One WebSocket client and what is waiting to be written to it. Confined to its shard's event loop, the
 * socket's own.
 *
 * <p>Replies (subscribed, snapshot, pong, error) queue in order; state updates are conflated by key
 * (latest per machine or summary wins), so a slow client's backlog is bounded by what it follows, never
 * by how fast things change. Kept small, as there are many: pending updates are two parallel arrays
 * (usually holding a message or two between flushes, so a linear search for the key is cheapest), and
 * the reply queue exists only while replies wait.
 */
final class ClientConnection {

  /** Largest batched frame; well under the 64 KiB many WebSocket clients accept by default. */
  static final int MAX_FRAME_BYTES = 32 * 1024;
  private static final String[] NO_KEYS = {};
  private static final byte[][] NO_MESSAGES = {};
  private static final Topic[] NO_TOPICS = {};

  private final String id;
  private Optional<String> userId;
  private final ServerWebSocket socket;
  /** The socket's channel: text frames go straight to it ({@link Frames#encoded}). */
  private final Channel channel;
  /** The topics it follows: a few at most (canonical, from {@link TopicTable}), so a small array, shared while empty. */
  private Topic[] topics = NO_TOPICS;
  /** Null while no reply waits. */
  private ArrayDeque<byte[]> replies;
  /** Pending updates in the order of their latest change: keys (one object per machine or summary) and messages. */
  private String[] updateKeys = NO_KEYS;
  private byte[][] updateMessages = NO_MESSAGES;
  private int updateCount;
  private long lastHeardMillis;
  private long blockedSinceMillis;
  private boolean dirty;
  private boolean closed;

  ClientConnection(String id, Optional<String> userId, ServerWebSocket socket, Channel channel, long nowMillis) {
    this.id = id;
    this.userId = userId;
    this.socket = socket;
    this.channel = channel;
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

  /** The topics it follows, a copy. */
  List<Topic> topics() {
    return List.of(topics);
  }

  int topicCount() {
    return topics.length;
  }

  /** Follows {@code topic}; false if it already did. */
  boolean follow(Topic topic) {
    if (indexOf(topic) >= 0) {
      return false;
    }
    topics = Arrays.copyOf(topics, topics.length + 1);
    topics[topics.length - 1] = topic;
    return true;
  }

  /** Stops following {@code topic}; false if it did not. */
  boolean unfollow(Topic topic) {
    int index = indexOf(topic);
    if (index < 0) {
      return false;
    }
    Topic[] left = new Topic[topics.length - 1];
    System.arraycopy(topics, 0, left, 0, index);
    System.arraycopy(topics, index + 1, left, index, left.length - index);
    topics = left.length == 0 ? NO_TOPICS : left;
    return true;
  }

  private int indexOf(Topic topic) {
    for (int i = 0; i < topics.length; i++) {
      if (topics[i].equals(topic)) {
        return i;
      }
    }
    return -1;
  }

  /** Any frame or pong from the peer proves it is alive. */
  void heard(long nowMillis) {
    lastHeardMillis = nowMillis;
  }

  long lastHeardMillis() {
    return lastHeardMillis;
  }

  void enqueueReply(byte[] message) {
    if (replies == null) {
      replies = new ArrayDeque<>(4);
    }
    replies.add(message);
  }

  /**
   * Queues an update, replacing a pending one of the same key, and moving it to the end: the latest change goes last.
   * Returns whether it replaced one (the client missed that step: conflated).
   */
  boolean enqueueUpdate(String key, byte[] message) {
    boolean replaced = false;
    for (int i = 0; i < updateCount; i++) {
      if (updateKeys[i].equals(key)) {
        removeUpdate(i);
        replaced = true;
        break;
      }
    }
    if (updateCount == updateKeys.length) {
      int capacity = Math.max(4, updateCount * 2);
      updateKeys = Arrays.copyOf(updateKeys, capacity);
      updateMessages = Arrays.copyOf(updateMessages, capacity);
    }
    updateKeys[updateCount] = key;
    updateMessages[updateCount] = message;
    updateCount++;
    return replaced;
  }

  private void removeUpdate(int index) {
    int after = updateCount - index - 1;
    System.arraycopy(updateKeys, index + 1, updateKeys, index, after);
    System.arraycopy(updateMessages, index + 1, updateMessages, index, after);
    updateCount--;
    updateKeys[updateCount] = null;
    updateMessages[updateCount] = null;
  }

  private int replyCount() {
    return replies == null ? 0 : replies.size();
  }

  int pending() {
    return replyCount() + updateCount;
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
   * pending or the channel holds more than the write queue allows: then the connection is blocked, and
   * {@code whenDrained} is called (on the channel's thread) once the channel has written what it holds.
   */
  int flush(long nowMillis, Frames frames, Consumer<ClientConnection> whenDrained) {
    dirty = false;
    int count = pending();
    if (count == 0 || closed || !channel.isActive()) {
      return 0; // a peer that went away: its close handler forgets the connection
    }
    if (!channel.isWritable()) { // over the high-water mark that setWriteQueueMaxSize set
      if (blockedSinceMillis == 0) {
        blockedSinceMillis = nowMillis;
        // an empty write completes only after everything written before it has gone to the socket
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> whenDrained.accept(this));
      }
      return 0;
    }
    blockedSinceMillis = 0;
    List<byte[]> messages = take(frames.taking());
    // the whole frame, header included, straight to the channel: no frame object, promise or encoder per member.
    // The close frame still goes through the socket, on this same thread, so frames keep their order.
    channel.writeAndFlush(Frames.encoded(frames.frameOf(messages)), channel.voidPromise());
    return messages.size();
  }

  /**
   * Takes pending messages into {@code taken}, replies first, up to {@link #MAX_FRAME_BYTES} (always at least one):
   * clients commonly refuse frames over 64 KiB, so a big backlog leaves in several flushes, not one huge frame.
   */
  private List<byte[]> take(List<byte[]> taken) {
    int bytes = 2;
    while (replyCount() > 0 && (taken.isEmpty() || bytes + replies.peek().length + 1 <= MAX_FRAME_BYTES)) {
      byte[] reply = replies.poll();
      bytes += reply.length + 1;
      taken.add(reply);
    }
    if (replies != null && replies.isEmpty()) {
      replies = null;
    }
    int updatesTaken = 0;
    while (replies == null && updatesTaken < updateCount) {
      byte[] update = updateMessages[updatesTaken];
      if (!taken.isEmpty() && bytes + update.length + 1 > MAX_FRAME_BYTES) {
        break;
      }
      bytes += update.length + 1;
      taken.add(update);
      updatesTaken++;
    }
    dropUpdates(updatesTaken);
    return taken;
  }

  /** Drops the first {@code count} pending updates. */
  private void dropUpdates(int count) {
    if (count == 0) {
      return;
    }
    int left = updateCount - count;
    System.arraycopy(updateKeys, count, updateKeys, 0, left);
    System.arraycopy(updateMessages, count, updateMessages, 0, left);
    Arrays.fill(updateKeys, left, updateCount, null);
    Arrays.fill(updateMessages, left, updateCount, null);
    updateCount = left;
  }

  /** Pings the peer, whose pong (or any frame) proves it alive; straight to the channel, as the updates go. */
  void ping() {
    if (!closed && channel.isActive()) {
      channel.writeAndFlush(Frames.ping(), channel.voidPromise());
    }
  }

  /** Closes the socket and drops anything pending; safe to call twice. */
  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      replies = null;
      dropUpdates(updateCount);
      socket.close(code, reason);
    }
  }
}
