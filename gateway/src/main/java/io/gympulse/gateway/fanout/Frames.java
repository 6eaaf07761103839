package io.gympulse.gateway.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
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
  /**
   * Netty's classic pool: Vert.x gives channels an unpooled allocator, and the buffers of Netty 4.2's default
   * (adaptive) allocator take a new NIO view each time they are reused, where this pool's chunks keep theirs.
   */
  private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;
  private static final byte[] PING = {'g', 'p'};

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

  /**
   * The WebSocket text frame of {@code payload} (one of this class's frames or a message): FIN, opcode, length and
   * the payload, unmasked as server frames are, in a direct buffer of Netty's pool that the caller's write owns and
   * releases.
   *
   * <p>A buffer per member, not one shared buffer: a write of a retained duplicate of a shared buffer cost two
   * objects per delivery (the duplicate, and the NIO {@code ByteBuffer} slice the socket write takes of it: 64 B,
   * the only per-delivery allocation in a JFR profile at 10,000 × 10). A pooled buffer comes from the event loop's
   * own cache and goes back to it once written, and its pool keeps its NIO view, so a write allocates nothing. It
   * costs a copy of the payload (about 100 B) instead; CPU and throughput stayed within the spread
   * (docs/benchmarks.md, "Nothing allocated per delivery").
   */
  static ByteBuf encoded(byte[] payload) {
    return frame(0x81, payload); // FIN, text
  }

  /**
   * A ping frame with the payload "gp", in a pooled buffer the caller's write owns: a ping round reaches every
   * connection, and through the socket each ping cost about ten objects.
   */
  static ByteBuf ping() {
    return frame(0x89, PING); // FIN, ping
  }

  /** One unmasked frame: its first byte (FIN and opcode), the payload's length in the shortest form, the payload. */
  private static ByteBuf frame(int finAndOpcode, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    ByteBuf frame = POOL.directBuffer(header + length);
    frame.writeByte(finAndOpcode);
    if (length < 126) {
      frame.writeByte(length);
    } else if (length < 65_536) {
      frame.writeByte(126).writeShort(length);
    } else {
      frame.writeByte(127).writeLong(length);
    }
    return frame.writeBytes(payload);
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
