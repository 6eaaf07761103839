package io.gympulse.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies that the README's and the docs pages' copy-paste samples work as written against a real gateway, and
 * that the output they show is what the gateway really sends (same keys and kinds of values; the values are live).
 * Samples that need tools the test does not play (mvn, java, dynalite, TLS files) are listed and skipped.
 */
@Timeout(120)
class DocSamplesTest {

  private static final Logger LOG = LoggerFactory.getLogger(DocSamplesTest.class);
  private static final Path ROOT = repositoryRoot();

  private GuardedVertx guarded;
  private TestGateway gateway;
  /** The readers' side: its own Vert.x, as wscat is its own process. */
  private final Vertx clients = Vertx.vertx();

  @AfterEach
  void stop() {
    clients.close();
    try {
      if (gateway != null) {
        gateway.stop();
      }
    } finally {
      guarded.closeAndAssertNoBlocking();
    }
  }

  /** Verifies the README's samples on a gateway with the simulator playing, as the README's run command starts it. */
  @Test
  void readmeSamplesRunAsWritten() throws Exception {
    // GIVEN the README's gateway: simulator on, fast enough that a category sees a transition within seconds
    start(Map.of("SIMULATOR", "on", "SIMULATOR_SPEED", "120"));
    // WHEN every runnable sample is played
    List<String> played = play(List.of("README.md"));
    // THEN the samples a newcomer tries first were among them (a parser gone blind cannot pass as "nothing to do")
    assertPlayed(played, "wscat", "curl -s localhost:8080/branches/hk-central-caine", "mosquitto_pub");
  }

  /** Verifies the docs pages' samples on a quiet gateway, where nothing but the sample changes a machine. */
  @Test
  void docsPagesSamplesRunAsWritten() throws Exception {
    start(Map.of());
    List<String> pages;
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      pages = files.filter(p -> p.toString().endsWith(".md")).map(p -> ROOT.relativize(p).toString()).sorted().toList();
    }
    List<String> played = play(pages);
    assertPlayed(played, "/sessions", "/chat", "/peak-hours");
  }

  private void start(Map<String, String> overrides) {
    guarded = GuardedVertx.create();
    gateway = TestGateway.start(guarded.vertx(), overrides, TestGateway.machineStore());
  }

  private List<String> play(List<String> files) throws IOException {
    List<String> played = new ArrayList<>();
    for (String file : files) {
      for (DocSample sample : DocSample.read(ROOT, file)) {
        Optional<String> unsupported = SampleRun.unsupported(sample);
        if (unsupported.isPresent()) {
          LOG.info("sample not played [at: {}, needs: {}]", sample.where(), unsupported.get());
          continue;
        }
        try (SampleRun run = new SampleRun(clients, gateway.httpPort(), gateway.mqttPort())) {
          run.play(sample);
        }
        played.add(sample.steps().toString());
      }
    }
    return played;
  }

  private static void assertPlayed(List<String> played, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(played.stream().anyMatch(s -> s.contains(fragment)), "no played sample contains " + fragment);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no repository root with README.md and docs/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
