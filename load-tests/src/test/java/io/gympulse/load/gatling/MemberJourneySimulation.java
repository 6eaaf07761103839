package io.gympulse.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A member's "notify me when free", end to end: {@code POST /sessions} → an alert on a busy machine → a WebSocket with
 * the token → the fleet frees the machine → the alert frame arrives, once → the alert is deleted. Each member has a
 * machine of their own, which only this simulation's devices change.
 *
 * <p>{@code -DjourneyMembers} (10), {@code -DrampSeconds} (3), {@code -DbaseUrl}/{@code -DmqttUrl}.
 */
public class MemberJourneySimulation extends Simulation {

  private static final Target TARGET = Target.get();
  private static final int MEMBERS = Integer.getInteger("journeyMembers", 10);
  private static final Duration RAMP = Duration.ofSeconds(Integer.getInteger("rampSeconds", 3));
  private static final Fleet DEVICES = Fleet.onDemand(TARGET, RAMP.plusSeconds(60));

  private static final HttpProtocolBuilder PROTOCOL = http.baseUrl(TARGET.baseUrl()).wsBaseUrl(TARGET.wsUrl())
      // keeps the frames no check waited for, so that a second alert would be seen
      .wsUnmatchedInboundMessageBufferSize(1000)
      .acceptHeader("application/json").contentTypeHeader("application/json").userAgentHeader("gympulse-load-tests");

  /** One machine of the fleet per member (read once the fleet has started). */
  private static final Iterator<Map<String, Object>> MACHINES = Stream.iterate(0, i -> i + 1)
      .map(i -> DEVICES.machines().get(i % DEVICES.machines().size()))
      .map(machine -> Map.<String, Object>of("gymId", machine.gymId(), "machineId", machine.machineId()))
      .iterator();

  private static final ScenarioBuilder JOURNEY = scenario("member journey")
      .feed(MACHINES)
      .exec(http("create session").post("/sessions").check(status().in(200, 201), jsonPath("$.token").saveAs("token")))
      // the machine is busy before the member asks (a free one is answered 409 target_free: go now)
      .exec(session -> {
        DEVICES.report(session.getString("gymId"), session.getString("machineId"), "occupied", Duration.ZERO);
        return session.set("status", "");
      })
      .asLongAs(session -> !"occupied".equals(session.getString("status")), "tries").on(exec(
          http("machine busy yet").get("/machines/#{machineId}").check(jsonPath("$.status").saveAs("status")))
          .pause(Duration.ofMillis(100)))
      .exec(http("create alert").post("/alerts").header("Authorization", "Bearer #{token}")
          .body(StringBody("{\"machineId\":\"#{machineId}\",\"expiresInMinutes\":30}"))
          .check(status().in(200, 201), jsonPath("$.alertId").saveAs("alertId")))
      .exec(ws("connect with token").connect("/ws?token=#{token}"))
      // freed a moment later, so that the check below is already waiting when the alert comes
      .exec(session -> {
        DEVICES.report(session.getString("gymId"), session.getString("machineId"), "free", Duration.ofMillis(300));
        return session;
      })
      .exec(ws("alert arrives").sendText("{\"action\":\"ping\"}").await(10).on(
          ws.checkTextMessage("alert").matching(substring("\"type\":\"alert\""))
              .check(jsonPath("$.alertId").isEL("#{alertId}"))))
      .pause(Duration.ofSeconds(2))
      .exec(ws.processUnmatchedMessages((messages, session) -> session.set("alertsAgain", messages.stream()
          .filter(message -> message instanceof io.gatling.http.action.ws.WsInboundMessage.Text text
              && text.message().contains("\"type\":\"alert\""))
          .count())))
      .exec(http("alert delivered once").get("/health")
          .check(bodyString().transformWithSession((body, session) -> session.getLong("alertsAgain")).is(0L)))
      .exec(http("delete alert").delete("/alerts/#{alertId}").header("Authorization", "Bearer #{token}")
          .check(status().in(200, 204)))
      .exec(ws("close").close());

  {
    setUp(JOURNEY.injectOpen(rampUsers(MEMBERS).during(RAMP))).protocols(PROTOCOL).assertions(
        // the check is reported as "alert", timed from the ping it waits behind (the machine is freed 300 ms later)
        details("alert").responseTime().percentile(99.0).lt(2000),
        details("alert").successfulRequests().count().is((long) MEMBERS),
        global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    DEVICES.start();
  }

  @Override
  public void after() {
    DEVICES.stop();
  }
}
