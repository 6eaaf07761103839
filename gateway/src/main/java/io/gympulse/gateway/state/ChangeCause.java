package io.gympulse.gateway.state;

import java.util.Locale;

/** Why a machine's status changed: the device said so, or the gateway concluded it is gone. */
public enum ChangeCause {
  DEVICE, LAST_WILL, HEARTBEAT_TIMEOUT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
