package io.gympulse.gateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker (the apt package, {@code /usr/sbin/mosquitto}; {@code .ci/run} installs it) on a free
 * loopback port, with its persistence in a temporary directory. It can be stopped (SIGTERM: it saves its sessions),
 * killed, and started again on the same port, as a broker that restarts.
 */
public final class Mosquitto implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Path directory;
  private final int port;
  private final boolean persistence;
  private final List<String> listenerOptions;
  private Process process;

  private Mosquitto(Path directory, int port, boolean persistence, List<String> listenerOptions) {
    this.directory = directory;
    this.port = port;
    this.persistence = persistence;
    this.listenerOptions = listenerOptions;
  }

  /** Starts a broker; with {@code persistence} it keeps sessions and subscriptions across a stop and start. */
  public static Mosquitto start(boolean persistence) throws IOException, InterruptedException {
    return start(persistence, List.of());
  }

  /**
   * Starts a broker that speaks MQTT over TLS only and requires a client certificate, as AWS IoT Core does:
   * {@code certs} holds {@code ca.pem} (it signs the server's and the accepted clients' certificates),
   * {@code server.pem} and {@code server-key.pem} ({@code DevCertificates.init} writes them).
   */
  public static Mosquitto startMutualTls(Path certs) throws IOException, InterruptedException {
    // Started as root (CI), Mosquitto drops to its own user, which cannot read a JUnit temporary directory (0700):
    // the broker reads copies in a directory anyone may read. They are test-only keys.
    Path readable = Files.createTempDirectory("mosquitto-tls", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    for (String file : List.of("ca.pem", "server.pem", "server-key.pem")) {
      Files.copy(certs.resolve(file), readable.resolve(file));
      Files.setPosixFilePermissions(readable.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
    }
    return start(false, List.of("cafile " + readable.resolve("ca.pem"), "certfile " + readable.resolve("server.pem"),
        "keyfile " + readable.resolve("server-key.pem"), "require_certificate true", "tls_version tlsv1.2"));
  }

  private static Mosquitto start(boolean persistence, List<String> listenerOptions) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the broker with `apt-get install mosquitto` "
          + "(.ci/run does it)");
    }
    Mosquitto broker = new Mosquitto(Files.createTempDirectory("mosquitto"), freePort(), persistence, listenerOptions);
    broker.startAgain();
    return broker;
  }

  /** Starts the broker again on the same port (after {@link #stop()} or {@link #kill()}). */
  public void startAgain() throws IOException, InterruptedException {
    Path config = directory.resolve("mosquitto.conf");
    List<String> lines = new ArrayList<>(List.of("listener " + port + " 127.0.0.1"));
    lines.addAll(listenerOptions);
    lines.addAll(List.of(
        "allow_anonymous true",
        "persistence " + persistence,
        "persistence_location " + directory + "/",
        "log_dest stdout",
        "log_type error",
        "log_type warning",
        ""));
    Files.writeString(config, String.join("\n", lines));
    process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("mosquitto did not start: " + Files.readString(directory.resolve("mosquitto.log")));
      }
      Thread.sleep(20);
    }
  }

  /** Stops the broker as a service stop does (SIGTERM); it saves its state first when persistent. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Kills the broker (SIGKILL): connections drop without a goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
