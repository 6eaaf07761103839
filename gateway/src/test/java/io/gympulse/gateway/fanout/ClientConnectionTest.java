package io.gympulse.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A client's backlog is conflated: it grows with what the client follows, not with how often things change. */
class ClientConnectionTest {

  /** Verifies that many updates of few machines leave one pending update per machine. */
  @Test
  void pendingUpdatesAreConflatedPerKey() {
    ClientConnection connection = new ClientConnection("c1", java.util.Optional.empty(), null, null, 0);
    for (int i = 0; i < 10_000; i++) {
      connection.enqueueUpdate("m:machine-" + (i % 7), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
    }
    connection.enqueueReply("{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(8, connection.pending());
  }
}
