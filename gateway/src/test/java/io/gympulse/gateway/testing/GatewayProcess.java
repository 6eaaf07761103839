package io.gympulse.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged gateway jar run as a separate process, as the README tells a newcomer to run it. */
public final class GatewayProcess implements AutoCloseable {

  private static final Path JAR = Path.of("target", "gympulse-gateway.jar");
  /** Every process's output is also kept here, one file per process, to read after a failed or slow run. */
  private static final Path LOGS = Path.of("target", "gateway-logs");
  private static final Pattern LISTENING = Pattern.compile("gateway listening \\[http: (\\d+), mqtt: (\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile int httpPort;
  private volatile int mqttPort;

  private GatewayProcess(Process process, Path log) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          Writer kept = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.add(line);
          kept.write(line);
          kept.write('\n');
          kept.flush();
          Matcher listening = LISTENING.matcher(line);
          if (listening.find()) {
            mqttPort = Integer.parseInt(listening.group(2));
            httpPort = Integer.parseInt(listening.group(1));
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "gateway-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code java -jar target/gympulse-gateway.jar} with {@code env} added to this environment; its output goes
   * to {@code target/gateway-logs/{INSTANCE_ID}-{pid}.log} too.
   */
  public static GatewayProcess start(Map<String, String> env) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run through 'mvn verify'");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(new HashMap<>(env));
    Files.createDirectories(LOGS);
    Process process = builder.start();
    String name = env.getOrDefault("INSTANCE_ID", "gateway");
    return new GatewayProcess(process, LOGS.resolve(name + "-" + process.pid() + ".log"));
  }

  /** Waits for the "gateway listening" line; fails with the output so far if it does not come. */
  public GatewayProcess awaitListening(long seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000;
    while (httpPort == 0) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError("gateway did not start; output:\n" + String.join("\n", output));
      }
      Thread.sleep(50);
    }
    return this;
  }

  public int httpPort() {
    return httpPort;
  }

  public int mqttPort() {
    return mqttPort;
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("gateway did not exit; output:\n" + String.join("\n", output));
    }
    reader.join(5_000); // the reader ends at end of stream: every line is in
    return process.exitValue();
  }

  /** SIGTERM, as a container platform stops a task; fails unless the graceful shutdown ran to its end within 20 s. */
  public void stopGracefully() throws InterruptedException {
    terminate();
    awaitGracefulStop(20);
  }

  /** SIGKILL, as a task that dies: no shutdown hook, no goodbye to anyone. Waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("gateway did not die of SIGKILL");
    }
  }

  /** Sends SIGTERM and returns at once, so a test can watch the drain; {@link #awaitGracefulStop} follows. */
  public void terminate() {
    // ProcessHandle.destroy sends the same SIGTERM as Process.destroy but leaves our end of the child's
    // stdout open; Process.destroy closes it, and the child's last log lines would be lost.
    process.toHandle().destroy();
  }

  /**
   * Fails unless the process, sent SIGTERM, ends within {@code seconds} after its graceful shutdown ran to its end.
   * The JVM then exits with 143 (128 + SIGTERM), which platforms read as a normal stop.
   */
  public void awaitGracefulStop(long seconds) throws InterruptedException {
    int exit = awaitExit(seconds);
    if (exit != 143 || output.stream().noneMatch(line -> line.contains("gateway stopped"))) {
      throw new AssertionError("no graceful stop (exit " + exit + "); output:\n" + String.join("\n", output));
    }
    // The packaged gateway runs with Vert.x's own checker (2 s): any warning means an event loop blocked.
    if (output.stream().anyMatch(line -> line.contains("BlockedThreadChecker"))) {
      throw new AssertionError("an event loop was blocked; output:\n" + String.join("\n", output));
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
