package io.gympulse.load.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.load.LocalGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fleet driver against the packaged gateway on real sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetDriverTest {

  private static final Pattern ACCEPTED_TRANSITIONS = Pattern.compile(
      "^gympulse_mqtt_messages_accepted_total\\{[^}]*outcome=\"transition\"[^}]*} (\\S+)$", Pattern.MULTILINE);

  private static Vertx vertx;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startVertx() {
    // a blocked driver loop shows up as a warning at once instead of Vert.x's default 2 s
    vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(300).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  /** Verifies that every transition published is acknowledged and counted by the gateway as one transition. */
  @Test
  void everyPublishedTransitionIsAcknowledgedAndAcceptedAsATransition() throws Exception {
    try (LocalGateway gateway = LocalGateway.start()) {
      // GIVEN a hub (54 machines) and 10 sensors at 50 transitions a second for 3 s: each machine changes 2 or 3 times
      FleetOptions options = FleetOptions.defaults().withMqttUrl(gateway.mqttUrl()).withRate(50)
          .withDurationSeconds(3).withDevices(1, 10);
      double before = acceptedTransitions(gateway);

      // WHEN it runs to its end
      FleetSummary summary = await(FleetDriver.run(vertx, options));

      // THEN each publish was acknowledged, the rate was held, and the gateway took each as a transition
      assertEquals(11, summary.connected(), summary.line());
      assertEquals(0, summary.refused(), summary.line());
      assertEquals(0, summary.failed(), summary.line());
      assertTrue(summary.published() > 0, summary.line());
      assertEquals(summary.published(), summary.acknowledged(), summary.line());
      assertTrue(summary.achievedRate() >= 40 && summary.achievedRate() <= 52, summary.line());
      assertEquals(summary.published(), acceptedTransitions(gateway) - before, summary.line());
    }
  }

  /** Verifies that a forced status shows in the gateway's REST state and is not flipped back by the fleet. */
  @Test
  void forcedStatusShowsInRestAndStays() throws Exception {
    try (LocalGateway gateway = LocalGateway.start()) {
      // GIVEN 5 sensors, each flipped 4 times a second
      FleetDriver driver = await(FleetDriver.start(vertx, FleetOptions.defaults().withMqttUrl(gateway.mqttUrl())
          .withRate(20).withDurationSeconds(30).withDevices(0, 5)));
      FleetMachine machine = driver.machines().get(0);

      // WHEN the member journey's machine is made busy, then freed
      await(driver.publish(machine.gymId(), machine.machineId(), "occupied"));
      assertEquals("occupied", restStatus(gateway, machine.machineId()));
      await(driver.publish(machine.gymId(), machine.machineId(), "free"));

      // THEN it is free, and still free a second later while the other machines go on changing
      assertEquals("free", restStatus(gateway, machine.machineId()));
      double transitionsBefore = acceptedTransitions(gateway);
      Thread.sleep(1000);
      assertEquals("free", restStatus(gateway, machine.machineId()));
      assertTrue(acceptedTransitions(gateway) > transitionsBefore + 10, "the other machines kept changing");
      FleetSummary summary = await(driver.stop());
      assertEquals(0, summary.failed(), summary.line());
    }
  }

  /** Verifies that a rate the gateway would throttle (over 50 a second for one machine) is refused before connecting. */
  @Test
  void rateAboveWhatTheGatewayAcceptsPerMachineIsRefused() {
    FleetOptions tooFast = FleetOptions.defaults().withRate(51).withDevices(0, 1);

    ExecutionException refused = assertThrows(ExecutionException.class, () -> await(FleetDriver.start(vertx, tooFast)));

    assertTrue(refused.getCause() instanceof IllegalArgumentException, refused.getCause().toString());
    assertTrue(refused.getCause().getMessage().contains("add hubs or sensors"), refused.getCause().getMessage());
  }

  /** Verifies that a machine the fleet does not drive cannot be forced. */
  @Test
  void forcingAMachineOutsideTheFleetFails() throws Exception {
    try (LocalGateway gateway = LocalGateway.start()) {
      FleetDriver driver = await(FleetDriver.start(vertx, FleetOptions.defaults().withMqttUrl(gateway.mqttUrl())
          .withRate(1).withDurationSeconds(30).withDevices(0, 1)));
      List<FleetMachine> driven = driver.machines();

      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> await(driver.publish(driven.get(0).gymId(), "no-such-machine", "free")));

      assertTrue(refused.getCause() instanceof IllegalArgumentException, refused.getCause().toString());
      await(driver.stop());
    }
  }

  private static double acceptedTransitions(LocalGateway gateway) throws IOException, InterruptedException {
    String metrics = get(gateway, "/metrics");
    double total = 0;
    Matcher line = ACCEPTED_TRANSITIONS.matcher(metrics);
    while (line.find()) {
      total += Double.parseDouble(line.group(1));
    }
    return total;
  }

  private static String restStatus(LocalGateway gateway, String machineId) throws IOException, InterruptedException {
    return new JsonObject(get(gateway, "/machines/" + machineId)).getString("status");
  }

  private static String get(LocalGateway gateway, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return response.body();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
