package io.gympulse.gateway.ingest;

import io.gympulse.gateway.ingest.DeviceEndpoint.ReadHold;
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
  private final Collection<DeviceEndpoint> devices;
  private int inFlight;
  private boolean allPaused;

  UnackedBudget(int perDevice, int total, Collection<DeviceEndpoint> devices) {
    this.perDevice = perDevice;
    this.total = total;
    this.devices = devices;
  }

  void taken(DeviceEndpoint device) {
    int unacked = device.unackedTaken();
    inFlight++;
    if (unacked >= perDevice && device.holdReads(ReadHold.OWN_BUDGET)) {
      LOG.debug("device reads paused: unacknowledged budget used [client: {}, unacked: {}]", device.clientId(),
          unacked);
    }
    if (inFlight >= total && !allPaused) {
      allPaused = true;
      devices.forEach(d -> d.holdReads(ReadHold.TOTAL_BUDGET));
      LOG.warn("all device reads paused: {} messages wait for the store", inFlight);
    }
  }

  void returned(DeviceEndpoint device) {
    int unacked = device.unackedReturned();
    inFlight--;
    if (allPaused && inFlight <= total / 2) {
      allPaused = false;
      devices.forEach(d -> d.releaseReads(ReadHold.TOTAL_BUDGET));
      LOG.info("device reads resumed [unacked: {}]", inFlight);
    }
    if (unacked <= perDevice / 2) {
      device.releaseReads(ReadHold.OWN_BUDGET);
    }
  }

  /** A newly connected device starts paused if every device is. */
  void joined(DeviceEndpoint device) {
    if (allPaused) {
      device.holdReads(ReadHold.TOTAL_BUDGET);
    }
  }
}
