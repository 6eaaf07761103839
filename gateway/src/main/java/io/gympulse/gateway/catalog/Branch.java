package io.gympulse.gateway.catalog;

import java.time.ZoneId;

/** A gym branch: where it is and which time zone its opening hours, quiet hours and peaks live in. */
public record Branch(String id, String name, double lat, double lon, ZoneId timeZone) {
}
