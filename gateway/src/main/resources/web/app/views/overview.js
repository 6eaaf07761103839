// The chain at a glance: a tile per branch with free/total per category, live; nearest first once the member
// shares their location.

import { h, fill } from '../dom.js';
import { categoryName, distanceKm, distanceText } from '../format.js';
import { rememberedPosition, askPosition } from '../position.js';

export function mount(root, { store, live }) {
  let position = rememberedPosition();
  const grid = h('div', { class: 'tiles' });
  const sortNote = h('p', { class: 'sort-note', role: 'status' });
  const sortButton = h('button', { type: 'button', class: 'secondary', onclick: locate }, 'Sort by distance');
  fill(root,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Branches'),
      h('div', { class: 'sort' }, sortButton, sortNote)),
    grid);
  const tiles = new Map();

  async function locate() {
    sortNote.textContent = 'Finding you…';
    try {
      position = await askPosition();
      render();
    } catch (error) {
      sortNote.textContent = error.message;
    }
  }

  function render() {
    const branches = [...store.branches.values()];
    if (branches.length === 0) {
      grid.replaceChildren(h('p', { class: 'loading' }, 'Loading branches…'));
      return;
    }
    const distances = new Map(branches.map(branch => [branch.id, position ? distanceKm(position, branch) : null]));
    branches.sort(position
      ? (a, b) => distances.get(a.id) - distances.get(b.id)
      : (a, b) => a.name.localeCompare(b.name));
    sortNote.textContent = position ? 'Nearest first.' : '';
    sortButton.hidden = position !== null;
    const ordered = branches.map(branch => {
      const tile = tiles.get(branch.id) || tiles.set(branch.id, newTile(branch)).get(branch.id);
      updateTile(tile, branch, distances.get(branch.id));
      return tile.element;
    });
    // moves only what moved, so focus and screen-reader position survive a live update
    ordered.forEach((element, index) => {
      if (grid.children[index] !== element) {
        grid.insertBefore(element, grid.children[index] || null);
      }
    });
    while (grid.children.length > ordered.length) {
      grid.lastElementChild.remove();
    }
  }

  const onChange = () => requestAnimationFrame(render);
  store.addEventListener('change', onChange);
  live.follow(['branches']);
  document.title = 'GymPulse';
  render();
  return { unmount: () => store.removeEventListener('change', onChange) };
}

function newTile(branch) {
  const totals = h('p', { class: 'totals' });
  const distance = h('p', { class: 'distance' });
  const categories = h('ul', { class: 'categories' });
  const element = h('article', { class: 'tile', 'data-gym': branch.id },
    h('h2', {}, h('a', { href: `#/branches/${encodeURIComponent(branch.id)}` }, branch.name)),
    distance, totals, categories);
  return { element, totals, distance, categories, rows: new Map() };
}

function updateTile(tile, branch, km) {
  tile.distance.textContent = km === null || km === undefined ? '' : `${distanceText(km)} away`;
  fill(tile.totals, h('strong', {}, String(branch.totals.free)), ` of ${branch.totals.total} machines free`);
  for (const [category, counts] of Object.entries(branch.categories)) {
    let row = tile.rows.get(category);
    if (!row) {
      const count = h('span', { class: 'count' });
      const bar = h('span', { class: 'meter-fill' });
      row = { element: h('li', { 'data-category': category },
        h('span', { class: 'category' }, categoryName(category)), count,
        h('span', { class: 'meter', 'aria-hidden': 'true' }, bar)), count, bar };
      tile.rows.set(category, row);
      tile.categories.append(row.element);
    }
    row.element.classList.toggle('none-free', counts.free === 0);
    row.count.textContent = counts.free === 0 ? `none free of ${counts.total}` : `${counts.free} / ${counts.total} free`;
    row.bar.style.width = counts.total === 0 ? '0' : `${(100 * counts.free) / counts.total}%`;
  }
}
