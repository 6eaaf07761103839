package io.gympulse.gateway.testing;

import io.gympulse.gateway.store.dynamodb.DynamoClients;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * A real DynamoDB-protocol server for tests: dynalite (npm, MIT), installed by the build from the pinned
 * {@code gateway/package-lock.json}, on a free loopback port, persisting to a temporary directory so it
 * can be stopped and restarted without losing data (outage tests).
 */
public final class Dynalite implements AutoCloseable {

  /** Installed in gateway/ by the build; tests run there, benchmarks from the repository root. */
  private static final Path BINARY = java.util.stream.Stream.of(
          Path.of("node_modules", ".bin", "dynalite"), Path.of("gateway", "node_modules", ".bin", "dynalite"))
      .filter(Files::isExecutable).findFirst().orElse(Path.of("node_modules", ".bin", "dynalite"));

  private final int port;
  private final Path dataDir;
  /** Stops the server if the JVM exits without {@link #close()}, e.g. a benchmark ending in System.exit. */
  private final Thread stopAtExit = new Thread(this::stop, "dynalite-stop-at-exit");
  private volatile Process process;

  private Dynalite(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  public static Dynalite start() throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY.toAbsolutePath() + " is missing: the build installs it with 'npm ci' "
          + "(run the tests through Maven from the repository root)");
    }
    Dynalite dynalite = new Dynalite(freePort(), dataDirectory());
    Runtime.getRuntime().addShutdownHook(dynalite.stopAtExit);
    try {
      dynalite.startProcess();
    } catch (IOException | RuntimeException e) {
      dynalite.close();
      throw e;
    }
    return dynalite;
  }

  /**
   * In memory where the machine has a tmpfs: on disk, LevelDB now and then sat on writes for over 10 s (the SDK's read
   * timeout) when several gateways wrote at once, which real DynamoDB never does.
   */
  private static Path dataDirectory() throws IOException {
    Path memory = Path.of("/dev/shm");
    return Files.isDirectory(memory) && Files.isWritable(memory) ? Files.createTempDirectory(memory, "dynalite")
        : Files.createTempDirectory("dynalite");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * dynalite rethrows a request's error ({@code req.on('error', err => { throw err })} in its index.js), so one
   * request a client gives up on (the SDK cancels attempts that time out on a busy machine) kills the whole
   * server with ECONNRESET, and every later test of the class sees "connection refused". A real DynamoDB shrugs
   * that off; this wrapper makes dynalite do the same and still lets any other error end it.
   */
  private static final String KEEP_SERVING_ON_ABORTED_REQUESTS = "process.on('uncaughtException', e => {"
      + " if (e && e.code === 'ECONNRESET') { console.error('a client aborted a request: ' + e.message); return; }"
      + " console.error(e); process.exit(1); });"
      + " process.argv.splice(1, 0, 'dynalite'); require(process.env.DYNALITE_CLI);";

  private void startProcess() throws IOException {
    ProcessBuilder builder = new ProcessBuilder("node", "-e", KEEP_SERVING_ON_ABORTED_REQUESTS, "--",
        "--port", Integer.toString(port), "--host", "127.0.0.1",
        "--path", dataDir.resolve("db").toString(), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("dynalite.log").toFile());
    builder.environment().put("DYNALITE_CLI", BINARY.toRealPath().toString());
    process = builder.start();
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IOException("dynalite exited: " + Files.readString(dataDir.resolve("dynalite.log")));
        }
        sleep(50);
      }
    }
    throw new IOException("dynalite did not listen on port " + port);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** A client for this server, as the gateway builds its own. */
  public DynamoDbAsyncClient client() {
    return DynamoClients.create(Optional.of(endpoint()), "eu-west-1");
  }

  /** Kills the server, simulating an outage; data on disk stays for {@link #restart()}. */
  public void stop() {
    Process process = this.process;
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the server again on the same port with the same data. */
  public void restart() throws IOException {
    startProcess();
  }

  /** Stops the server and deletes its data (in memory, it would hold the machine's RAM until a reboot). */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down: the hook runs anyway and finds the server stopped
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException leftBehind) {
      // a temporary directory left behind harms no later run
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
