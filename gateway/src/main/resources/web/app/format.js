// Words and numbers as members read them.

const CATEGORY_NAMES = { legs: 'Legs', chest: 'Chest', back: 'Back', arms: 'Arms', cardio: 'Cardio', core: 'Core' };

export function categoryName(category) {
  return CATEGORY_NAMES[category] || category.charAt(0).toUpperCase() + category.slice(1);
}

/** "3 min", "1 h 5 min", "2 days": how long since `sinceSeconds` (epoch seconds). */
export function durationSince(sinceSeconds, nowMillis = Date.now()) {
  const minutes = Math.max(0, Math.floor((nowMillis / 1000 - sinceSeconds) / 60));
  if (minutes < 1) {
    return 'under a minute';
  }
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  return `${Math.floor(hours / 24)} days`;
}

const STATUS = {
  free: { icon: '✓', word: 'Free' },
  occupied: { icon: '●', word: 'Busy' },
  offline: { icon: '✕', word: 'Offline' },
};

/** The status as icon and word, so colour is never the only signal. */
export function statusLabel(status) {
  return STATUS[status] || { icon: '?', word: status };
}

export function percent(fraction) {
  return `${Math.round(fraction * 100)}%`;
}

/** "14:05" in `timeZone` (the branch's), or the browser's own zone. */
export function clockTime(date, timeZone) {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone })
    .format(date);
}

/** Hours, minutes and seconds of `date` on the wall clock of `timeZone`. */
export function wallClock(date, timeZone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23', timeZone,
  }).formatToParts(date);
  const part = type => Number(parts.find(p => p.type === type).value);
  return { hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** Kilometres between two points (haversine). */
export function distanceKm(a, b) {
  const radians = degrees => degrees * Math.PI / 180;
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(h));
}

/** "350 m", "1.2 km". */
export function distanceText(km) {
  return km < 1 ? `${Math.round(km * 100) * 10} m` : `${km.toFixed(1)} km`;
}
