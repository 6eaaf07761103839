package io.gympulse.gateway.upstream;

import io.gympulse.gateway.config.UpstreamConfig;
import io.gympulse.gateway.ingest.StatusPayloadParser;
import io.gympulse.gateway.lifecycle.Component;
import io.gympulse.gateway.lifecycle.Deployment;
import io.gympulse.gateway.metrics.BoundedRateLog;
import io.gympulse.gateway.state.ChangeCause;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.StateChange;
import io.gympulse.gateway.state.StateJournal;
import io.gympulse.gateway.state.StatusReport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable path in upstream mode: one shared subscription ({@code $share/{group}/org/+/machines/+/status}) on a
 * session the broker keeps, so each message goes to one instance, which stores the transition it caused and only
 * then acknowledges it to the broker. An instance that dies before that leaves the message unacknowledged in its
 * session, and the broker sends it again when that session's client id connects again.
 *
 * <p>The transition is the one the live path's applying of the same report caused on this instance (see {@link
 * UpstreamJournal}), so every instance would store the same event; only when the live path has not applied it within
 * {@link #LIVE_PATH_PATIENCE} (a redelivery after a restart) does the durable path apply it itself.
 */
public final class DurablePath {

  private static final Logger LOG = LoggerFactory.getLogger(DurablePath.class);
  private static final BoundedRateLog REJECTIONS = new BoundedRateLog(LOG, 5, 10_000);
  private static final BoundedRateLog LATE_LIVE_PATH = new BoundedRateLog(LOG, 5, 10_000);
  /**
   * How long a message waits for the live path to apply it before the durable path applies it itself. Long: applying
   * a report ahead of the live path makes the reports the live path still has to apply before it look stale, and
   * their transitions would go unstored; a busy instance's live path can lag by seconds. The wait is only felt by
   * messages the live path never brings (sent again long after, or while the live connection is down).
   */
  private static final Duration LIVE_PATH_PATIENCE = Duration.ofSeconds(20);

  private final LiveState state;
  private final Context writer;
  private final UpstreamJournal journal;
  private final StateJournal recorder;
  private final StatusPayloadParser parser;
  private final Clock clock;

  public DurablePath(LiveState state, Context writer, UpstreamJournal journal, StateJournal recorder,
      StatusPayloadParser parser, Clock clock) {
    this.state = state;
    this.writer = writer;
    this.journal = journal;
    this.recorder = recorder;
    this.parser = parser;
    this.clock = clock;
  }

  /**
   * This instance's durable session ({@code {group}-{instanceId}-durable}), announced on the broker so that others
   * adopt it if this instance dies, and the adoption of the sessions of instances that died.
   */
  public List<Component> components(Vertx vertx, UpstreamConfig broker, String instanceId, UpstreamHealth health) {
    String clientId = broker.shareGroup() + "-" + instanceId + "-durable";
    BrokerConnection connection = session(broker, clientId).announcing(Presence.of(broker.shareGroup(), instanceId,
        clientId));
    health.watch("durable", connection);
    return List.of(new Deployment(vertx, connection), new Deployment(vertx, new SessionAdoption(broker, instanceId, this)));
  }

  /** The session of a gone instance, taken over to store what it holds, then released. */
  BrokerConnection adopting(UpstreamConfig broker, Presence gone) {
    return session(broker, gone.durableClientId()).announcing(gone);
  }

  private BrokerConnection session(UpstreamConfig broker, String clientId) {
    return new BrokerConnection(broker, clientId, true, false,
        List.of("$share/" + broker.shareGroup() + "/org/+/machines/+/status"), this::accept);
  }

  /** Stores what {@code message} changed, then acknowledges it; a message that can never be stored is acknowledged. */
  void accept(UpstreamMessage message) {
    StatusMessage read = StatusMessage.read(message, state.catalog(), parser, clock.millis());
    if (read instanceof StatusMessage.Refused refused) {
      // counted by the live path, which sees the same message; sending it again would not make it valid
      REJECTIONS.warn("durable path acknowledges a message it cannot store [topic: {}, reason: {}]", message.topic(),
          refused.reason().code());
      message.ack();
    } else if (read instanceof StatusMessage.Will will) {
      String machineId = will.machineId();
      writer.runOnContext(v -> storeThenAck(machineId, message, journal.takeWill(machineId), () -> {
        journal.forgetWill(machineId);
        return state.markOffline(machineId, ChangeCause.LAST_WILL, clock.millis() / 1000.0);
      }));
    } else if (read instanceof StatusMessage.Report report) {
      StatusReport taken = report.report();
      writer.runOnContext(v -> storeThenAck(taken.machineId(), message, journal.take(taken), () -> {
        journal.forget(taken);
        return state.apply(taken).transition();
      }));
    }
  }

  /**
   * Stores the transition the live path's applying of a message caused here, then acknowledges the message. If the
   * live path has not applied it within {@link #LIVE_PATH_PATIENCE} (a redelivery after a restart, or that connection
   * is down), {@code applyHere} applies it and gives its transition instead. On the writer context.
   */
  private void storeThenAck(String machineId, UpstreamMessage message, Future<Optional<StateChange>> fromLivePath,
      Supplier<Optional<StateChange>> applyHere) {
    fromLivePath.timeout(LIVE_PATH_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
        .recover(late -> {
          LATE_LIVE_PATH.warn("the live path has not applied a message within {} s: the durable path applies it "
              + "[machine: {}, topic: {}]", LIVE_PATH_PATIENCE.toSeconds(), machineId, message.topic());
          return Future.succeededFuture(applyHere.get());
        })
        .onSuccess(change -> {
          change.ifPresent(recorder::record);
          recorder.whenDurable(machineId).onSuccess(durable -> message.ack());
        });
  }
}
