package io.gympulse.gateway.ingest;

import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds QoS 1/2 messages that are accepted but not yet durable (so not yet acknowledged), per device
 * and in total. Past a bound, reading stops (that device, or every device); it resumes below half the
 * bound, so a store outage costs the gateway bounded memory and devices simply wait for their
 * acknowledgements. Confined to the MQTT verticle's context.
 */
final class UnackedBudget {

  private static final Logger LOG = LoggerFactory.getLogger(UnackedBudget.class);

  private final int perDevice;
  private final int total;
  private final Collection<DeviceSession> sessions;
  private int inFlight;
  private boolean allPaused;

  UnackedBudget(int perDevice, int total, Collection<DeviceSession> sessions) {
    this.perDevice = perDevice;
    this.total = total;
    this.sessions = sessions;
  }

  void taken(DeviceSession session) {
    session.unacked++;
    inFlight++;
    if (session.unacked >= perDevice && !session.paused) {
      session.paused = true;
      session.updateReads(System.currentTimeMillis());
      LOG.debug("device reads paused: unacknowledged budget used [client: {}, unacked: {}]",
          session.identity.clientId(), session.unacked);
    }
    if (inFlight >= total && !allPaused) {
      allPaused = true;
      setAllPaused(true);
      LOG.warn("all device reads paused: {} messages wait for the store", inFlight);
    }
  }

  void returned(DeviceSession session) {
    session.unacked--;
    inFlight--;
    if (allPaused && inFlight <= total / 2) {
      allPaused = false;
      setAllPaused(false);
      LOG.info("device reads resumed [unacked: {}]", inFlight);
    }
    if (session.paused && session.unacked <= perDevice / 2) {
      session.paused = false;
      session.updateReads(System.currentTimeMillis());
    }
  }

  /** A newly connected device starts paused if every device is. */
  void joined(DeviceSession session) {
    session.allPaused = allPaused;
    session.updateReads(System.currentTimeMillis());
  }

  private void setAllPaused(boolean pause) {
    long now = System.currentTimeMillis();
    sessions.forEach(s -> {
      s.allPaused = pause;
      s.updateReads(now);
    });
  }
}
