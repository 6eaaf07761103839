package io.gympulse.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
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
  private volatile int port;

  private ServerProcess(String name, Process process, Pattern listening) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(() -> read(listening), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command} with {@code env} added; its port is group 1 of {@code listening} on an output line. */
  static ServerProcess start(String name, List<String> command, Map<String, String> env, Pattern listening)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new ServerProcess(name, builder.start(), listening);
  }

  /** Waits for the port line; fails with the last output if the process ends or stays silent. */
  ServerProcess awaitListening(long seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(seconds);
    while (port == 0) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(name + " did not start listening; output:\n" + lastOutput());
      }
      Thread.sleep(50);
    }
    return this;
  }

  int port() {
    return port;
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
        if (port == 0 && matcher.find()) {
          port = Integer.parseInt(matcher.group(1));
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
