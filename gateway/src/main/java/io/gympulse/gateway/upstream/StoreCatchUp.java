package io.gympulse.gateway.upstream;

import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.store.MachineStore;
import io.vertx.core.Context;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the gap a live path cannot see: what was published while this instance was not subscribed (it was starting
 * after its warm load, or cut off from the broker while the others were not). The others stored it, so after every
 * connect of a live connection this instance reads the current states from the store and takes what is newer (see
 * {@link LiveState#catchUp}). The subscription comes first, so anything missing from the read arrives live.
 * Requests that come while a read runs are served by one more read after it.
 */
public final class StoreCatchUp {

  private static final Logger LOG = LoggerFactory.getLogger(StoreCatchUp.class);

  private final LiveState state;
  private final MachineStore store;
  private final Context writer;
  private final Clock clock;
  /** Confined to the writer context. */
  private boolean reading;
  private boolean again;

  public StoreCatchUp(LiveState state, MachineStore store, Context writer, Clock clock) {
    this.state = state;
    this.store = store;
    this.writer = writer;
    this.clock = clock;
  }

  /** Asks for a catch-up, from any thread. */
  public void request() {
    writer.runOnContext(v -> {
      if (reading) {
        again = true;
      } else {
        read();
      }
    });
  }

  private void read() {
    reading = true;
    again = false;
    store.loadCurrentStates().onComplete(loaded -> writer.runOnContext(v -> {
      if (loaded.succeeded()) {
        int changed = state.catchUp(loaded.result(), clock.millis()).size();
        LOG.info("caught up with the store [machines changed: {}]", changed);
      } else {
        // the live path still applies what comes; a later reconnect asks again
        LOG.warn("could not catch up with the store [reason: {}]", loaded.cause().toString());
      }
      reading = false;
      if (again) {
        read();
      }
    }));
  }
}
