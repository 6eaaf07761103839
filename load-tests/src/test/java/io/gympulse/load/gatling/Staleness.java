package io.gympulse.load.gatling;

import static io.gatling.javaapi.http.HttpDsl.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import scala.Option;
import scala.Some;

/**
 * How stale a member's view is: for every {@code machine} update a member receives, the receive time minus the
 * device's {@code timestamp}, recorded in Gatling's statistics as a request of its own ({@link #METRIC}), so the
 * report charts its distribution and assertions can hold its percentiles. Gatling's open-source DSL has no custom
 * metrics, so {@link #record} is a small action on its core API (the one its own protocols use).
 *
 * <p>The device clock and the member's clock must agree: true for a local run (one machine); against a deployed
 * stack, run the fleet driver and Gatling on NTP-synchronised machines, or read the figure as an upper bound.
 */
public final class Staleness {

  /** The request name the staleness samples carry in the report. */
  public static final String METRIC = "machine update staleness";
  private static final String SAMPLES = "gympulse.staleness";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Staleness() {
  }

  /** Takes the updates the member received since the last call (those no check waited for) into the session. */
  public static ActionBuilder collect() {
    return ws.processUnmatchedMessages((messages, session) -> {
      List<long[]> samples = new ArrayList<>(session.contains(SAMPLES) ? session.<long[]>getList(SAMPLES) : List.of());
      for (WsInboundMessage message : messages) {
        if (message instanceof WsInboundMessage.Text text) {
          machineTimestamps(text.message()).forEach(published -> samples.add(new long[] {published, message.timestamp()}));
        }
      }
      return session.set(SAMPLES, samples);
    });
  }

  /** Logs the collected samples as {@link #METRIC}: OK, or KO when older than {@code stale}. */
  public static ActionBuilder record(Duration stale) {
    io.gatling.core.action.builder.ActionBuilder scala = new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext context, Action next) {
        return new Record(context.coreComponents().statsEngine(), next, stale.toMillis());
      }
    };
    return () -> scala;
  }

  /** The device timestamps (epoch ms) of the {@code machine} messages in a frame (one object or an array). */
  static List<Long> machineTimestamps(String frame) {
    List<Long> found = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(frame);
      for (JsonNode message : root.isArray() ? root : List.of(root)) {
        if ("machine".equals(message.path("type").asText()) && message.path("timestamp").isNumber()) {
          found.add(Math.round(message.path("timestamp").asDouble() * 1000));
        }
      }
    } catch (IOException notJson) {
      // not an update: nothing to measure
    }
    return found;
  }

  /** The action: one response per sample, from the device's timestamp to the moment the frame arrived. */
  private static final class Record implements Action {
    private final StatsEngine stats;
    private final Action next;
    private final long staleMillis;
    private com.typesafe.scalalogging.Logger logger =
        com.typesafe.scalalogging.Logger$.MODULE$.apply(org.slf4j.LoggerFactory.getLogger(Staleness.class));

    Record(StatsEngine stats, Action next, long staleMillis) {
      this.stats = stats;
      this.next = next;
      this.staleMillis = staleMillis;
    }

    @Override
    public String name() {
      return "record-staleness";
    }

    @Override
    public void execute(io.gatling.core.session.Session scala) {
      Session session = new Session(scala);
      if (session.contains(SAMPLES)) {
        for (long[] sample : session.<long[]>getList(SAMPLES)) {
          boolean fresh = sample[1] - sample[0] <= staleMillis;
          stats.logResponse(scala.scenario(), scala.groups(), METRIC, sample[0], sample[1],
              fresh ? OK$.MODULE$ : KO$.MODULE$, Option.empty(),
              fresh ? Option.empty() : new Some<>("older than " + staleMillis + " ms"));
        }
      }
      next.$bang(session.remove(SAMPLES).asScala());
    }

    @Override
    public com.typesafe.scalalogging.Logger logger() {
      return logger;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(com.typesafe.scalalogging.Logger logger) {
      this.logger = logger;
    }
  }
}
