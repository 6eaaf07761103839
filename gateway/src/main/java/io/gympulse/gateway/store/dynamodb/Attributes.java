package io.gympulse.gateway.store.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short helpers for DynamoDB attribute values. */
final class Attributes {

  private Attributes() {
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** A number kept exactly as the double's shortest decimal form (device timestamps are fractional). */
  static AttributeValue n(double value) {
    return AttributeValue.fromN(Double.toString(value));
  }

  static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  static long longValue(Map<String, AttributeValue> item, String name) {
    return Long.parseLong(item.get(name).n());
  }

  static double doubleValue(Map<String, AttributeValue> item, String name) {
    return Double.parseDouble(item.get(name).n());
  }
}
