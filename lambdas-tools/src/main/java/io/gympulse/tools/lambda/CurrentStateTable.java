package io.gympulse.tools.lambda;

import io.gympulse.tools.Availability;
import io.gympulse.tools.AvailabilitySource;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Availability from the gateway's {@code current-state} table: one paginated scan per invocation
 * (thousands of machines are a few pages), free and occupied counts per branch and category; totals from the catalog,
 * since a machine that never reported has no row.
 */
public final class CurrentStateTable implements AvailabilitySource {

  private final Map<String, Integer> free;
  private final Map<String, Integer> occupied;
  private final Map<String, Integer> totals;

  private CurrentStateTable(Map<String, Integer> free, Map<String, Integer> occupied, Map<String, Integer> totals) {
    this.free = free;
    this.occupied = occupied;
    this.totals = totals;
  }

  /** Reads the table now. */
  public static CurrentStateTable read(DynamoDbClient client, String table, Map<String, Integer> catalogTotals) {
    Map<String, Integer> free = new HashMap<>();
    Map<String, Integer> occupied = new HashMap<>();
    for (Map<String, AttributeValue> item : client.scanPaginator(ScanRequest.builder().tableName(table)
        .projectionExpression("gymId, category, #s").expressionAttributeNames(Map.of("#s", "status")).build()).items()) {
      String key = string(item, "gymId") + "#" + string(item, "category");
      switch (String.valueOf(string(item, "status"))) {
        case "free" -> free.merge(key, 1, Integer::sum);
        case "occupied" -> occupied.merge(key, 1, Integer::sum);
        default -> { } // offline: neither usable nor busy
      }
    }
    return new CurrentStateTable(free, occupied, catalogTotals);
  }

  /** The client a Lambda builds once per container: region from {@code AWS_REGION}, optional local endpoint. */
  public static DynamoDbClient client(Optional<URI> endpoint, String region) {
    DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(region))
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    endpoint.ifPresent(uri -> builder.endpointOverride(uri)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))));
    return builder.build();
  }

  @Override
  public Availability of(String gymId, String category) {
    String key = gymId + "#" + category;
    return new Availability(free.getOrDefault(key, 0), occupied.getOrDefault(key, 0), totals.getOrDefault(key, 0));
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }
}
