// Unit tests of the web app's pure parts (node --test, run by the build); the pages themselves are tested in a real
// browser by WebAppBrowserTest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peakRanges, hourRangeText } from '../../main/resources/web/app/chart.js';
import { durationSince, distanceKm, distanceText } from '../../main/resources/web/app/format.js';
import { backoffDelay } from '../../main/resources/web/app/live.js';
import { Store } from '../../main/resources/web/app/store.js';

test('reconnect delays double from about half a second, stay within their jitter band, and stop growing at 15 s', () => {
  assert.equal(backoffDelay(0, () => 0), 250);
  assert.equal(backoffDelay(0, () => 1), 500);
  assert.equal(backoffDelay(3, () => 0), 2000);
  assert.equal(backoffDelay(3, () => 1), 4000);
  assert.equal(backoffDelay(30, () => 0), 7500);
  assert.equal(backoffDelay(30, () => 1), 15000);
  for (let attempt = 0; attempt < 12; attempt++) {
    const delay = backoffDelay(attempt);
    const ceiling = Math.min(15000, 500 * 2 ** attempt);
    assert.ok(delay >= ceiling / 2 && delay <= ceiling, `attempt ${attempt}: ${delay}`);
  }
});

test('peak hours are the consecutive hours near the busiest, ignoring hours without samples', () => {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, occupancy: 0.2, samples: 4 }));
  hours[7].occupancy = 0.55;
  hours[18].occupancy = 0.6;
  hours[19].occupancy = 0.58;
  hours[20].occupancy = 0.52;
  hours[3] = { hour: 3, occupancy: 0.9, samples: 0 };
  assert.deepEqual(peakRanges(hours), [[7, 8], [18, 21]]);
  assert.equal(hourRangeText([18, 21]), '18:00–21:00');
  assert.deepEqual(peakRanges(hours.map(hour => ({ ...hour, occupancy: 0 }))), []);
  assert.deepEqual(peakRanges([]), []);
});

test('how long a machine has been in its state reads as members say it', () => {
  const now = 1_000_000_000_000;
  assert.equal(durationSince(now / 1000 - 20, now), 'under a minute');
  assert.equal(durationSince(now / 1000 - 3 * 60, now), '3 min');
  assert.equal(durationSince(now / 1000 - 65 * 60, now), '1 h 5 min');
  assert.equal(durationSince(now / 1000 - 120 * 60, now), '2 h');
  assert.equal(durationSince(now / 1000 - 50 * 3600, now), '2 days');
  assert.equal(durationSince(now / 1000 + 5, now), 'under a minute'); // a clock slightly ahead is not negative
});

test('distances are great-circle kilometres, shown in metres under a kilometre', () => {
  const central = { lat: 22.2819, lon: 114.1577 };
  const causeway = { lat: 22.2783, lon: 114.1747 };
  assert.ok(Math.abs(distanceKm(central, causeway) - 1.79) < 0.02, String(distanceKm(central, causeway)));
  assert.equal(distanceText(0.347), '350 m');
  assert.equal(distanceText(1.79), '1.8 km');
});

test('the store keeps branch totals equal to the sum of their categories as summaries arrive', () => {
  const store = new Store();
  let changes = 0;
  store.addEventListener('change', () => changes++);
  store.applySnapshot('branches', [{ id: 'g', name: 'G', totals: { free: 3, occupied: 1, offline: 0, total: 4 },
    categories: { legs: { free: 1, occupied: 1, offline: 0, total: 2 }, arms: { free: 2, occupied: 0, offline: 0, total: 2 } } }]);

  store.applyUpdate({ type: 'summary', gymId: 'g', category: 'legs', free: 0, occupied: 2, offline: 0, total: 2 });

  assert.deepEqual(store.branches.get('g').totals, { free: 2, occupied: 2, offline: 0, total: 4 });
  assert.equal(changes, 2);
});

test('the store lists a category\'s machines from its snapshot and applies machine updates to them', () => {
  const store = new Store();
  store.applySnapshot('branches/g/categories/legs', { gymId: 'g', category: 'legs', free: 1, occupied: 0, offline: 0,
    total: 1, machines: [{ machineId: 'm1', gymId: 'g', category: 'legs', name: 'M1', status: 'free', since: 1 }] });

  store.applyUpdate({ type: 'machine', machineId: 'm1', gymId: 'g', category: 'legs', name: 'M1', status: 'occupied',
    since: 2, timestamp: 2 });

  assert.deepEqual(store.machinesOf('g', 'legs').map(machine => [machine.machineId, machine.status, machine.type]),
    [['m1', 'occupied', undefined]]);
  assert.deepEqual(store.machinesOf('g', 'chest'), []);
});
