package io.gympulse.gateway.store;

import java.util.Optional;

/**
 * A page request of one machine's events, newest first.
 *
 * @param fromMillis inclusive lower bound, epoch ms
 * @param toMillis inclusive upper bound, epoch ms
 * @param limit page size
 * @param cursor opaque cursor from the previous page, if any
 */
public record HistoryQuery(String machineId, long fromMillis, long toMillis, int limit, Optional<String> cursor) {
}
