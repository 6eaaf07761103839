// REST calls to the gateway (docs/rest.md) and the member's session (docs/alerts.md).

const SESSION_KEY = 'gympulse.session';
/** A session this close to its expiry is replaced before use, so a request never races the expiry. */
const RENEW_MARGIN_MS = 60 * 60 * 1000;

/** A non-2xx answer, with the gateway's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

async function call(method, path, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'unreachable', 'The gateway cannot be reached. Check your connection and try again.');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not the gateway's JSON (a proxy's error page): the status says enough
  }
  if (!response.ok) {
    const error = json && json.error ? json.error : { code: 'http_' + response.status, message: response.statusText };
    throw new ApiError(response.status, error.code, error.message, json);
  }
  return json;
}

export function getJson(path) {
  return call('GET', path);
}

export function postJson(path, body) {
  return call('POST', path, body);
}

/** The member's anonymous session: created once (`POST /sessions`), kept in this browser, renewed when it expires. */
export class Session extends EventTarget {

  /** The stored token when there is a usable one, else null; never creates a session. */
  token() {
    const stored = this.#stored();
    return stored ? stored.token : null;
  }

  /** The stored token, or a new session's. */
  async ensureToken() {
    const stored = this.#stored();
    if (stored) {
      return stored.token;
    }
    const session = await call('POST', '/sessions');
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    this.dispatchEvent(new CustomEvent('token', { detail: session.token }));
    return session.token;
  }

  /** A call as the member; a token the gateway no longer accepts (its key rotated) is replaced once. */
  async call(method, path, body) {
    try {
      return await call(method, path, body, await this.ensureToken());
    } catch (error) {
      if (error.status !== 401) {
        throw error;
      }
      localStorage.removeItem(SESSION_KEY);
      return call(method, path, body, await this.ensureToken());
    }
  }

  #stored() {
    try {
      const stored = JSON.parse(localStorage.getItem(SESSION_KEY));
      if (stored && stored.token && Date.parse(stored.expiresAt) - Date.now() > RENEW_MARGIN_MS) {
        return stored;
      }
    } catch {
      // unreadable: start over
    }
    localStorage.removeItem(SESSION_KEY);
    return null;
  }
}
