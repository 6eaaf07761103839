package io.gympulse.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The documented benchmark and backtest commands, each run for a few seconds as its own process (as
 * {@code exec:java} runs them): they finish, print their figures, exit 0 and leave no process behind; a
 * failing one says why on stderr and exits non-zero instead of hanging. Not a performance test: no figure
 * is compared with a target, except the backtest's, which is exact and quoted by docs/insights.md.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BenchmarkCommandsIT {

  private static final long PROCESS_TIMEOUT_SECONDS = 180;
  private static final Pattern QUOTED_BACKTEST = Pattern.compile(
      "([\\d,]+) predictions;\\s+Brier\\s+\\*\\*([\\d.]+)\\*\\*\\s+for the forecast against\\s+\\*\\*([\\d.]+)\\*\\*");
  private static final Pattern PRINTED_BACKTEST = Pattern.compile(
      "(\\d+) predictions; Brier score: forecast ([\\d.]+), baseline \"same as now\" ([\\d.]+)");

  /** What a finished command left: exit status, output, and the child processes seen while it ran. */
  private record Run(int exitStatus, String stdout, String stderr, Set<ProcessHandle> children) {
  }

  /**
   * Verifies that the fan-out benchmark connects more clients from one address than the default budget of
   * 600 requests a minute per address, delivers, reports and exits 0.
   */
  @Test
  void fanoutBenchmarkRunsAndReports() throws Exception {
    Run run = benchmark(FanoutBenchmark.class, "-Dclients=700", "-Dupdates=50", "-Drate=50");

    assertSucceeded(run);
    assertTrue(run.stdout().contains("delivered"), run.stdout());
    assertTrue(run.stdout().contains("latency device→client ms: p50"), run.stdout());
  }

  /** Verifies that the upstream latency benchmark runs two instances on a real Mosquitto, reports both and exits 0. */
  @Test
  void upstreamLatencyBenchmarkRunsAndReports() throws Exception {
    Run run = benchmark(UpstreamLatencyBenchmark.class, "-Dclients=20", "-Dupdates=50", "-Drate=50");

    assertSucceeded(run);
    assertTrue(run.stdout().contains("instance 1: 1000 machine messages"), run.stdout());
    assertTrue(run.stdout().contains("instance 2: 1000 machine messages"), run.stdout());
  }

  /** Verifies that the ingest benchmark on the in-memory store reports accepted transitions the store holds. */
  @Test
  void ingestBenchmarkOnMemoryRunsAndReports() throws Exception {
    Run run = benchmark(IngestBenchmark.class, "-Dstore=memory", "-Dseconds=2", "-Dwarmup=1");

    assertSucceeded(run);
    assertTrue(run.stdout().contains("transitions/s"), run.stdout());
    assertTrue(run.stdout().contains("events in the store"), run.stdout());
  }

  /** Verifies that the ingest benchmark on dynalite reports, exits 0 and stops the dynalite it started. */
  @Test
  void ingestBenchmarkOnDynaliteRunsReportsAndStopsDynalite() throws Exception {
    Run run = benchmark(IngestBenchmark.class, "-Dstore=dynamodb", "-Dseconds=2", "-Dwarmup=1");

    assertSucceeded(run);
    assertTrue(run.stdout().contains("events in the store"), run.stdout());
    assertFalse(run.children().isEmpty(), "dynalite was never seen running");
    assertNothingLeftRunning(run);
  }

  /** Verifies that the chat benchmark answers every request, reports and exits 0. */
  @Test
  void chatBenchmarkRunsAndReports() throws Exception {
    Run run = benchmark(ChatBenchmark.class, "-Drequests=300", "-Dconcurrency=4", "-Ddays=1");

    assertSucceeded(run);
    assertTrue(run.stdout().contains("answers/s, failures 0"), run.stdout());
  }

  /**
   * Verifies that the idle-heap benchmark measures a bare Vert.x server and a subscribed gateway, each in its own
   * process, reports bytes per connection and the difference by class, exits 0 and leaves neither server running.
   */
  @Test
  void idleHeapBenchmarkMeasuresBothServersAndStopsThem() throws Exception {
    Run run = benchmark(IdleHeapBenchmark.class, "-Dconnections=50", "-Dwarmup=10", "-Dsettle=0", "-DgcRounds=1",
        "-Dtargets=bare,subscribed");

    assertSucceeded(run);
    assertTrue(run.stdout().contains("bare Vert.x "), run.stdout());
    assertTrue(run.stdout().contains("gateway subscribed minus bare Vert.x:"), run.stdout());
    assertFalse(run.children().isEmpty(), "no server process was seen running");
    assertNothingLeftRunning(run);
  }

  /** Verifies that a benchmark failing after start-up prints its cause, exits non-zero and stops dynalite. */
  @Test
  void failingBenchmarkExitsNonZeroWithItsCauseAndStopsDynalite() throws Exception {
    Run run = benchmark(IngestBenchmark.class, "-Dstore=dynamodb", "-Dinflight=0", "-Dseconds=2", "-Dwarmup=1");

    assertNotEquals(0, run.exitStatus(), run.stdout());
    assertTrue(run.stderr().contains("MQTT_MAX_UNACKED_PER_DEVICE"), run.stderr());
    assertFalse(run.children().isEmpty(), "dynalite was never seen running");
    assertNothingLeftRunning(run);
  }

  /** Verifies that the backtest command, run as documented, prints the figures docs/insights.md quotes. */
  @Test
  void backtestCommandPrintsTheFiguresTheInsightsPageQuotes() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Matcher quoted = QUOTED_BACKTEST.matcher(Files.readString(root.resolve("docs/insights.md")));
    assertTrue(quoted.find(), "docs/insights.md no longer quotes the backtest figures in the expected form");

    Run run = run(root, List.of(java(), "-cp", "gateway/target/gympulse-gateway.jar", "io.gympulse.gateway.app.Backtest",
        "5", "30", "42"));

    assertSucceeded(run);
    Matcher printed = PRINTED_BACKTEST.matcher(run.stdout());
    assertTrue(printed.find(), run.stdout());
    assertEquals(quoted.group(1).replace(",", ""), printed.group(1));
    assertEquals(quoted.group(2), printed.group(2));
    assertEquals(quoted.group(3), printed.group(3));
  }

  private static Run benchmark(Class<?> main, String... properties) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(properties));
    command.add(main.getName());
    return run(Path.of("").toAbsolutePath(), command);
  }

  /** Runs {@code command} to its end, noting its children while it runs; a hang fails with the output so far. */
  private static Run run(Path directory, List<String> command) throws IOException, InterruptedException {
    File stdout = File.createTempFile("bench", ".out");
    File stderr = File.createTempFile("bench", ".err");
    Process process = new ProcessBuilder(command).directory(directory.toFile())
        .redirectOutput(stdout).redirectError(stderr).start();
    Set<ProcessHandle> children = new HashSet<>();
    long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(PROCESS_TIMEOUT_SECONDS);
    while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(children::add);
      if (System.currentTimeMillis() > deadline) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("still running after " + PROCESS_TIMEOUT_SECONDS + " s: " + command.get(command.size() - 1)
            + "\nstdout:\n" + Files.readString(stdout.toPath()) + "\nstderr:\n" + Files.readString(stderr.toPath()));
      }
    }
    Run run = new Run(process.exitValue(), Files.readString(stdout.toPath()), Files.readString(stderr.toPath()), children);
    Files.delete(stdout.toPath());
    Files.delete(stderr.toPath());
    return run;
  }

  private static void assertSucceeded(Run run) {
    assertEquals(0, run.exitStatus(), "stdout:\n" + run.stdout() + "\nstderr:\n" + run.stderr());
  }

  private static void assertNothingLeftRunning(Run run) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (run.children().stream().anyMatch(ProcessHandle::isAlive) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(run.children().stream().noneMatch(ProcessHandle::isAlive), "left running: " + run.children());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
