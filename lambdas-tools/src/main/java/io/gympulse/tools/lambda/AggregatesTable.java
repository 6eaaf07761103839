package io.gympulse.tools.lambda;

import io.gympulse.tools.PastSlot;
import io.gympulse.tools.Slot;
import io.gympulse.tools.SlotHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Past bins from the gateway's {@code aggregates} table (PK {@code gymCategory} = {@code gymId#category}, SK
 * {@code binStart}): every bin wanted has a known key, so one BatchGetItem per 100 keys (a search near a member is
 * a handful of branches × up to six slots × six weeks), retrying what DynamoDB leaves unprocessed.
 */
public final class AggregatesTable implements SlotHistory {

  /** BatchGetItem's limit on keys per request. */
  static final int KEYS_PER_BATCH = 100;
  private static final long WEEK_SECONDS = 7 * 24 * 3600;
  private static final int MAX_ROUNDS = 10;

  private final DynamoDbClient client;
  private final String table;

  public AggregatesTable(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public Map<Slot, List<PastSlot>> sameSlotInPastWeeks(Set<Slot> slots) {
    Map<String, Slot> asked = new HashMap<>(); // "gymCategory#binStart" of a past bin → the slot it informs
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (Slot slot : slots) {
      for (int week = 1; week <= WEEKS; week++) {
        long binStart = slot.start() - week * WEEK_SECONDS;
        asked.put(slot.gymCategory() + "#" + binStart, slot);
        keys.add(Map.of("gymCategory", AttributeValue.fromS(slot.gymCategory()),
            "binStart", AttributeValue.fromN(Long.toString(binStart))));
      }
    }
    Map<Slot, List<PastSlot>> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += KEYS_PER_BATCH) {
      read(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_BATCH))).forEach(item -> {
        Slot slot = asked.get(item.get("gymCategory").s() + "#" + item.get("binStart").n());
        PastSlot.of(number(item, "occupiedSeconds"), number(item, "availableSeconds"), number(item, "anyFreeSeconds"))
            .ifPresent(past -> found.computeIfAbsent(slot, s -> new ArrayList<>()).add(past));
      });
    }
    return found;
  }

  private List<Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys)
        .projectionExpression("gymCategory, binStart, occupiedSeconds, availableSeconds, anyFreeSeconds").build());
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException("aggregates reads still throttled after " + MAX_ROUNDS + " rounds");
      }
      if (round > 0) {
        backOff(round);
      }
      Map<String, KeysAndAttributes> request = pending;
      BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(request));
      items.addAll(response.responses().getOrDefault(table, List.of()));
      pending = response.unprocessedKeys();
    }
    return items;
  }

  /** Unprocessed keys mean the table is throttling: wait a little longer each round before asking again. */
  private static void backOff(int round) {
    try {
      Thread.sleep(25L << Math.min(round, 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }

  private static double number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
  }
}
