// The app: one WebSocket, one store, and the view the address (after #) names.

import { AlertInbox } from './alerts.js';
import { Session } from './api.js';
import { h, fill } from './dom.js';
import { clockTime } from './format.js';
import { Live } from './live.js';
import { Store } from './store.js';
import * as ask from './views/ask.js';
import * as branch from './views/branch.js';
import * as machine from './views/machine.js';
import * as overview from './views/overview.js';

const ROUTES = [
  [/^#?\/?$/, overview],
  [/^#\/branches\/([^/]+)$/, branch],
  [/^#\/machines\/([^/]+)$/, machine],
  [/^#\/ask$/, ask],
];

const store = new Store();
const session = new Session();
const live = new Live(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const inbox = new AlertInbox(document.getElementById('toasts'));
const view = document.getElementById('view');
const app = { store, session, live, inbox };
let current = null;

live.addEventListener('snapshot', event => store.applySnapshot(event.detail.topic, event.detail.data));
live.addEventListener('update', event => store.applyUpdate(event.detail));
live.addEventListener('alert', event => inbox.receive(event.detail));
live.addEventListener('state', event => showConnection(event.detail));
session.addEventListener('token', event => live.authenticate(event.detail));
if (session.token()) {
  live.authenticate(session.token());
}

function route() {
  const hash = location.hash.startsWith('#/') ? location.hash : '#/';
  const [pattern, page] = ROUTES.find(([pattern]) => pattern.test(hash)) || [null, null];
  if (current) {
    current.unmount();
    current = null;
  }
  if (!page) {
    live.follow([]);
    fill(view, h('h1', {}, 'Not found'), h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'See all branches')));
    return;
  }
  const params = hash.match(pattern).slice(1).map(decodeURIComponent);
  current = page.mount(view, app, ...params);
  markNavigation(hash);
  view.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function markNavigation(hash) {
  document.querySelectorAll('nav a').forEach(link => {
    if (link.getAttribute('href') === hash) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
}

// What the page shows about its connection. Anything but live marks the content stale, with the time it was last
// current, so old counts are never mistaken for live ones.
const indicator = document.getElementById('connection');
const banner = document.getElementById('stale');
let countdown = 0;
let wasLive = false;
let liveUntil = 0;

function showConnection({ state, retryAt }) {
  clearInterval(countdown);
  if (wasLive && state !== 'live') {
    liveUntil = Date.now();
  }
  wasLive = state === 'live';
  indicator.dataset.state = state;
  document.body.dataset.live = String(state === 'live');
  const label = indicator.querySelector('.label');
  if (state === 'live') {
    label.textContent = 'Live';
    banner.hidden = true;
    return;
  }
  const describe = () => {
    if (state === 'reconnecting') {
      const seconds = Math.ceil((retryAt - Date.now()) / 1000);
      label.textContent = seconds > 0 ? `Reconnecting in ${seconds} s…` : 'Reconnecting…';
    } else {
      label.textContent = state === 'syncing' ? 'Updating…' : 'Connecting…';
    }
  };
  describe();
  if (state === 'reconnecting') {
    countdown = setInterval(describe, 1000);
  }
  if (liveUntil > 0) {
    banner.hidden = false;
    fill(banner, h('strong', {}, `Not live since ${clockTime(new Date(liveUntil))}. `),
      'What you see was current then; ',
      state === 'reconnecting' ? 'reconnecting to the gateway.' : 'updating.');
  }
}

// the skip link moves focus without touching the address, which names the page
document.querySelector('.skip').addEventListener('click', event => {
  event.preventDefault();
  view.focus();
});
addEventListener('hashchange', route);
route();
live.start();
