package io.gympulse.gateway.config;

import java.net.URI;
import java.util.Optional;

/**
 * Durable store settings.
 *
 * @param kind which store
 * @param dynamoEndpoint a local DynamoDB-protocol server; empty means AWS
 * @param region AWS region of the DynamoDB tables
 * @param createTables create missing tables at start-up (local and dev use; in AWS Pulumi owns them)
 * @param batchCoalesceMillis how long event writes gather into one BatchWriteItem request
 * @param memoryMaxEvents most events the in-memory store holds; above it a machine's oldest events go
 */
public record StoreConfig(StoreKind kind, Optional<URI> dynamoEndpoint, String region, boolean createTables,
    long batchCoalesceMillis, int memoryMaxEvents) {

  /**
   * An event held in memory costs about 120 bytes: the record (~56), its skip-list node and index share
   * (~30) and the boxed timestamp key (16); the machine id is the catalog's string, shared. Measured: a
   * million events of 300 machines took 117 MB of heap (181 MB had each event its own id string). So the
   * default keeps a gateway left running at about 120 MB of events whatever its traffic; with the bundled
   * catalog (631 machines) the 30-day retention removes events first unless machines change more than
   * about 50 times a day.
   */
  public static final int DEFAULT_MEMORY_MAX_EVENTS = 1_000_000;
}
