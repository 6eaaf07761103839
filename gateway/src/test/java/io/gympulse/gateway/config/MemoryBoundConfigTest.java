package io.gympulse.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-memory store's bound, {@code MEMORY_MAX_EVENTS}: its default, its reading and its validation. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MemoryBoundConfigTest {

  /** Verifies that without the variable the in-memory store gets the documented default of a million events. */
  @Test
  void memoryMaxEventsDefaultsToOneMillion() {
    assertEquals(1_000_000, GatewayConfig.from(ConfigSource.of(Map.of())).store().memoryMaxEvents());
  }

  /** Verifies that a valid value is read, including the smallest accepted. */
  @ParameterizedTest
  @ValueSource(strings = {"100", "250000", "100000000"})
  void memoryMaxEventsIsRead(String value) {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("MEMORY_MAX_EVENTS", value)));

    assertEquals(Integer.parseInt(value), config.store().memoryMaxEvents());
  }

  /** Verifies that a value out of range or not a number stops start-up with one line naming the variable. */
  @ParameterizedTest
  @ValueSource(strings = {"99", "0", "-5", "100000001", "1e6", "lots"})
  void invalidMemoryMaxEventsIsRefusedNamingTheVariable(String value) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("MEMORY_MAX_EVENTS", value))));

    assertEquals("MEMORY_MAX_EVENTS='" + value + "' is invalid: expected an integer from 100 to 100000000", e.getMessage());
  }
}
