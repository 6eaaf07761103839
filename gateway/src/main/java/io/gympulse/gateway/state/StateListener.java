package io.gympulse.gateway.state;

/** Told of every transition, synchronously on the live state's writer context; must not block. */
@FunctionalInterface
public interface StateListener {

  void onChange(StateChange change);
}
