// The member's location, asked for only when they press a button, and kept for this visit only.

const KEY = 'gympulse.position';

export function rememberedPosition() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

/** Resolves {lat, lon}; rejects with a message a member can act on. */
export function askPosition() {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('This browser cannot share its location.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(found => {
      const position = { lat: found.coords.latitude, lon: found.coords.longitude };
      sessionStorage.setItem(KEY, JSON.stringify(position));
      resolve(position);
    }, failure => {
      reject(new Error(failure.code === failure.PERMISSION_DENIED
        ? 'Location is blocked for this site; allow it in the browser to sort by distance.'
        : 'Your location could not be found just now; try again.'));
    }, { timeout: 10_000, maximumAge: 300_000 });
  });
}
