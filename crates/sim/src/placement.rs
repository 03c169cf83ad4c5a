//! Task placement on EC2 (§2): the resource filter, the constraints, then the strategies in
//! order, over an index of container instances so that a decision does not scan the fleet.
//!
//! The index keeps, per availability zone, the ACTIVE instances that could still take the
//! smallest task of the scenario, ordered by remaining memory, by remaining CPU and by a random
//! key (each only when some service's strategy needs it). Ties between instances equal under
//! every strategy go to the random key (§8.7), which is redrawn whenever the instance changes.
//!
//! Binpack walks its ordering from the least sufficient remaining memory (or CPU) up to the first
//! instance that fits. When tasks differ in the other resource, many instances can have the
//! memory but not the CPU, and the walk would pass them one by one (O(N)). For such scenarios
//! the index also keeps the same ordering split by the exact remaining amount of the other
//! resource (`ResourceClasses`): after a short walk, the search merges the classes that have
//! enough of it, never visiting an instance that lacks it, and finds the same instance.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use rand::RngExt;

use crate::config::Config;
use crate::container_instance::{ContainerInstance, InstanceStatus, Misfit};
use crate::ids::{InstanceId, ServiceId, TaskDefinitionId};
use crate::key_buffers::with_key_buffers;
use crate::placement_constraint::PlacementConstraint;
use crate::service::{Heuristic, PlacementStrategy, SchedulingStrategy, SpreadField};
use crate::simulation::Simulation;

/// The ACTIVE container instances in id order, with a cache of the stall diagnosis's reference
/// instance that every change of the set clears (computing it scans the fleet).
#[derive(Clone, Debug, Default)]
pub struct ActiveInstances {
    set: BTreeSet<InstanceId>,
    reference: Cell<Option<Option<InstanceId>>>,
}

impl ActiveInstances {
    /// Adds an instance; true if it was not there.
    pub fn insert(&mut self, id: InstanceId) -> bool {
        self.reference.set(None);
        self.set.insert(id)
    }

    /// Removes an instance; true if it was there.
    pub fn remove(&mut self, id: &InstanceId) -> bool {
        self.reference.set(None);
        self.set.remove(id)
    }

    /// Whether the instance is ACTIVE.
    pub fn contains(&self, id: &InstanceId) -> bool {
        self.set.contains(id)
    }

    /// The lowest id.
    pub fn first(&self) -> Option<&InstanceId> {
        self.set.first()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when none is ACTIVE.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// In id order.
    pub fn iter(&self) -> std::collections::btree_set::Iter<'_, InstanceId> {
        self.set.iter()
    }

    /// The cached value of `compute`, which must depend only on the set and on what never
    /// changes about an instance.
    pub(crate) fn cached_reference(
        &self,
        compute: impl FnOnce() -> Option<InstanceId>,
    ) -> Option<InstanceId> {
        if let Some(r) = self.reference.get() {
            return r;
        }
        let r = compute();
        self.reference.set(Some(r));
        r
    }
}

impl<'a> IntoIterator for &'a ActiveInstances {
    type Item = &'a InstanceId;
    type IntoIter = std::collections::btree_set::Iter<'a, InstanceId>;

    fn into_iter(self) -> Self::IntoIter {
        self.set.iter()
    }
}

#[derive(Clone, Debug, Default)]
struct ZoneIndex {
    by_memory: BTreeSet<(u32, u32, u32)>,
    by_cpu: BTreeSet<(u32, u32, u32)>,
    by_key: BTreeSet<(u32, u32)>,
    /// `by_memory` split by remaining CPU (when tasks differ in CPU).
    memory_by_cpu: ResourceClasses,
    /// `by_cpu` split by remaining memory (when tasks differ in memory).
    cpu_by_memory: ResourceClasses,
}

/// One binpack ordering, (remaining amount, tie key, instance), split into classes by the exact
/// remaining amount of the other resource.
#[derive(Clone, Debug, Default)]
struct ResourceClasses {
    classes: BTreeMap<u32, BTreeSet<(u32, u32, u32)>>,
}

/// Steps of the plain walk before a binpack search switches to the classes: the first instance
/// usually fits, and merging the classes costs a lookup per class.
const WALK_BEFORE_CLASSES: usize = 8;

impl ResourceClasses {
    fn insert(&mut self, other: u32, entry: (u32, u32, u32)) {
        self.classes.entry(other).or_default().insert(entry);
    }

    fn remove(&mut self, other: u32, entry: &(u32, u32, u32)) {
        if let Some(class) = self.classes.get_mut(&other) {
            class.remove(entry);
            if class.is_empty() {
                self.classes.remove(&other);
            }
        }
    }

    /// The entries after `after` whose class is at least `other`, in order, as a merge of the
    /// classes (one cursor per class).
    fn merged_after(
        &self,
        other: u32,
        after: (u32, u32, u32),
    ) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        let mut cursors: Vec<_> = self
            .classes
            .range(other..)
            .map(|(_, class)| {
                class
                    .range((Bound::Excluded(after), Bound::Unbounded))
                    .peekable()
            })
            .collect();
        std::iter::from_fn(move || {
            let (i, _) = cursors
                .iter_mut()
                .enumerate()
                .filter_map(|(i, c)| c.peek().map(|e| (i, **e)))
                .min_by_key(|&(_, e)| e)?;
            cursors[i].next().copied()
        })
    }
}

/// The placement index.
#[derive(Clone, Debug)]
pub struct PlacementIndex {
    zones: Vec<ZoneIndex>,
    use_memory: bool,
    use_cpu: bool,
    use_key: bool,
    /// Task definitions differ in CPU: binpack on memory keeps CPU classes.
    classes_for_memory: bool,
    /// Task definitions differ in memory: binpack on CPU keeps memory classes.
    classes_for_cpu: bool,
    min_cpu: u32,
    min_memory: u32,
}

/// Which ordering a strategy list searches first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Memory,
    Cpu,
    SpreadInstance,
    Random,
    Scan,
}

fn order_of(strategies: &[PlacementStrategy]) -> Order {
    match strategies.first() {
        Some(PlacementStrategy::BinpackMemory) => Order::Memory,
        Some(PlacementStrategy::BinpackCpu) => Order::Cpu,
        Some(PlacementStrategy::Spread(SpreadField::InstanceId)) => Order::SpreadInstance,
        Some(PlacementStrategy::Random) | None => Order::Random,
        Some(PlacementStrategy::Spread(_) | PlacementStrategy::Heuristic(_)) => Order::Scan,
    }
}

/// Splits off a leading `spread(attribute:ecs.availability-zone)`.
fn split_zone_spread(strategies: &[PlacementStrategy]) -> (bool, &[PlacementStrategy]) {
    match strategies.first() {
        Some(PlacementStrategy::Spread(SpreadField::AvailabilityZone)) => (true, &strategies[1..]),
        _ => (false, strategies),
    }
}

impl PlacementIndex {
    /// An empty index shaped for the scenario's services.
    pub fn new(config: &Config, n_zones: usize) -> PlacementIndex {
        let mut idx = PlacementIndex {
            zones: vec![ZoneIndex::default(); n_zones.max(1)],
            use_memory: false,
            use_cpu: false,
            use_key: false,
            classes_for_memory: false,
            classes_for_cpu: false,
            min_cpu: u32::MAX,
            min_memory: u32::MAX,
        };
        for s in &config.services {
            if s.config.scheduling_strategy == SchedulingStrategy::Daemon {
                continue;
            }
            let strategies = s.config.effective_strategies();
            match order_of(split_zone_spread(&strategies).1) {
                Order::Memory => idx.use_memory = true,
                Order::Cpu => idx.use_cpu = true,
                Order::SpreadInstance | Order::Random | Order::Scan => idx.use_key = true,
            }
        }
        let (mut max_cpu, mut max_memory) = (0, 0);
        for td in &config.task_definitions {
            idx.min_cpu = idx.min_cpu.min(td.cpu_units);
            idx.min_memory = idx.min_memory.min(td.memory_mib);
            max_cpu = max_cpu.max(td.cpu_units);
            max_memory = max_memory.max(td.memory_mib);
        }
        if idx.min_cpu == u32::MAX {
            (idx.min_cpu, idx.min_memory) = (0, 0);
        }
        // An indexed instance has at least the smallest task's CPU and memory: with one size of
        // each, a binpack walk never passes an instance for lacking the other resource.
        idx.classes_for_memory = idx.use_memory && max_cpu > idx.min_cpu;
        idx.classes_for_cpu = idx.use_cpu && max_memory > idx.min_memory;
        idx
    }

    fn indexed(&self, ci: &ContainerInstance) -> bool {
        ci.status == InstanceStatus::Active
            && ci.remaining_cpu >= self.min_cpu
            && ci.remaining_memory >= self.min_memory
    }

    /// Adds an instance (call after changing it).
    pub fn insert(&mut self, ci: &ContainerInstance, id: InstanceId) {
        if !self.indexed(ci) {
            return;
        }
        let z = &mut self.zones[ci.az as usize];
        let by_memory = (ci.remaining_memory, ci.tie_key, id.0);
        let by_cpu = (ci.remaining_cpu, ci.tie_key, id.0);
        if self.use_memory {
            z.by_memory.insert(by_memory);
        }
        if self.classes_for_memory {
            z.memory_by_cpu.insert(ci.remaining_cpu, by_memory);
        }
        if self.use_cpu {
            z.by_cpu.insert(by_cpu);
        }
        if self.classes_for_cpu {
            z.cpu_by_memory.insert(ci.remaining_memory, by_cpu);
        }
        if self.use_key {
            z.by_key.insert((ci.tie_key, id.0));
        }
    }

    /// Removes an instance (call before changing it).
    pub fn remove(&mut self, ci: &ContainerInstance, id: InstanceId) {
        if !self.indexed(ci) {
            return;
        }
        let z = &mut self.zones[ci.az as usize];
        let by_memory = (ci.remaining_memory, ci.tie_key, id.0);
        let by_cpu = (ci.remaining_cpu, ci.tie_key, id.0);
        if self.use_memory {
            z.by_memory.remove(&by_memory);
        }
        if self.classes_for_memory {
            z.memory_by_cpu.remove(ci.remaining_cpu, &by_memory);
        }
        if self.use_cpu {
            z.by_cpu.remove(&by_cpu);
        }
        if self.classes_for_cpu {
            z.cpu_by_memory.remove(ci.remaining_memory, &by_cpu);
        }
        if self.use_key {
            z.by_key.remove(&(ci.tie_key, id.0));
        }
    }
}

/// The last binpack decision (§2.2: least remaining of the resource that fits; ties §8.7):
/// service, task definition, the Auto Scaling group placement was
/// limited to, the resource binpacked, and the instance chosen. While the only changes since are
/// reservations on that instance that took some of that resource, it is still the answer for the
/// same question as long as the task fits on it: it had the least of the resource among the
/// instances the task fitted on, it now has strictly less (so no tie can arise), and nothing
/// made another instance fit. Any other change clears it: of another instance or of this one
/// (`index_detach`), a reservation of none of the resource, a task told to stop (which can make
/// an instance fit again under `distinctInstance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastChoice {
    service: ServiceId,
    task_definition: TaskDefinitionId,
    asg: Option<u16>,
    by_cpu: bool,
    instance: InstanceId,
}

impl LastChoice {
    /// Whether a reservation of `cpu` units and `memory` MiB on `instance` keeps the decision.
    pub(crate) fn kept_by(self, instance: InstanceId, cpu: u32, memory: u32) -> bool {
        self.instance == instance && if self.by_cpu { cpu > 0 } else { memory > 0 }
    }
}

/// Where a new task goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The container instance (EC2).
    pub instance: Option<InstanceId>,
    /// The Fargate provider.
    pub provider: Option<crate::capacity_provider::CapacityProvider>,
    /// The subnet of its ENI, when the service has subnets.
    pub subnet: Option<u16>,
    /// Its zone (index into the cluster's zone list).
    pub az: u16,
    /// No instance yet: the task waits in PROVISIONING for this capacity provider (§3.4).
    pub awaiting_capacity: Option<u16>,
}

/// Why no instance was chosen: the reason of the closest matching instance (§1.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// The reason.
    pub misfit: Misfit,
    /// The closest matching instance, if the cluster has any ACTIVE instance.
    pub closest: Option<InstanceId>,
}

/// A candidate found in one zone, with its strategy key (smaller is better).
#[derive(Clone, Copy, Debug)]
struct Candidate {
    id: InstanceId,
    key: (u64, u32),
}

impl Simulation {
    /// Checks the resource filter and the constraints of §2.1 for one instance.
    pub(crate) fn misfit(
        &self,
        s: ServiceId,
        td: TaskDefinitionId,
        id: InstanceId,
    ) -> Option<Misfit> {
        let ci = &self.instances[id.idx()];
        let t = &self.task_definitions[td.idx()];
        if let Some(m) = ci.resource_misfit(
            t.cpu_units,
            t.memory_mib,
            &t.static_host_ports,
            t.uses_eni(),
        ) {
            return Some(m);
        }
        // A capacity provider's tasks go only to its Auto Scaling group's instances (§3.4).
        if self.placement_asg.is_some_and(|g| ci.asg != Some(g)) {
            return Some(Misfit::Constraint);
        }
        let svc = &self.services[s.idx()];
        for c in &svc.config.placement_constraints {
            let ok = match c {
                PlacementConstraint::DistinctInstance => !svc.tasks_per_instance.contains_key(&id),
                PlacementConstraint::MemberOf(e) => e.eval(&ci.spec.attributes),
            };
            if !ok {
                return Some(Misfit::Constraint);
            }
        }
        None
    }

    /// Chooses a container instance for a new task of service `s` (§2.1–§2.3).
    ///
    /// Public so that benchmarks can time a placement decision alone; it reserves nothing.
    pub fn choose_instance(
        &mut self,
        s: ServiceId,
        td: TaskDefinitionId,
    ) -> Result<InstanceId, Unplaced> {
        let binpack = {
            let (zone_first, rest) = split_zone_spread(&self.services[s.idx()].strategies);
            match order_of(rest) {
                Order::Memory if !zone_first => Some(false),
                Order::Cpu if !zone_first => Some(true),
                _ => None,
            }
        };
        let asg = self.placement_asg;
        let question = move |by_cpu, instance| LastChoice {
            service: s,
            task_definition: td,
            asg,
            by_cpu,
            instance,
        };
        if let (Some(x), Some(by_cpu)) = (self.index_pending, binpack)
            && self.last_choice == Some(question(by_cpu, x))
            && self.misfit(s, td, x).is_none()
        {
            return Ok(x);
        }
        self.flush_index();
        // Taken out and put back so that the search can borrow the simulation mutably.
        let strategies = std::mem::take(&mut self.services[s.idx()].strategies);
        let chosen = self.choose_with(s, td, &strategies);
        self.services[s.idx()].strategies = strategies;
        self.last_choice = match (&chosen, binpack) {
            (Ok(x), Some(by_cpu)) => Some(question(by_cpu, *x)),
            _ => None,
        };
        chosen
    }

    /// Takes an instance out of the placement index before it changes; `keep_last_choice` says
    /// the change keeps `last_choice` (`LastChoice::kept_by`). Its re-insertion waits in
    /// `index_pending` (set by the caller after the change) until the index is next searched or
    /// another instance changes: binpack fills an instance task after task, and the B-tree
    /// updates in between are saved (docs/performance.md).
    pub(crate) fn index_detach(&mut self, id: InstanceId, keep_last_choice: bool) {
        if !keep_last_choice {
            self.last_choice = None;
        }
        if self.index_pending == Some(id) {
            return;
        }
        self.flush_index();
        self.index.remove(&self.instances[id.idx()], id);
    }

    /// Tests only (`check_invariants`): when the next placement would reuse the last binpack
    /// decision, that it is what a search over every instance finds: the least of the binpack
    /// resource, then the smallest tie key, among the instances the task fits on.
    pub(crate) fn check_last_choice(&mut self) -> Option<String> {
        let lc = self.last_choice?;
        if self.index_pending != Some(lc.instance) {
            return None;
        }
        let saved = std::mem::replace(&mut self.placement_asg, lc.asg);
        let (s, td) = (lc.service, lc.task_definition);
        let by_cpu = lc.by_cpu;
        let reused = self.misfit(s, td, lc.instance).is_none();
        let best = (0..self.instances.len() as u32)
            .map(InstanceId)
            .filter(|&i| self.misfit(s, td, i).is_none())
            .min_by_key(|&i| {
                let ci = &self.instances[i.idx()];
                let left = if by_cpu {
                    ci.remaining_cpu
                } else {
                    ci.remaining_memory
                };
                (left, ci.tie_key, i.0)
            });
        self.placement_asg = saved;
        (reused && best != Some(lc.instance)).then(|| {
            format!(
                "the reused binpack decision {:?} is not the best instance {best:?} at {}",
                lc.instance, self.now
            )
        })
    }

    /// Puts the pending instance back into the index.
    pub(crate) fn flush_index(&mut self) {
        if let Some(x) = self.index_pending.take() {
            self.index.insert(&self.instances[x.idx()], x);
        }
    }

    /// Adds an instance to the index (it registered or became ACTIVE).
    pub(crate) fn index_insert(&mut self, id: InstanceId) {
        self.last_choice = None;
        self.flush_index();
        self.index.insert(&self.instances[id.idx()], id);
    }

    /// Removes an instance from the index (it is DRAINING or gone).
    pub(crate) fn index_remove(&mut self, id: InstanceId) {
        self.last_choice = None;
        self.flush_index();
        self.index.remove(&self.instances[id.idx()], id);
    }

    fn choose_with(
        &mut self,
        s: ServiceId,
        td: TaskDefinitionId,
        strategies: &[PlacementStrategy],
    ) -> Result<InstanceId, Unplaced> {
        let (zone_first, rest) = split_zone_spread(strategies);
        let order = order_of(rest);
        let mut closest: Option<(Misfit, InstanceId)> = None;
        let n_zones = self.zones.len().max(1);
        if zone_first {
            // The zone with the fewest tasks of this service that has a feasible instance;
            // equal zones in random order.
            // The zone order lives in a reused buffer: this runs for every placement decision.
            let mut zones = std::mem::take(&mut self.zone_order);
            zones.clear();
            zones.extend((0..n_zones).map(|z| {
                (
                    self.services[s.idx()].tasks_per_az[z],
                    self.rng.random::<u32>(),
                    z,
                )
            }));
            zones.sort_unstable();
            let mut found = None;
            for &(_, _, z) in &zones {
                if let Some(c) = self.best_in_zone(s, td, z, order, rest, &mut closest) {
                    found = Some(c.id);
                    break;
                }
            }
            self.zone_order = zones;
            if let Some(id) = found {
                return Ok(id);
            }
        } else if order == Order::Scan {
            // One scan over every zone, so that instances compare by their whole key wherever
            // they are.
            let shuffle = self.shuffle_for(rest);
            if let Some(id) = self.scan(s, td, 0..n_zones, rest, shuffle, &mut closest) {
                return Ok(id);
            }
        } else {
            let mut best: Option<Candidate> = None;
            for z in 0..n_zones {
                if let Some(c) = self.best_in_zone(s, td, z, order, rest, &mut closest)
                    && best.is_none_or(|b| c.key < b.key)
                {
                    best = Some(c);
                }
            }
            if let Some(b) = best {
                return Ok(b.id);
            }
        }
        Err(self.unplaced(s, td, closest))
    }

    fn unplaced(
        &self,
        s: ServiceId,
        td: TaskDefinitionId,
        closest: Option<(Misfit, InstanceId)>,
    ) -> Unplaced {
        if let Some((misfit, id)) = closest {
            return Unplaced {
                misfit,
                closest: Some(id),
            };
        }
        // Nothing was examined: every ACTIVE instance is below the smallest task's needs, so the
        // first ACTIVE one is as close as any.
        match self.active_instances.first() {
            Some(&id) => Unplaced {
                misfit: self.misfit(s, td, id).unwrap_or(Misfit::Cpu),
                closest: Some(id),
            },
            None => Unplaced {
                misfit: Misfit::NotActive,
                closest: None,
            },
        }
    }

    fn note_closest(closest: &mut Option<(Misfit, InstanceId)>, misfit: Misfit, id: InstanceId) {
        if closest.is_none() {
            *closest = Some((misfit, id));
        }
    }

    /// The first instance of a binpack ordering, (remaining, tie key, instance), that the task
    /// fits on; notes the first that it does not fit on as the closest.
    fn first_fit(
        &self,
        s: ServiceId,
        td: TaskDefinitionId,
        need: u32,
        ordering: impl Iterator<Item = (u32, u32, u32)>,
        closest: &mut Option<(Misfit, InstanceId)>,
    ) -> Option<Candidate> {
        for (remaining, tie, id) in ordering {
            let id = InstanceId(id);
            match self.misfit(s, td, id) {
                None => {
                    return Some(Candidate {
                        id,
                        key: ((remaining - need) as u64, tie),
                    });
                }
                Some(m) => Self::note_closest(closest, m, id),
            }
        }
        None
    }

    fn best_in_zone(
        &mut self,
        s: ServiceId,
        td: TaskDefinitionId,
        z: usize,
        order: Order,
        rest: &[PlacementStrategy],
        closest: &mut Option<(Misfit, InstanceId)>,
    ) -> Option<Candidate> {
        let (cpu, mem) = {
            let t = &self.task_definitions[td.idx()];
            (t.cpu_units, t.memory_mib)
        };
        match order {
            Order::Memory | Order::Cpu => {
                let zone = &self.index.zones[z];
                let (set, need, need_other, classes, use_classes) = if order == Order::Memory {
                    let classes = &zone.memory_by_cpu;
                    (
                        &zone.by_memory,
                        mem,
                        cpu,
                        classes,
                        self.index.classes_for_memory,
                    )
                } else {
                    let classes = &zone.cpu_by_memory;
                    (&zone.by_cpu, cpu, mem, classes, self.index.classes_for_cpu)
                };
                let mut walk = set.range((need, 0, 0)..);
                let mut last = None;
                let head = walk
                    .by_ref()
                    .take(WALK_BEFORE_CLASSES)
                    .inspect(|&&e| last = Some(e))
                    .copied();
                let mut found = self.first_fit(s, td, need, head, closest);
                if found.is_none()
                    && let Some(after) = last
                {
                    // The rest of the walk: through the classes with enough of the other
                    // resource (the instances without it would not fit), or on.
                    found = if use_classes {
                        self.first_fit(
                            s,
                            td,
                            need,
                            classes.merged_after(need_other, after),
                            closest,
                        )
                    } else {
                        self.first_fit(s, td, need, walk.copied(), closest)
                    };
                }
                if found.is_none()
                    && closest.is_none()
                    && let Some(&(_, _, id)) = set.last()
                {
                    // Every instance has less of this resource than the task needs.
                    let id = InstanceId(id);
                    if let Some(m) = self.misfit(s, td, id) {
                        Self::note_closest(closest, m, id);
                    }
                }
                found
            }
            Order::Random => {
                let start = self.rng.random::<u32>();
                self.first_fit_by_key(s, td, z, start, false, closest)
            }
            Order::SpreadInstance => {
                let start = self.rng.random::<u32>();
                // Prefer an instance with no task of this service, then the fewest.
                if let Some(c) = self.first_fit_by_key(s, td, z, start, true, closest) {
                    return Some(c);
                }
                let mut hosting: Vec<(u32, u32, InstanceId)> = self.services[s.idx()]
                    .tasks_per_instance
                    .iter()
                    .filter(|(id, _)| self.instances[id.idx()].az as usize == z)
                    .map(|(&id, &n)| (n, self.instances[id.idx()].tie_key, id))
                    .collect();
                hosting.sort_unstable();
                for (n, tie, id) in hosting {
                    match self.misfit(s, td, id) {
                        None => {
                            return Some(Candidate {
                                id,
                                key: (n as u64, tie),
                            });
                        }
                        Some(m) => Self::note_closest(closest, m, id),
                    }
                }
                None
            }
            Order::Scan => {
                // Reached only after a zone spread, whose search reads the id alone.
                let shuffle = self.shuffle_for(rest);
                self.scan(s, td, z..z + 1, rest, shuffle, closest)
                    .map(|id| Candidate { id, key: (0, 0) })
            }
        }
    }

    /// Walks the random-key order from `start`, wrapping around.
    fn first_fit_by_key(
        &self,
        s: ServiceId,
        td: TaskDefinitionId,
        z: usize,
        start: u32,
        skip_hosting: bool,
        closest: &mut Option<(Misfit, InstanceId)>,
    ) -> Option<Candidate> {
        let set = &self.index.zones[z].by_key;
        let svc = &self.services[s.idx()];
        for &(tie, id) in set.range((start, 0)..).chain(set.range(..(start, 0))) {
            let id = InstanceId(id);
            if skip_hosting && svc.tasks_per_instance.contains_key(&id) {
                continue;
            }
            match self.misfit(s, td, id) {
                None => {
                    return Some(Candidate {
                        id,
                        key: (0, tie.wrapping_sub(start)),
                    });
                }
                Some(m) => Self::note_closest(closest, m, id),
            }
        }
        None
    }

    /// The `random` heuristic draws a fresh order of the instances for every decision, so that
    /// it picks uniformly among those that fit, as in the benchmark: the salt of that order.
    fn shuffle_for(&mut self, strategies: &[PlacementStrategy]) -> Option<u64> {
        matches!(
            strategies.first(),
            Some(PlacementStrategy::Heuristic(h)) if h.breaks_ties_randomly()
        )
        .then(|| self.rng.random::<u64>())
    }

    /// The general path for strategies the index does not order by (spread over a custom
    /// attribute, placement heuristics): scores every indexed instance of `zones` by its whole
    /// key, one value per strategy, and returns the best. O(instances). Equal keys go to the
    /// instance's random tie key (§8.7); to the lowest instance id when the first strategy is a
    /// heuristic that breaks ties that way; or, given `shuffle`, to a key drawn afresh for this
    /// decision (`random`).
    fn scan(
        &self,
        s: ServiceId,
        td: TaskDefinitionId,
        zones: std::ops::Range<usize>,
        strategies: &[PlacementStrategy],
        shuffle: Option<u64>,
        closest: &mut Option<(Misfit, InstanceId)>,
    ) -> Option<InstanceId> {
        let t = &self.task_definitions[td.idx()];
        let svc = &self.services[s.idx()];
        let ties_by_id = matches!(
            strategies.first(),
            Some(PlacementStrategy::Heuristic(h)) if !h.breaks_ties_randomly()
        );
        with_key_buffers(strategies.len(), |best_key, key| {
            let mut best: Option<(InstanceId, u32)> = None;
            for z in zones {
                for &(tie, id) in &self.index.zones[z].by_key {
                    let instance = InstanceId(id);
                    if let Some(m) = self.misfit(s, td, instance) {
                        Self::note_closest(closest, m, instance);
                        continue;
                    }
                    let tie = match shuffle {
                        Some(salt) => shuffled(salt, id),
                        None if ties_by_id => id,
                        None => tie,
                    };
                    let ci = &self.instances[instance.idx()];
                    let on_instance = || *svc.tasks_per_instance.get(&instance).unwrap_or(&0);
                    for (k, st) in key.iter_mut().zip(strategies) {
                        *k = match st {
                            PlacementStrategy::BinpackMemory => {
                                (ci.remaining_memory - t.memory_mib) as u64
                            }
                            PlacementStrategy::BinpackCpu => {
                                (ci.remaining_cpu - t.cpu_units) as u64
                            }
                            PlacementStrategy::Random => 0,
                            PlacementStrategy::Spread(SpreadField::InstanceId) => {
                                on_instance() as u64
                            }
                            PlacementStrategy::Spread(SpreadField::AvailabilityZone) => {
                                svc.tasks_per_az[ci.az as usize] as u64
                            }
                            PlacementStrategy::Spread(SpreadField::Attribute(a)) => {
                                self.tasks_with_attribute(s, a, ci)
                            }
                            PlacementStrategy::Heuristic(h) => h
                                .online_score(
                                    &[ci.spec.cpu_units as u64, ci.spec.memory_mib as u64],
                                    &[ci.remaining_cpu as u64, ci.remaining_memory as u64],
                                    &[t.cpu_units as u64, t.memory_mib as u64],
                                    // Only `spread` counts the service's tasks on the instance.
                                    if *h == Heuristic::Spread {
                                        on_instance()
                                    } else {
                                        0
                                    },
                                )
                                // The instance passed the resource filter, so the task fits.
                                .map_or(u64::MAX, |score| score.order_key()),
                        };
                    }
                    if best.is_none_or(|(_, best_tie)| (&*key, tie) < (&*best_key, best_tie)) {
                        best_key.copy_from_slice(key);
                        best = Some((instance, tie));
                    }
                }
            }
            best.map(|(id, _)| id)
        })
    }

    /// Live tasks of `s` on instances whose attribute `name` equals that of `ci`.
    pub(crate) fn tasks_with_attribute(
        &self,
        s: ServiceId,
        name: &str,
        ci: &ContainerInstance,
    ) -> u64 {
        let value = ci.spec.attributes.get(name);
        self.services[s.idx()]
            .tasks_per_instance
            .iter()
            .filter(|(id, _)| self.instances[id.idx()].spec.attributes.get(name) == value)
            .map(|(_, &n)| n as u64)
            .sum()
    }
}

/// The key of instance `id` under `salt`: for a fresh salt, the keys of the instances are as good
/// as independent uniform draws (the SplitMix64 finaliser of the salted id).
fn shuffled(salt: u64, id: u32) -> u32 {
    let mut x = salt ^ (u64::from(id)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((x ^ (x >> 31)) >> 32) as u32
}
