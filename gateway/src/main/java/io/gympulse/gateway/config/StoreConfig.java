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
 */
public record StoreConfig(StoreKind kind, Optional<URI> dynamoEndpoint, String region, boolean createTables,
    long batchCoalesceMillis) {
}
