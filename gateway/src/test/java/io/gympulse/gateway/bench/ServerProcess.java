package io.gympulse.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under measurement in its own JVM, so that its heap holds only its own side of the connections:
 * started with a command and environment, ready once a line of its output names its HTTP port, stopped on close.
 */
final class ServerProcess implements AutoCloseable {

  private static final int KEPT_LINES = 200;

  private final String name;
  private final Process process;
  private final Deque<String> lastLines = new ArrayDeque<>();
  /** The ports the listening line named, in the order of the pattern's groups; empty until it came. */
  private volatile List<Integer> ports = List.of();

  private ServerProcess(String name, Process process, Pattern listening) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(() -> read(listening), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} with {@code env} added; its ports are the groups of {@code listening} on an output line. */
  static ServerProcess start(String name, List<String> command, Map<String, String> env, Pattern listening)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new ServerProcess(name, builder.start(), listening);
  }

  /** Waits for the port line; fails with the last output if the process ends or stays silent. */
  ServerProcess awaitListening(long seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(seconds);
    while (ports.isEmpty()) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(name + " did not start listening; output:\n" + lastOutput());
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** The first port the listening line named (HTTP). */
  int port() {
    return ports.get(0);
  }

  /** The {@code group}-th port the listening line named, from 1. */
  int port(int group) {
    return ports.get(group - 1);
  }

  /**
   * {@code -Djar}, else the packaged gateway jar seen from the repository root (exec:java, java) or from gateway/
   * (the benchmark IT).
   */
  static Path gatewayJar() {
    String given = System.getProperty("jar");
    List<Path> candidates = given != null ? List.of(Path.of(given))
        : List.of(Path.of("gateway", "target", "gympulse-gateway.jar"), Path.of("target", "gympulse-gateway.jar"));
    return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::toAbsolutePath)
        .orElseThrow(() -> new IllegalStateException("no gateway jar at " + candidates
            + ": run 'mvn -B -q -pl gateway -am package -DskipTests' first"));
  }

  /** This JVM's {@code java} with {@code jvmOptions}, for a command to go on. */
  static List<String> java(List<String> jvmOptions) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    return command;
  }

  long pid() {
    return process.pid();
  }

  /** Fails with the last output if the server has died (a measurement of a dead process means nothing). */
  void assertAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + "; output:\n" + lastOutput());
    }
  }

  synchronized String lastOutput() {
    return String.join("\n", lastLines);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void read(Pattern listening) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        keep(line);
        Matcher matcher = listening.matcher(line);
        if (ports.isEmpty() && matcher.find()) {
          List<Integer> found = new ArrayList<>();
          for (int group = 1; group <= matcher.groupCount(); group++) {
            found.add(Integer.parseInt(matcher.group(group)));
          }
          ports = List.copyOf(found);
        }
      }
    } catch (IOException ended) {
      // the process ended; its exit status tells the rest
    }
  }

  private synchronized void keep(String line) {
    if (lastLines.size() == KEPT_LINES) {
      lastLines.removeFirst();
    }
    lastLines.addLast(line);
  }
}
