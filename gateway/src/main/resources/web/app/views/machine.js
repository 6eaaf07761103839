// One machine: its status live, its recent history, whether it is likely free in 30 minutes, and "notify me when
// free" for it or its category, with the member's alerts.

import { ApiError, getJson } from '../api.js';
import { AlertInbox } from '../alerts.js';
import { h, fill } from '../dom.js';
import { categoryName, clockTime, durationSince, percent, statusLabel } from '../format.js';

const FORECAST_MINUTES = 30;
const HISTORY_SHOWN = 10;
const CLASSES = {
  likely_free: 'Likely free',
  possibly_free: 'Possibly free',
  unlikely_free: 'Probably busy',
  busy: 'Very likely busy',
};

export function mount(root, { store, live, session, inbox }, machineId) {
  const path = encodeURIComponent(machineId);
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← All branches'));
  const title = h('h1', {}, 'Machine');
  const statusBox = h('p', { class: 'status-now', role: 'status' });
  const forecastBox = h('p', { class: 'forecast' }, 'Loading forecast…');
  const historyList = h('ol', { class: 'history' });
  const alertList = h('ul', { class: 'alert-list' });
  const formArea = h('div', {});
  fill(root, crumbs, title, statusBox,
    h('section', { class: 'card', 'aria-labelledby': 'forecast-heading' },
      h('h2', { id: 'forecast-heading' }, `In ${FORECAST_MINUTES} minutes`), forecastBox),
    h('section', { class: 'card', 'aria-labelledby': 'notify-heading' },
      h('h2', { id: 'notify-heading' }, 'Notify me when free'), formArea),
    h('section', { class: 'card', 'aria-labelledby': 'alerts-heading' },
      h('h2', { id: 'alerts-heading' }, 'Your alerts'), alertList),
    h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading' }, 'Recent history'), historyList));
  let history = [];
  let branchName = null;
  let lastSeen = null;
  let unknown = false;

  function render() {
    if (unknown) {
      fill(root, h('h1', {}, 'No such machine'), h('p', {}, h('a', { href: '#/' }, 'See all branches')));
      return;
    }
    const machine = store.machines.get(machineId);
    if (!machine) {
      statusBox.textContent = 'Loading…';
      return;
    }
    if (formArea.childElementCount === 0) {
      title.textContent = machine.name;
      document.title = `${machine.name} · GymPulse`;
      fill(formArea, notifyForm(machine));
      // asked once the machine is known to exist, so a wrong address costs no 404s
      loadBranchName(machine);
      loadForecast();
      loadHistory();
    }
    if (lastSeen && lastSeen.since !== machine.since) {
      history.unshift({ timestamp: machine.since, status: machine.status });
      history = history.slice(0, HISTORY_SHOWN);
      renderHistory();
    }
    lastSeen = machine;
    const status = statusLabel(machine.status);
    statusBox.className = `status-now status-${machine.status}`;
    fill(statusBox, h('span', { class: 'status-icon', 'aria-hidden': 'true' }, status.icon), ' ',
      h('strong', {}, status.word), ` for ${durationSince(machine.since)}`,
      h('span', { class: 'muted' }, ` · ${categoryName(machine.category)}`));
  }

  async function loadBranchName(machine) {
    try {
      const branch = await getJson(`/branches/${encodeURIComponent(machine.gymId)}`);
      branchName = branch.name;
      fill(crumbs, h('a', { href: `#/branches/${encodeURIComponent(machine.gymId)}` }, `← ${branch.name}`));
      fill(formArea, notifyForm(machine));
    } catch {
      // the crumb stays "all branches"; the page works without the name
    }
  }

  async function loadForecast() {
    try {
      const forecast = await getJson(`/forecast/machines/${path}?minutes=${FORECAST_MINUTES}`);
      if (!forecast.show) {
        forecastBox.textContent = 'Not enough history yet to say.';
        return;
      }
      fill(forecastBox, h('strong', {}, CLASSES[forecast.classification] || forecast.classification),
        ` — ${percent(forecast.probabilityFree)} chance it is free at ${clockTime(new Date(forecast.at))}`,
        h('span', { class: 'muted' }, ` (confidence ${percent(forecast.confidence)}, from ${forecast.samples} similar days)`));
    } catch (error) {
      forecastBox.textContent = error.status === 404 ? '' : `No forecast right now: ${error.message}`;
    }
  }

  async function loadHistory() {
    try {
      const page = await getJson(`/machines/${path}/history?limit=${HISTORY_SHOWN}`);
      history = page.events.map(event => ({ timestamp: event.timestamp, status: event.status }));
      renderHistory();
    } catch (error) {
      fill(historyList, h('li', { class: 'error' }, `History is not available: ${error.message}`));
    }
  }

  function renderHistory() {
    if (history.length === 0) {
      fill(historyList, h('li', { class: 'muted' }, 'No changes recorded yet.'));
      return;
    }
    fill(historyList, ...history.map(event => {
      const status = statusLabel(event.status);
      return h('li', { class: `status-${event.status}` },
        h('time', { datetime: new Date(event.timestamp * 1000).toISOString() }, clockTime(new Date(event.timestamp * 1000))),
        h('span', { class: 'status-icon', 'aria-hidden': 'true' }, status.icon), status.word);
    }));
  }

  function notifyForm(machine) {
    const result = h('p', { class: 'form-result', role: 'status' });
    const quiet = h('input', { type: 'checkbox', id: 'quiet', onchange: () => {
      start.disabled = !quiet.checked;
      end.disabled = !quiet.checked;
    } });
    const start = h('input', { type: 'time', id: 'quiet-start', value: '22:00', disabled: true, required: true });
    const end = h('input', { type: 'time', id: 'quiet-end', value: '07:00', disabled: true, required: true });
    const expiry = h('select', { id: 'expiry' },
      [[60, '1 hour'], [120, '2 hours'], [240, '4 hours'], [720, '12 hours']]
        .map(([minutes, text]) => h('option', { value: minutes, selected: minutes === 120 }, text)));
    const where = branchName ? ` at ${branchName}` : '';
    const form = h('form', { class: 'notify', onsubmit: event => {
      event.preventDefault();
      create(form, result);
    } },
      h('fieldset', {},
        h('legend', {}, 'Tell me when'),
        h('label', {}, h('input', { type: 'radio', name: 'target', value: 'machine', checked: true }), ` ${machine.name} is free`),
        h('label', {}, h('input', { type: 'radio', name: 'target', value: 'category' }),
          ` any ${categoryName(machine.category).toLowerCase()} machine${where} is free`)),
      h('div', { class: 'quiet' },
        h('label', { for: 'quiet' }, quiet, ' Not during quiet hours'),
        h('label', { for: 'quiet-start' }, 'from ', start), h('label', { for: 'quiet-end' }, 'to ', end)),
      h('label', { for: 'expiry' }, 'For the next ', expiry),
      h('button', { type: 'submit' }, 'Notify me when free'),
      result);
    return form;
  }

  async function create(form, result) {
    const machine = store.machines.get(machineId);
    const values = new FormData(form);
    const request = values.get('target') === 'machine' ? { machineId }
      : { gymId: machine.gymId, category: machine.category };
    request.expiresInMinutes = Number(form.querySelector('#expiry').value);
    if (form.querySelector('#quiet').checked) {
      request.quietHours = { start: form.querySelector('#quiet-start').value, end: form.querySelector('#quiet-end').value };
    }
    result.textContent = 'Setting up…';
    AlertInbox.askPermission(); // not awaited: a prompt the member leaves open must not hold the alert back
    try {
      await session.call('POST', '/alerts', request);
      result.textContent = 'Done: we will tell you here' + ('Notification' in window && Notification.permission === 'granted'
        ? ' and with a notification.' : '. Allow notifications to hear it with the page in the background.');
      loadAlerts();
    } catch (error) {
      result.textContent = error.code === 'target_free' ? 'It is free right now: no need to wait, go!' : error.message;
    }
  }

  async function loadAlerts() {
    if (!session.token()) {
      fill(alertList, h('li', { class: 'muted' }, 'None yet.'));
      return;
    }
    try {
      const alerts = await session.call('GET', '/alerts');
      fill(alertList, ...(alerts.length === 0 ? [h('li', { class: 'muted' }, 'None yet.')] : alerts.map(alertItem)));
    } catch (error) {
      fill(alertList, h('li', { class: 'error' }, `Your alerts are not available: ${error.message}`));
    }
  }

  function alertItem(alert) {
    const target = alert.target;
    const mine = target.machineId === machineId;
    const what = target.machineId ? (mine ? store.machines.get(machineId).name : target.machineId)
      : `Any ${categoryName(target.category).toLowerCase()} machine at ${target.gymId === lastSeen?.gymId && branchName ? branchName : target.gymId}`;
    const state = alert.status === 'pending' ? `waiting until ${clockTime(new Date(alert.expiresAt))}`
      : alert.status === 'fired' ? `told you at ${clockTime(new Date(alert.firedAt))}` : 'expired';
    const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete the alert for ${what}`,
      onclick: async () => {
        remove.disabled = true;
        try {
          await session.call('DELETE', `/alerts/${encodeURIComponent(alert.alertId)}`);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) {
            remove.disabled = false;
            return;
          }
        }
        loadAlerts();
      } }, 'Delete');
    return h('li', { 'data-alert': alert.alertId, 'data-status': alert.status },
      h('span', {}, h('strong', {}, what), ` — ${state}`,
        alert.quietHours ? ` (quiet ${alert.quietHours.start}–${alert.quietHours.end})` : ''), remove);
  }

  const onChange = () => requestAnimationFrame(render);
  const onFired = () => loadAlerts();
  const onUnknown = event => {
    if (event.detail === `machines/${machineId}`) {
      unknown = true;
      render();
    }
  };
  store.addEventListener('change', onChange);
  inbox.addEventListener('fired', onFired);
  live.addEventListener('unknown', onUnknown);
  const ticker = setInterval(render, 30_000);
  live.follow([`machines/${machineId}`]);
  render();
  loadAlerts();
  return {
    unmount() {
      store.removeEventListener('change', onChange);
      inbox.removeEventListener('fired', onFired);
      live.removeEventListener('unknown', onUnknown);
      clearInterval(ticker);
    },
  };
}
