package io.gympulse.gateway.store;

import java.util.List;
import java.util.Optional;

/** One page of events, newest first, and the cursor of the next page if there is one. */
public record HistoryPage(List<MachineEvent> events, Optional<String> nextCursor) {
}
