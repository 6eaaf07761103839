package io.gympulse.gateway.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the frames of one shard's flushes. Members following the same topics have the same updates pending, so
 * the batch (a JSON array) built for one is kept and given to the next whose pending messages are the same
 * objects: a flush builds a batch once per distinct set, not once per member (a profile of 10,000 members on one
 * category showed the per-member copies as most of the gateway's allocation). The messages are taken into one
 * list reused for every connection. Confined to the shard's event loop; a frame is never changed once built.
 */
final class Frames {

  private static final byte[][] NONE = {};

  private final List<byte[]> taken = new ArrayList<>();
  private byte[][] lastMessages = NONE;
  private byte[] lastFrame;

  /** The list to take a connection's pending messages into, emptied. */
  List<byte[]> taking() {
    taken.clear();
    return taken;
  }

  /** The frame of {@code messages}: the message itself when there is one, else a JSON array of them. */
  byte[] frameOf(List<byte[]> messages) {
    if (messages.size() == 1) {
      return messages.get(0);
    }
    if (!sameAsLast(messages)) {
      lastMessages = messages.toArray(NONE);
      lastFrame = batch(messages);
    }
    return lastFrame;
  }

  private boolean sameAsLast(List<byte[]> messages) {
    if (messages.size() != lastMessages.length) {
      return false;
    }
    for (int i = 0; i < lastMessages.length; i++) {
      if (messages.get(i) != lastMessages[i]) {
        return false;
      }
    }
    return true;
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
      if (at > 1) {
        frame[at++] = ',';
      }
      System.arraycopy(message, 0, frame, at, message.length);
      at += message.length;
    }
    frame[length - 1] = ']';
    return frame;
  }
}
