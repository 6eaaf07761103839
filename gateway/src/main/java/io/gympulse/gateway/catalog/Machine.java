package io.gympulse.gateway.catalog;

/** A machine of the catalog; the catalog, not the device, is authoritative for these fields. */
public record Machine(String machineId, String gymId, Category category, String name) {
}
