package io.gympulse.gateway.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the frames of one shard's flushes. Members following the same topics have the same updates pending, so
 * the batch (a JSON array) built for one is kept and given to the next whose pending messages are the same
 * objects: a flush builds a batch once per distinct set, not once per member (a profile of 10,000 members on one
 * category showed the per-member copies as most of the gateway's allocation). The messages are taken into one
 * list reused for every connection. The WebSocket frame of a payload (header and payload, in one direct buffer) is
 * also built once for consecutive members: server frames are not masked, so the bytes are the same for all.
 * Confined to the shard's event loop; a frame is never changed once built.
 */
final class Frames {

  private static final byte[][] NONE = {};

  private final List<byte[]> taken = new ArrayList<>();
  private byte[][] lastMessages = NONE;
  private byte[] lastFrame;
  /** The last payload encoded, and its whole frame; released when the next one replaces it. */
  private byte[] encodedPayload;
  private ByteBuf encodedFrame;

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

  /**
   * The WebSocket text frame of {@code payload} (one of this class's frames or a message): FIN, opcode, length and
   * the payload, unmasked as server frames are. Kept until a different payload is asked for, so members in a row
   * share one buffer; the caller writes a retained duplicate and must not change it.
   */
  ByteBuf encoded(byte[] payload, ByteBufAllocator allocator) {
    if (payload != encodedPayload) {
      release();
      int length = payload.length;
      int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
      ByteBuf frame = allocator.directBuffer(header + length);
      frame.writeByte(0x81); // FIN, text
      if (length < 126) {
        frame.writeByte(length);
      } else if (length < 65_536) {
        frame.writeByte(126).writeShort(length);
      } else {
        frame.writeByte(127).writeLong(length);
      }
      encodedPayload = payload;
      encodedFrame = frame.writeBytes(payload);
    }
    return encodedFrame;
  }

  /** Lets go of the frame kept for the next member; the shard calls it when it stops. */
  void release() {
    if (encodedFrame != null) {
      encodedFrame.release();
      encodedFrame = null;
      encodedPayload = null;
    }
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
