// Today's occupancy as 15-minute bars over the usual profile of this weekday, with the usual peak hours marked.
// Plain SVG: no library, scales to any width.

import { h } from './dom.js';
import { percent, wallClock } from './format.js';

const WIDTH = 480;
const HEIGHT = 160;
const PLOT = { left: 34, right: 8, top: 10, bottom: 24 };
/** An hour counts as a peak hour when it is at least this share of the busiest hour's usual occupancy. */
const PEAK_SHARE = 0.85;

/** Consecutive hours whose usual occupancy is near the day's maximum, as [start, end) pairs. */
export function peakRanges(hours) {
  const known = hours.filter(hour => hour.occupancy !== null && hour.samples > 0);
  const busiest = Math.max(0, ...known.map(hour => hour.occupancy));
  if (busiest === 0) {
    return [];
  }
  const peak = new Set(known.filter(hour => hour.occupancy >= PEAK_SHARE * busiest).map(hour => hour.hour));
  const ranges = [];
  for (let hour = 0; hour < 24; hour++) {
    if (!peak.has(hour)) {
      continue;
    }
    const last = ranges[ranges.length - 1];
    if (last && last[1] === hour) {
      last[1] = hour + 1;
    } else {
      ranges.push([hour, hour + 1]);
    }
  }
  return ranges;
}

export function hourRangeText([start, end]) {
  const pad = hour => `${String(hour % 24).padStart(2, '0')}:00`;
  return `${pad(start)}–${pad(end)}`;
}

/**
 * @param bins today's bins ({binStart, occupancy}), oldest first
 * @param hours the usual profile of this weekday ({hour, occupancy, samples}), may be empty
 * @param timeZone the branch's
 */
export function occupancyChart({ bins, hours, timeZone, label }) {
  const x = hour => PLOT.left + (hour / 24) * (WIDTH - PLOT.left - PLOT.right);
  const y = occupancy => HEIGHT - PLOT.bottom - occupancy * (HEIGHT - PLOT.top - PLOT.bottom);
  const slot = (WIDTH - PLOT.left - PLOT.right) / 96;
  const svg = h('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': label });
  for (const [start, end] of peakRanges(hours)) {
    svg.append(h('rect', { class: 'peak', x: x(start), y: PLOT.top, width: x(end) - x(start),
      height: HEIGHT - PLOT.top - PLOT.bottom }));
  }
  for (const level of [0, 0.5, 1]) {
    svg.append(h('line', { class: 'grid', x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(level), y2: y(level) }),
      h('text', { class: 'axis', x: PLOT.left - 4, y: y(level) + 4, 'text-anchor': 'end' }, percent(level)));
  }
  for (const hour of [0, 6, 12, 18, 24]) {
    const anchor = hour === 0 ? 'start' : hour === 24 ? 'end' : 'middle';
    svg.append(h('text', { class: 'axis', x: x(hour), y: HEIGHT - 6, 'text-anchor': anchor },
      `${String(hour).padStart(2, '0')}:00`));
  }
  for (const bin of bins) {
    if (bin.occupancy === null) {
      continue;
    }
    const at = wallClock(new Date(bin.binStart), timeZone);
    const hour = at.hour + at.minute / 60;
    svg.append(h('rect', { class: bin.partial ? 'bin partial' : 'bin', x: x(hour) + 0.5, y: y(bin.occupancy),
      width: Math.max(1, slot - 1), height: y(0) - y(bin.occupancy) },
    h('title', {}, `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}: ${percent(bin.occupancy)} busy`)));
  }
  const usual = hours.filter(hour => hour.occupancy !== null && hour.samples > 0)
    .map(hour => `${x(hour.hour + 0.5)},${y(hour.occupancy)}`);
  if (usual.length > 1) {
    svg.append(h('polyline', { class: 'usual', points: usual.join(' ') }));
  }
  return svg;
}
