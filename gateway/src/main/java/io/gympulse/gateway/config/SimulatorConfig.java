package io.gympulse.gateway.config;

/**
 * Device simulator settings.
 *
 * @param enabled whether the simulator runs inside the gateway
 * @param speed time multiplier: 60 plays an hour of gym life per real minute
 * @param backfillDays days of simulated history written to the aggregates before the simulator starts
 */
public record SimulatorConfig(boolean enabled, double speed, int backfillDays) {
}
