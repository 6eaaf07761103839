// "Notify me when free": fired alerts shown on the page and, when the member allowed it, as a browser notification.

import { h } from './dom.js';

/** A bell, drawn rather than an emoji: not every system has an emoji font. */
const BELL = 'M12 2a6 6 0 0 0-6 6v4l-2 4h16l-2-4V8a6 6 0 0 0-6-6zm-2 16a2 2 0 0 0 4 0z';
/** A toast stays this long unless dismissed. */
const TOAST_MS = 30_000;

export class AlertInbox extends EventTarget {

  constructor(region) {
    super();
    this.region = region;
    this.seen = new Set();
  }

  /** Shows a fired alert once: a redelivery after a reconnect has the same id and firing time. */
  receive(alert) {
    const key = `${alert.alertId}@${alert.firedAt}`;
    if (this.seen.has(key)) {
      return;
    }
    this.seen.add(key);
    this.#toast(alert);
    this.#notify(alert);
    this.dispatchEvent(new CustomEvent('fired', { detail: alert }));
  }

  /** Asks for notification permission, from the click that creates an alert (browsers need a user gesture). */
  static async askPermission() {
    if ('Notification' in window && Notification.permission === 'default') {
      try {
        await Notification.requestPermission();
      } catch {
        // older browsers take a callback; the page's own toast still shows the alert
      }
    }
  }

  #toast(alert) {
    const toast = h('div', { class: 'toast', role: 'alert', 'data-alert': alert.alertId },
      h('svg', { class: 'toast-icon', viewBox: '0 0 24 24', width: 22, height: 22, 'aria-hidden': 'true' },
        h('path', { d: BELL })),
      h('p', {}, h('strong', {}, 'Free now: '), alert.message, ' ',
        h('a', { href: `#/machines/${encodeURIComponent(alert.machineId)}` }, 'Open')),
      h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => toast.remove() }, '×'));
    this.region.append(toast);
    setTimeout(() => toast.remove(), TOAST_MS);
  }

  #notify(alert) {
    if ('Notification' in window && Notification.permission === 'granted') {
      new Notification('GymPulse: free now', { body: alert.message, tag: alert.alertId });
    }
  }
}
