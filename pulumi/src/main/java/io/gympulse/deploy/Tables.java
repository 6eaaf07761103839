package io.gympulse.deploy;

import com.pulumi.aws.dynamodb.Table;
import com.pulumi.aws.dynamodb.TableArgs;
import com.pulumi.aws.dynamodb.inputs.TableAttributeArgs;
import com.pulumi.aws.dynamodb.inputs.TableGlobalSecondaryIndexArgs;
import com.pulumi.aws.dynamodb.inputs.TablePointInTimeRecoveryArgs;
import com.pulumi.aws.dynamodb.inputs.TableServerSideEncryptionArgs;
import com.pulumi.aws.dynamodb.inputs.TableTtlArgs;
import com.pulumi.core.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's five DynamoDB tables: on-demand, encrypted at rest, point-in-time recovery where losing data
 * loses members' alerts or the live state. The keys, indexes and TTL attribute are the gateway's own
 * ({@code store.dynamodb.DynamoTables}); {@code TablesTest} proves the two are equal.
 */
public final class Tables {

  /** Every table's TTL attribute (epoch seconds). */
  public static final String TTL_ATTRIBUTE = "expiresAt";

  /**
   * One table's design.
   *
   * @param table the short name ({@code current-state}, ...)
   * @param hashKey name and type ({@code S}/{@code N}) of the partition key
   * @param rangeKey name and type of the sort key, if any
   * @param indexes global secondary index name to its partition key (a string attribute), all projected
   * @param ttl whether items expire by {@link #TTL_ATTRIBUTE}
   * @param pointInTimeRecovery whether the table is restorable to any second of the last 35 days
   */
  public record Design(String table, Key hashKey, Optional<Key> rangeKey, Map<String, String> indexes, boolean ttl,
      boolean pointInTimeRecovery) {
  }

  /** An attribute of a key, with its DynamoDB type. */
  public record Key(String name, String type) {
  }

  public static final List<Design> DESIGNS = List.of(
      new Design("current-state", new Key("machineId", "S"), Optional.empty(), Map.of(), false, true),
      new Design("events", new Key("machineId", "S"), Optional.of(new Key("timestamp", "N")), Map.of(), true, false),
      new Design("aggregates", new Key("gymCategory", "S"), Optional.of(new Key("binStart", "N")), Map.of(), true, false),
      new Design("alerts", new Key("userId", "S"), Optional.of(new Key("alertId", "S")), Map.of("byTarget", "targetKey"),
          true, true),
      new Design("connections", new Key("connectionId", "S"), Optional.empty(),
          orderedMap("byUser", "userId", "byInstance", "instanceId"), true, false));

  private final Map<String, Table> byName = new LinkedHashMap<>();

  public Tables(Naming naming) {
    for (Design design : DESIGNS) {
      byName.put(design.table(), new Table(naming.name(design.table()), args(naming, design)));
    }
  }

  public Table table(String name) {
    return byName.get(name);
  }

  /** The ARNs of every table, and of their indexes (the gateway queries two indexes). */
  public List<Output<String>> arnsWithIndexes() {
    List<Output<String>> arns = new ArrayList<>();
    byName.values().forEach(table -> {
      arns.add(table.arn());
      arns.add(table.arn().applyValue(arn -> arn + "/index/*"));
    });
    return arns;
  }

  public Map<String, Output<String>> names() {
    Map<String, Output<String>> names = new LinkedHashMap<>();
    byName.forEach((table, resource) -> names.put(table, resource.name()));
    return names;
  }

  private static TableArgs args(Naming naming, Design design) {
    List<TableAttributeArgs> attributes = new ArrayList<>();
    attributes.add(attribute(design.hashKey()));
    design.rangeKey().ifPresent(key -> attributes.add(attribute(key)));
    design.indexes().values().forEach(key -> attributes.add(attribute(new Key(key, "S"))));
    TableArgs.Builder args = TableArgs.builder()
        .name(naming.name(design.table()))
        .billingMode("PAY_PER_REQUEST")
        .hashKey(design.hashKey().name())
        .attributes(attributes)
        .serverSideEncryption(TableServerSideEncryptionArgs.builder().enabled(true).build())
        .pointInTimeRecovery(TablePointInTimeRecoveryArgs.builder().enabled(design.pointInTimeRecovery()).build())
        .tags(naming.tags());
    design.rangeKey().ifPresent(key -> args.rangeKey(key.name()));
    if (design.ttl()) {
      args.ttl(TableTtlArgs.builder().attributeName(TTL_ATTRIBUTE).enabled(true).build());
    }
    if (!design.indexes().isEmpty()) {
      args.globalSecondaryIndexes(design.indexes().entrySet().stream()
          .map(index -> TableGlobalSecondaryIndexArgs.builder().name(index.getKey()).hashKey(index.getValue())
              .projectionType("ALL").build())
          .toList());
    }
    return args.build();
  }

  private static TableAttributeArgs attribute(Key key) {
    return TableAttributeArgs.builder().name(key.name()).type(key.type()).build();
  }

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
