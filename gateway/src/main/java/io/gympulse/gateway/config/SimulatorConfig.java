package io.gympulse.gateway.config;

/**
 * Device simulator settings.
 *
 * @param enabled whether the simulator runs inside the gateway
 * @param speed time multiplier: 60 plays an hour of gym life per real minute
 */
public record SimulatorConfig(boolean enabled, double speed) {
}
