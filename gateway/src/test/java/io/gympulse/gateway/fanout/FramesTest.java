package io.gympulse.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shard builds the batch of the same pending messages once per flush, and a single message goes out as it is. */
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
