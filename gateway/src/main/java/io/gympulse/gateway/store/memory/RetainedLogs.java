package io.gympulse.gateway.store.memory;

import io.gympulse.gateway.metrics.RetentionCounts;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Time-ordered logs under one key each (a machine's events, a branch category's bins) with what the
 * in-memory stores need to forget cheaply: removing everything up to a cutoff costs O(removed · log n),
 * never a scan, because two indexes over the logs' extents say which log holds the oldest item and which
 * the most items. Writes and removals are serialized on this object; reads of a log are lock-free.
 *
 * @param <V> the items, keyed in each log by a time (the unit is the caller's)
 */
public final class RetainedLogs<V> implements RetentionCounts {

  /** One log's size and oldest key as last indexed; immutable so the index sets can find it again. */
  private record Extent(String key, long size, long oldest) {
  }

  private static final Comparator<Extent> OLDEST_FIRST =
      Comparator.comparingLong(Extent::oldest).thenComparing(Extent::key);
  private static final Comparator<Extent> LONGEST_FIRST =
      Comparator.comparingLong(Extent::size).reversed().thenComparingLong(Extent::oldest).thenComparing(Extent::key);

  private final long maxHeld;
  private final Map<String, ConcurrentSkipListMap<Long, V>> logs = new ConcurrentHashMap<>();
  private final Map<String, Extent> extents = new HashMap<>();
  private final TreeSet<Extent> byOldest = new TreeSet<>(OLDEST_FIRST);
  private final TreeSet<Extent> byLength = new TreeSet<>(LONGEST_FIRST);
  private volatile long held;
  private volatile long expired;
  private volatile long evicted;

  /**
   * @param maxHeld the memory bound: above it a write evicts the oldest item of the longest log, so every
   *     log keeps its newest items and a quiet log is not emptied by a busy one
   */
  public RetainedLogs(long maxHeld) {
    this.maxHeld = maxHeld;
  }

  /** Stores {@code value} under ({@code key}, {@code time}), replacing an equal key's value; then applies the bound. */
  public synchronized void put(String key, long time, V value) {
    ConcurrentSkipListMap<Long, V> log = logs.computeIfAbsent(key, k -> new ConcurrentSkipListMap<>());
    if (log.put(time, value) != null) {
      return;
    }
    Extent before = unindex(key);
    long size = before == null ? 1 : before.size() + 1;
    index(key, size, log.firstKey());
    held++;
    while (held > maxHeld && evictOldestOfLongest()) {
      evicted++;
    }
  }

  /** Stores {@code value} under ({@code key}, {@code time}) unless something is stored there; says whether it did. */
  public synchronized boolean putIfAbsent(String key, long time, V value) {
    ConcurrentSkipListMap<Long, V> log = logs.get(key);
    if (log != null && log.containsKey(time)) {
      return false;
    }
    put(key, time, value);
    return true;
  }

  /** A log, oldest first; empty if the key has none. A live view: read it, do not write it. */
  public NavigableMap<Long, V> log(String key) {
    NavigableMap<Long, V> log = logs.get(key);
    return log == null ? Collections.emptyNavigableMap() : log;
  }

  /**
   * Removes items with a time at or before {@code cutoff}, from the log with the oldest item on, at most
   * {@code budget} of them so one call holds the lock briefly; returns how many it removed.
   */
  public synchronized int expireThrough(long cutoff, int budget) {
    int removed = 0;
    while (removed < budget && !byOldest.isEmpty() && byOldest.first().oldest() <= cutoff) {
      Extent extent = unindex(byOldest.first().key());
      ConcurrentSkipListMap<Long, V> log = logs.get(extent.key());
      long size = extent.size();
      while (removed < budget && size > 0 && log.firstKey() <= cutoff) {
        log.pollFirstEntry();
        size--;
        removed++;
      }
      if (size > 0) {
        index(extent.key(), size, log.firstKey());
      }
    }
    held -= removed;
    expired += removed;
    return removed;
  }

  /** Items held now. */
  @Override
  public long held() {
    return held;
  }

  /** Items removed for their age since the start. */
  @Override
  public long expired() {
    return expired;
  }

  /** Items removed for the memory bound since the start. */
  @Override
  public long evicted() {
    return evicted;
  }

  /** Drops the oldest item of the longest log, unless every log is down to its newest item. */
  private boolean evictOldestOfLongest() {
    Extent longest = byLength.first();
    if (longest.size() <= 1) {
      return false;
    }
    unindex(longest.key());
    ConcurrentSkipListMap<Long, V> log = logs.get(longest.key());
    log.pollFirstEntry();
    index(longest.key(), longest.size() - 1, log.firstKey());
    held--;
    return true;
  }

  private Extent unindex(String key) {
    Extent extent = extents.remove(key);
    if (extent != null) {
      byOldest.remove(extent);
      byLength.remove(extent);
    }
    return extent;
  }

  private void index(String key, long size, long oldest) {
    Extent extent = new Extent(key, size, oldest);
    extents.put(key, extent);
    byOldest.add(extent);
    byLength.add(extent);
  }
}
