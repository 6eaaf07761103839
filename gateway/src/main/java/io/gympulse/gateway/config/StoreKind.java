package io.gympulse.gateway.config;

import java.util.Locale;

/** Which durable store backs the gateway. */
public enum StoreKind {
  /** In-process maps: the embedded default for a one-command local run; nothing survives a restart. */
  MEMORY,
  /** DynamoDB through the AWS SDK v2 async client (see the "Durable store on DynamoDB" issue). */
  DYNAMODB;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
