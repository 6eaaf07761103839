package io.gympulse.gateway.metrics;

/**
 * What a self-forgetting store holds and has removed, read at scrape time. The store keeps the counts
 * (exact, nothing to update on the write path); metrics only read them.
 */
public interface RetentionCounts {

  /** Items held now. */
  long held();

  /** Items removed for their age, since start. */
  long expired();

  /** Items removed for the memory bound, since start. */
  long evicted();
}
