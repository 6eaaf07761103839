// What the page knows about branches, categories and machines: filled by snapshots, kept current by updates.
// Views never keep their own copies; they render from here when told something changed.

export class Store extends EventTarget {

  constructor() {
    super();
    this.branches = new Map();      // gymId -> {id, name, lat, lon, timeZone, totals, categories: {cat: counts}}
    this.machines = new Map();      // machineId -> machine state
    this.categoryMachines = new Map(); // "gymId/category" -> [machineId]
  }

  /** A subscription's snapshot: the same document the REST path of the topic answers. */
  applySnapshot(topic, data) {
    const parts = topic.split('/');
    if (topic === 'branches') {
      data.forEach(branch => this.branches.set(branch.id, branch));
    } else if (parts[0] === 'branches' && parts.length === 2) {
      this.branches.set(data.id, data);
    } else if (parts[0] === 'branches' && parts.length === 4) {
      this.#setCounts(data.gymId, data.category, data);
      this.categoryMachines.set(`${data.gymId}/${data.category}`, data.machines.map(machine => machine.machineId));
      data.machines.forEach(machine => this.machines.set(machine.machineId, machine));
    } else if (parts[0] === 'machines') {
      this.machines.set(data.machineId, data);
    }
    this.#changed();
  }

  /** A `machine` or `summary` message. */
  applyUpdate(message) {
    if (message.type === 'summary') {
      this.#setCounts(message.gymId, message.category, message);
    } else if (message.type === 'machine') {
      const { type, ...machine } = message;
      this.machines.set(machine.machineId, machine);
    }
    this.#changed();
  }

  machinesOf(gymId, category) {
    const ids = this.categoryMachines.get(`${gymId}/${category}`) || [];
    return ids.map(id => this.machines.get(id)).filter(Boolean);
  }

  #setCounts(gymId, category, source) {
    const branch = this.branches.get(gymId);
    if (!branch) {
      return;
    }
    const { free, occupied, offline, total } = source;
    branch.categories[category] = { free, occupied, offline, total };
    branch.totals = Object.values(branch.categories).reduce((sum, counts) => ({
      free: sum.free + counts.free,
      occupied: sum.occupied + counts.occupied,
      offline: sum.offline + counts.offline,
      total: sum.total + counts.total,
    }), { free: 0, occupied: 0, offline: 0, total: 0 });
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
