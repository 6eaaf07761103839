package io.gympulse.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gympulse.load.fleet.FleetMachine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Members on {@code /ws} while the device fleet publishes: how many the gateway holds and how stale their view gets.
 * Most follow one category of a branch, some a whole branch, a few single machines, as the web app's pages do; each
 * checks its {@code subscribed} and snapshot, then stays, and every machine update it receives is recorded as
 * {@value Staleness#METRIC} (receive time minus the device's timestamp).
 *
 * <p>{@code -Dmembers} (50), {@code -DrampSeconds} (3), {@code -DdurationSeconds} (10), {@code -Drate} (fleet
 * transitions a second, 20), {@code -DbaseUrl}/{@code -DmqttUrl} (a gateway of yours; without, one is started).
 */
public class FanoutSimulation extends Simulation {

  private static final Target TARGET = Target.get();
  private static final int MEMBERS = Integer.getInteger("members", 50);
  private static final Duration RAMP = Duration.ofSeconds(Integer.getInteger("rampSeconds", 3));
  private static final Duration STAY = Duration.ofSeconds(Integer.getInteger("durationSeconds", 10));
  private static final int RATE = Integer.getInteger("rate", 20);
  /** A member whose update is older than this counts the update as KO. */
  private static final Duration STALE = Duration.ofSeconds(1);

  /** Updates no check waits for are kept (up to this many a member) until {@link Staleness#collect} takes them. */
  private static final int UNMATCHED_BUFFER = 10_000;

  private static final HttpProtocolBuilder PROTOCOL = http.baseUrl(TARGET.baseUrl()).wsBaseUrl(TARGET.wsUrl())
      .wsUnmatchedInboundMessageBufferSize(UNMATCHED_BUFFER)
      .acceptHeader("application/json").userAgentHeader("gympulse-load-tests");

  private static final ChainBuilder SUBSCRIBE = ws("subscribe")
      .sendText("{\"action\":\"subscribe\",\"topics\":[\"#{topic}\"]}")
      // the reply and the snapshot usually share a frame (a JSON array); the snapshot is what must come
      .await(10).on(ws.checkTextMessage("snapshot").matching(substring("\"type\":\"snapshot\""))
          .check(regex("\"type\":\"snapshot\",\"topic\":\"#{topic}\"")))
      .toChainBuilder();

  private static final ScenarioBuilder MEMBERS_WATCHING = scenario("members watching")
      .exec(session -> session.set("topic", topic()))
      .exec(ws("connect /ws").connect("/ws"))
      .exec(SUBSCRIBE)
      .during(STAY).on(pause(Duration.ofSeconds(1)).exec(Staleness.collect(), Staleness.record(STALE)))
      .exec(Staleness.collect(), Staleness.record(STALE))
      .exec(ws("close").close());

  private static final List<Assertion> ASSERTIONS = List.of(
      details("connect /ws").responseTime().percentile(99.0).lt(2000),
      // a ws check is reported under its own name, timed from the send it waits behind
      details("snapshot").responseTime().percentile(99.0).lt(2000),
      details(Staleness.METRIC).responseTime().percentile(99.0).lt((int) STALE.toMillis()),
      details(Staleness.METRIC).allRequests().count().gt(0L),
      global().failedRequests().count().is(0L));

  private static final Fleet FLEET = Fleet.publishing(TARGET, RATE, RAMP.plus(STAY).plusSeconds(30));

  {
    PopulationBuilder members = MEMBERS_WATCHING.injectOpen(rampUsers(MEMBERS).during(RAMP));
    setUp(members).protocols(PROTOCOL).assertions(ASSERTIONS);
  }

  @Override
  public void before() {
    FLEET.start();
  }

  @Override
  public void after() {
    FLEET.stop();
  }

  /** Of a machine the fleet drives: 80 % its category at its branch, 15 % its whole branch, 5 % the machine. */
  private static String topic() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<FleetMachine> machines = FLEET.machines();
    FleetMachine machine = machines.get(random.nextInt(machines.size()));
    int dice = random.nextInt(100);
    if (dice < 80) {
      return "branches/" + machine.gymId() + "/categories/" + machine.category();
    }
    return dice < 95 ? "branches/" + machine.gymId() : "machines/" + machine.machineId();
  }
}
