// One branch: its categories and machines, live, each with how long it has been free or busy, and today's occupancy
// against the usual day with its peak hours.

import { getJson } from '../api.js';
import { occupancyChart, peakRanges, hourRangeText } from '../chart.js';
import { h, fill } from '../dom.js';
import { categoryName, durationSince, statusLabel, wallClock } from '../format.js';

const ALL = '';

export function mount(root, { store, live }, gymId) {
  const title = h('h1', {}, 'Branch');
  const totals = h('p', { class: 'totals' });
  const sections = h('div', { class: 'category-sections' });
  const chartArea = h('div', { class: 'chart-area' }, h('p', { class: 'loading' }, 'Loading today’s occupancy…'));
  const chooser = h('select', { id: 'chart-category', onchange: () => drawChart() }, h('option', { value: ALL }, 'All machines'));
  fill(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← All branches')),
    title, totals,
    h('section', { class: 'card', 'aria-labelledby': 'today-heading' },
      h('div', { class: 'section-head' }, h('h2', { id: 'today-heading' }, 'Today'),
        h('label', { for: 'chart-category' }, 'Show ', chooser)),
      chartArea),
    sections);
  const sectionsByCategory = new Map();
  const timeline = { bins: new Map(), hours: [], nextPeak: null, loaded: false };
  let categories = [];
  let unknown = false;

  function render() {
    const branch = store.branches.get(gymId);
    if (unknown) {
      fill(root, h('h1', {}, 'No such branch'), h('p', {}, h('a', { href: '#/' }, 'See all branches')));
      return;
    }
    if (!branch) {
      fill(sections, h('p', { class: 'loading' }, 'Loading…'));
      return;
    }
    title.textContent = branch.name;
    document.title = `${branch.name} · GymPulse`;
    fill(totals, h('strong', {}, String(branch.totals.free)), ` of ${branch.totals.total} machines free`);
    if (categories.length === 0) {
      categories = Object.keys(branch.categories);
      fill(sections, ...categories.map(category => sectionOf(category).element));
      categories.forEach(category => chooser.append(h('option', { value: category }, categoryName(category))));
      live.follow([`branches/${gymId}`, ...categories.map(category => `branches/${gymId}/categories/${category}`)]);
      loadTimeline(branch);
    }
    // updated in place, not rebuilt, so a focused link keeps its focus while the numbers change
    categories.forEach(category => {
      const section = sectionOf(category);
      const counts = branch.categories[category];
      section.count.textContent = `${counts.free} of ${counts.total} free`;
      const machines = store.machinesOf(gymId, category);
      if (machines.length > 0 && section.rows.size !== machines.length) {
        section.rows.clear();
        machines.forEach(machine => section.rows.set(machine.machineId, machineRow()));
        fill(section.list, ...[...section.rows.values()].map(row => row.element));
      }
      machines.forEach(machine => updateMachineRow(section.rows.get(machine.machineId), machine));
    });
  }

  function sectionOf(category) {
    if (!sectionsByCategory.has(category)) {
      const count = h('span', { class: 'count' });
      const list = h('ul', { class: 'machines' }, h('li', { class: 'loading' }, 'Loading machines…'));
      const element = h('section', { class: 'card', 'data-category': category, 'aria-labelledby': `cat-${category}` },
        h('h2', { id: `cat-${category}` }, categoryName(category), ' ', count), list);
      sectionsByCategory.set(category, { element, count, list, rows: new Map() });
    }
    return sectionsByCategory.get(category);
  }

  async function loadTimeline(branch) {
    const now = new Date();
    const clock = wallClock(now, branch.timeZone);
    const midnight = new Date(now.getTime() - ((clock.hour * 60 + clock.minute) * 60 + clock.second) * 1000);
    const from = encodeURIComponent(midnight.toISOString());
    try {
      const [peak, ...series] = await Promise.all([
        getJson(`/branches/${encodeURIComponent(gymId)}/peak-hours`),
        ...categories.map(category =>
          getJson(`/branches/${encodeURIComponent(gymId)}/categories/${encodeURIComponent(category)}/occupancy?from=${from}`)),
      ]);
      timeline.hours = peak.show ? peak.hours : [];
      timeline.nextPeak = peak.show ? peak.nextPeak : null;
      series.forEach(one => timeline.bins.set(one.category, one.bins));
      timeline.loaded = true;
      drawChart();
    } catch (error) {
      fill(chartArea, h('p', { class: 'error' }, `Today’s occupancy is not available: ${error.message}`));
    }
  }

  function drawChart() {
    const branch = store.branches.get(gymId);
    if (!timeline.loaded || !branch) {
      return;
    }
    const category = chooser.value;
    const bins = category === ALL ? combined(branch) : timeline.bins.get(category) || [];
    const ranges = peakRanges(timeline.hours);
    const peakText = ranges.length === 0 ? 'Not enough history yet for usual peak hours.'
      : `Usually busiest ${ranges.map(hourRangeText).join(' and ')} (shaded).`;
    const next = timeline.nextPeak ? ` Next peak today around ${String(timeline.nextPeak.hour).padStart(2, '0')}:00.` : '';
    const which = category === ALL ? 'all machines' : categoryName(category).toLowerCase();
    fill(chartArea,
      occupancyChart({ bins, hours: timeline.hours, timeZone: branch.timeZone,
        label: `Share of ${which} in use today, in 15-minute steps. ${peakText}` }),
      h('p', { class: 'chart-note' }, 'Bars: share of machines in use today. Line: a usual ',
        'day like today. ', h('strong', {}, peakText), next));
  }

  /** The branch's bins across categories, each weighted by how many machines it has. */
  function combined(branch) {
    const byStart = new Map();
    for (const [category, bins] of timeline.bins) {
      const weight = branch.categories[category] ? branch.categories[category].total : 0;
      for (const bin of bins) {
        if (bin.occupancy === null) {
          continue;
        }
        const sum = byStart.get(bin.binStart) || { binStart: bin.binStart, weighted: 0, weight: 0, partial: false };
        sum.weighted += bin.occupancy * weight;
        sum.weight += weight;
        sum.partial = sum.partial || bin.partial;
        byStart.set(bin.binStart, sum);
      }
    }
    return [...byStart.values()].filter(sum => sum.weight > 0)
      .map(sum => ({ binStart: sum.binStart, occupancy: sum.weighted / sum.weight, partial: sum.partial }));
  }

  const onChange = () => requestAnimationFrame(render);
  const onUnknown = event => {
    if (event.detail === `branches/${gymId}`) {
      unknown = true;
      render();
    }
  };
  store.addEventListener('change', onChange);
  live.addEventListener('unknown', onUnknown);
  const ticker = setInterval(render, 30_000); // "free for 3 min" keeps counting
  const chartRefresher = setInterval(() => { // a new 15-minute bin fills in; the chart follows
    if (timeline.loaded && store.branches.has(gymId)) {
      loadTimeline(store.branches.get(gymId));
    }
  }, 5 * 60_000);
  live.follow([`branches/${gymId}`]);
  render();
  return {
    unmount() {
      store.removeEventListener('change', onChange);
      live.removeEventListener('unknown', onUnknown);
      clearInterval(ticker);
      clearInterval(chartRefresher);
    },
  };
}

/** A machine's list row, filled by {@link updateMachineRow}. */
function machineRow() {
  const icon = h('span', { class: 'status-icon', 'aria-hidden': 'true' });
  const link = h('a', {});
  const text = h('span', { class: 'status-text' });
  return { element: h('li', { class: 'machine' }, icon, link, text), icon, link, text };
}

/** Icon and word for the status (never colour alone), and for how long. */
function updateMachineRow(row, machine) {
  const status = statusLabel(machine.status);
  row.element.className = `machine status-${machine.status}`;
  row.element.dataset.machine = machine.machineId;
  row.icon.textContent = status.icon;
  row.link.href = `#/machines/${encodeURIComponent(machine.machineId)}`;
  row.link.textContent = machine.name;
  row.text.textContent = `${status.word} for ${durationSince(machine.since)}`;
}
