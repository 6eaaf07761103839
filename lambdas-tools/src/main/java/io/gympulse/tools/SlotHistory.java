package io.gympulse.tools;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Past bins at given slots: the {@code aggregates} table in a Lambda (the gateway reads its own store). */
@FunctionalInterface
public interface SlotHistory {

  /** Weeks of the same weekday and slot a seasonal figure looks back over (the gateway's forecasts use the same). */
  int WEEKS = 6;

  /** For each slot, its bins one to {@link #WEEKS} weeks before (bins not stored are left out). */
  Map<Slot, List<PastSlot>> sameSlotInPastWeeks(Set<Slot> slots);
}
