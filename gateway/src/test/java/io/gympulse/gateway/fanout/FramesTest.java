package io.gympulse.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shard builds the batch of the same pending messages once per flush, a single message goes out as it is, and a
 * payload's WebSocket frame is what a client reads back as that text.
 */
class FramesTest {

  private final Frames frames = new Frames();
  private final byte[] machine = bytes("{\"type\":\"machine\"}");
  private final byte[] summary = bytes("{\"type\":\"summary\"}");

  /** Verifies that a single message is its own frame, shared and not copied. */
  @Test
  void aSingleMessageIsItsOwnFrame() {
    assertSame(machine, frames.frameOf(List.of(machine)));
  }

  /** Verifies that members with the same pending messages get one batch, and other messages get their own. */
  @Test
  void theSamePendingMessagesShareOneBatch() {
    byte[] first = frames.frameOf(List.of(machine, summary));
    byte[] second = frames.frameOf(List.of(machine, summary));
    byte[] reordered = frames.frameOf(List.of(summary, machine));

    assertEquals("[{\"type\":\"machine\"},{\"type\":\"summary\"}]", new String(first, StandardCharsets.UTF_8));
    assertSame(first, second, "built once");
    assertNotSame(first, reordered);
    assertArrayEquals(bytes("[{\"type\":\"summary\"},{\"type\":\"machine\"}]"), reordered);
    // equal content in other objects is another set of messages: compared by identity, the cheap test
    assertNotSame(reordered, frames.frameOf(List.of(bytes("{\"type\":\"summary\"}"), machine)));
  }

  /**
   * Verifies that an encoded frame is what a WebSocket client reads as that text, at each length encoding (7-bit,
   * 16-bit and 64-bit lengths, and their edges), read back by Netty's own client-side decoder.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000})
  void anEncodedFrameIsReadBackAsItsText(int length) {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) 'x');
    ByteBuf frame = Frames.encoded(payload);
    assertTrue(frame.isDirect(), "a socket write would copy a heap buffer into a direct one");
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(
        WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));

    client.writeInbound(frame);

    TextWebSocketFrame read = client.readInbound();
    assertEquals(true, read.isFinalFragment());
    assertEquals(new String(payload, StandardCharsets.UTF_8), read.text());
    read.release();
    assertEquals(false, client.finish(), "nothing else was read");
    assertEquals(0, frame.refCnt(), "the one reference was the write's, and reading it let it go");
  }

  /** Verifies that a ping frame is what a WebSocket client reads as a ping, with the payload its pong echoes. */
  @Test
  void aPingIsReadBackAsAPing() {
    ByteBuf ping = Frames.ping();
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(
        WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).build()));

    client.writeInbound(ping);

    PingWebSocketFrame read = client.readInbound();
    assertEquals("gp", read.content().toString(StandardCharsets.UTF_8));
    read.release();
    assertEquals(false, client.finish(), "nothing else was read");
    assertEquals(0, ping.refCnt());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
