package io.gympulse.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway ({@code gateway/target/gympulse-gateway.jar}) run as a child process on free ports, for load
 * tests that are given no {@code baseUrl}: in-memory store, no simulator, no per-address limits. Its output goes to
 * {@code load-tests/target/gateway.log}. Blocking: call it from a test or Gatling's {@code before}, never an event loop.
 */
public final class LocalGateway implements AutoCloseable {

  private static final String JAR = "gateway/target/gympulse-gateway.jar";
  /** The line the gateway logs once both listeners are bound (ports of 0 replaced by the chosen ones). */
  private static final Pattern LISTENING = Pattern.compile("gateway listening \\[http: (\\d+), mqtt: (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  /** Load from one address would trip the limits meant for one gym's NAT or one browsing member. */
  private static final Map<String, String> LOAD_TEST_ENV = Map.of("HTTP_PORT", "0", "MQTT_PORT", "0",
      "SIMULATOR", "off", "STORE", "memory", "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000",
      "MQTT_CONNECTS_PER_ADDRESS_PER_MINUTE", "1000000", "MQTT_MAX_CONNECTIONS_PER_ADDRESS", "1000000");

  private final Process process;
  private final Path log;
  private final CountDownLatch listening = new CountDownLatch(1);
  private volatile int httpPort;
  private volatile int mqttPort;

  private LocalGateway(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::copyOutput, "local-gateway-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the gateway with the load-test settings, then {@code extraEnv} over them; returns once {@code /health} is up. */
  public static LocalGateway start(Map<String, String> extraEnv) {
    Path root = repositoryRoot();
    Path jar = root.resolve(JAR);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first with 'mvn -B -q -pl gateway -am package -DskipTests'");
    }
    Path log = root.resolve("load-tests/target/gateway.log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).redirectErrorStream(true);
    builder.environment().putAll(LOAD_TEST_ENV);
    builder.environment().putAll(extraEnv);
    LocalGateway gateway;
    try {
      Files.createDirectories(log.getParent());
      gateway = new LocalGateway(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
    try {
      gateway.awaitHealthy();
    } catch (RuntimeException | InterruptedException e) {
      gateway.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the gateway did not start: see " + log, e);
    }
    return gateway;
  }

  /** Starts the gateway with the load-test settings only. */
  public static LocalGateway start() {
    return start(Map.of());
  }

  public int httpPort() {
    return httpPort;
  }

  public int mqttPort() {
    return mqttPort;
  }

  /** {@code http://127.0.0.1:{httpPort}}, for REST and (as {@code ws://}) WebSocket clients. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** {@code mqtt://127.0.0.1:{mqttPort}}, for the fleet driver. */
  public String mqttUrl() {
    return "mqtt://127.0.0.1:" + mqttPort;
  }

  /** Where its output is written. */
  public Path log() {
    return log;
  }

  /** SIGTERM, so it drains as on a platform stop; SIGKILL if it has not ended after 20 s. */
  @Override
  public void close() {
    // ProcessHandle.destroy sends the same SIGTERM as Process.destroy but leaves our end of its output open, so the
    // gateway's last lines still reach the log
    process.toHandle().destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The directory holding {@code gateway/target}: the working directory or its parent (run from load-tests/). */
  private static Path repositoryRoot() {
    Path here = Path.of("").toAbsolutePath();
    List<Path> candidates = new ArrayList<>(List.of(here));
    if (here.getParent() != null) {
      candidates.add(here.getParent());
    }
    return candidates.stream().filter(dir -> Files.isDirectory(dir.resolve("load-tests")))
        .filter(dir -> Files.isDirectory(dir.resolve("gateway"))).findFirst().orElse(here);
  }

  private void awaitHealthy() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!listening.await(100, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("no 'gateway listening' line within " + START_TIMEOUT.toSeconds() + " s");
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build();
    while (true) {
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the listener is bound but the router may not be serving yet
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("/health did not answer 200 on " + baseUrl());
      }
      Thread.sleep(100);
    }
  }

  private void copyOutput() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer kept = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        kept.write(line);
        kept.write('\n');
        kept.flush();
        Matcher bound = LISTENING.matcher(line);
        if (bound.find()) {
          httpPort = Integer.parseInt(bound.group(1));
          mqttPort = Integer.parseInt(bound.group(2));
          listening.countDown();
        }
      }
    } catch (IOException ended) {
      // the process ended, or the log could not be written: the start times out and names the log
    }
  }
}
