// The page's one WebSocket to the gateway: it follows the topics on screen, re-subscribes after every reconnect and
// says at every moment whether what is shown is live. Protocol: docs/websocket.md.

/** First retry after a drop waits about this long; each failed attempt doubles it, up to BACKOFF_CAP_MS. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15_000;
/** The gateway pings every 30 s by default; a socket silent this long (no frame, no pong) is treated as dead. */
const PING_EVERY_MS = 20_000;
const SILENCE_LIMIT_MS = 45_000;

/**
 * Delay before reconnect attempt `attempt` (0 = first): exponential, capped, with "equal jitter" (half fixed, half
 * random), so a fleet of pages dropped at once by a restart does not come back in one spike.
 */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

/**
 * States, in the order a page sees them: `connecting` (first connect), `syncing` (open, snapshots of the followed
 * topics not all in yet), `live`, `reconnecting` (dropped; `retryAt` says when the next attempt is).
 * Events: `state`, `snapshot` {topic, data}, `update` (a machine or summary message), `alert`, `unknown` (a followed
 * topic the gateway does not know: the thing does not exist).
 */
export class Live extends EventTarget {

  constructor(url) {
    super();
    this.url = url;
    this.topics = new Set();
    this.awaitingSnapshot = new Set();
    this.token = null;
    this.socket = null;
    this.attempt = 0;
    this.state = 'connecting';
    this.retryAt = 0;
    this.retryTimer = 0;
    this.lastHeard = 0;
    this.drainDelay = null;
    this.waitingOutDrain = false;
    this.pinger = setInterval(() => this.#checkPulse(), PING_EVERY_MS);
    addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        this.reconnectNow();
      }
    });
  }

  start() {
    this.#open();
  }

  /** Follows exactly `topics` from now on: unsubscribes what left the screen, subscribes what came on it. */
  follow(topics) {
    const wanted = new Set(topics);
    const gone = [...this.topics].filter(topic => !wanted.has(topic));
    const added = [...wanted].filter(topic => !this.topics.has(topic));
    this.topics = wanted;
    gone.forEach(topic => this.awaitingSnapshot.delete(topic));
    if (this.#isOpen()) {
      if (gone.length > 0) {
        this.#send({ action: 'unsubscribe', topics: gone });
      }
      if (added.length > 0) {
        added.forEach(topic => this.awaitingSnapshot.add(topic));
        this.#send({ action: 'subscribe', topics: added });
      }
      this.#settle();
    }
  }

  /** Binds this connection, and every later one, to the member, so their alerts arrive here. */
  authenticate(token) {
    this.token = token;
    if (this.#isOpen()) {
      this.#send({ action: 'auth', token });
    }
  }

  /** After a drop, tries again at once instead of waiting out the backoff (the network came back, the tab is shown). */
  reconnectNow() {
    if (this.state === 'reconnecting' && !this.waitingOutDrain) {
      clearTimeout(this.retryTimer);
      this.#open();
    }
  }

  #open() {
    this.#setState(this.attempt === 0 && this.state === 'connecting' ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.#opened(socket);
    socket.onmessage = event => this.#received(socket, event.data);
    socket.onclose = () => this.#dropped(socket);
  }

  #opened(socket) {
    if (socket !== this.socket) {
      return;
    }
    this.attempt = 0;
    this.drainDelay = null;
    this.lastHeard = Date.now();
    if (this.token) {
      this.#send({ action: 'auth', token: this.token });
    }
    this.awaitingSnapshot = new Set(this.topics);
    this.#setState('syncing');
    if (this.topics.size > 0) {
      this.#send({ action: 'subscribe', topics: [...this.topics] });
    }
    this.#settle();
  }

  #received(socket, text) {
    if (socket !== this.socket) {
      return;
    }
    this.lastHeard = Date.now();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // the gateway only sends JSON; a broken frame is dropped rather than breaking the page
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      this.#dispatch(message);
    }
    this.#settle();
  }

  #dispatch(message) {
    switch (message.type) {
      case 'snapshot':
        if (this.topics.has(message.topic)) {
          this.awaitingSnapshot.delete(message.topic);
          this.dispatchEvent(new CustomEvent('snapshot', { detail: message }));
        }
        break;
      case 'machine':
      case 'summary':
        this.dispatchEvent(new CustomEvent('update', { detail: message }));
        break;
      case 'alert':
        this.dispatchEvent(new CustomEvent('alert', { detail: message }));
        break;
      case 'draining':
        // the instance is stopping: come back when it says, through the load balancer, to another instance
        this.drainDelay = Math.max(0, Number(message.reconnectAfterMs) || 0);
        break;
      case 'error':
        if (message.code === 'unknown_topic') {
          this.#forgetUnknownTopics(message.message);
        }
        break; // other errors answer requests this page makes correctly (never too many topics, never bad JSON)
      default:
        break; // subscribed, unsubscribed, authenticated, pong
    }
  }

  /**
   * The gateway names the refused topic in quotes ("unknown topic 'machines/x': ..."): a followed topic it names
   * gets no snapshot, so it is not waited for, and the view is told the thing does not exist.
   */
  #forgetUnknownTopics(text) {
    for (const topic of [...this.topics]) {
      if (String(text).includes(`'${topic}'`)) {
        this.awaitingSnapshot.delete(topic);
        this.dispatchEvent(new CustomEvent('unknown', { detail: topic }));
      }
    }
  }

  #dropped(socket) {
    if (socket !== this.socket) {
      return;
    }
    this.socket = null;
    this.waitingOutDrain = this.drainDelay !== null;
    const delay = this.waitingOutDrain ? this.drainDelay : backoffDelay(this.attempt);
    this.drainDelay = null;
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.#setState('reconnecting');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.#open(), delay);
  }

  #checkPulse() {
    if (!this.#isOpen()) {
      return;
    }
    if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
      // a dead peer (a sleeping laptop, a lost mobile network) may never deliver a close: give up on it now
      const socket = this.socket;
      socket.close();
      this.#dropped(socket);
      return;
    }
    this.#send({ action: 'ping' });
  }

  #settle() {
    if (this.state === 'syncing' && this.awaitingSnapshot.size === 0) {
      this.#setState('live');
    } else if (this.state === 'live' && this.awaitingSnapshot.size > 0) {
      this.#setState('syncing');
    }
  }

  #setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, retryAt: this.retryAt } }));
  }

  #isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  #send(message) {
    this.socket.send(JSON.stringify(message));
  }
}
