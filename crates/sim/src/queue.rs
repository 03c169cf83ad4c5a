//! The event queue: events in (time, push order).
//!
//! A binary heap holds the first event of each run of events for one instant, and the rest of
//! the run waits in a FIFO: the millions of events a large fleet schedules for the same few
//! instants (a health-check interval or a deregistration delay after a deploy step) then cost an
//! append each, not a heap operation. Events for the current instant (zero delays, most of them)
//! go to a FIFO of their own. With all-distinct times no run has a rest and this is a plain
//! binary heap.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use crate::event::Event;
use crate::time::SimTime;

/// How many instants keep their run open for more events.
const OPEN_RUNS: usize = 8;

const NO_SLOT: u32 = u32::MAX;

/// Events scheduled for the same instant run in the order they were scheduled (FIFO), never in
/// an order that depends on the payload.
///
/// Why the order holds: a run accepts pushes for its instant from its first event until it is
/// closed (replaced in `open`) or popped, and while it accepts them no other run for its
/// instant starts. So the events of one instant form runs, and runs pop by (instant, sequence
/// number of their first event); the events pushed for `now` once it is reached come after all
/// of them. Heap entries are never earlier than `now`; a push for an instant already passed
/// goes to `past`.
#[derive(Debug, Default)]
pub struct EventQueue {
    /// First event of every pending run.
    heap: BinaryHeap<Entry>,
    next_seq: u64,
    /// The instant of the last run popped.
    now: SimTime,
    /// The rest of the run being emptied (its instant is `now`).
    draining: VecDeque<Event>,
    /// Events pushed for `now` after it was reached.
    current: VecDeque<Event>,
    /// Open runs: (instant, sequence number of the first event, slot of the rest if any).
    open: [(SimTime, u64, u32); OPEN_RUNS],
    n_open: usize,
    next_close: usize,
    /// The slot of the rest of each run that has more than one event, by the first event's
    /// sequence number (empty when all times differ: that case costs no more than a heap).
    rest: BTreeMap<u64, u32>,
    /// Rests by slot; free slots are empty and listed in `free`.
    slots: Vec<VecDeque<Event>>,
    free: Vec<u32>,
    /// Events pushed for an instant before `now` (never by the simulation).
    past: BinaryHeap<Entry>,
    len: usize,
}

#[derive(Debug)]
struct Entry {
    at: SimTime,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the earliest first.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

impl EventQueue {
    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: SimTime, event: Event) {
        self.len += 1;
        let seq = self.next_seq;
        self.next_seq += 1;
        if at == self.now {
            self.current.push_back(event);
            return;
        }
        if at < self.now {
            self.past.push(Entry { at, seq, event });
            return;
        }
        // Runs already popped (instant not after `now`) stay in `open` until replaced: no push
        // reaches this point for their instant.
        let mut stale = None;
        for (i, o) in self.open[..self.n_open].iter_mut().enumerate() {
            if o.0 != at {
                if o.0 <= self.now && stale.is_none() {
                    stale = Some(i);
                }
                continue;
            }
            if o.2 == NO_SLOT {
                o.2 = self.free.pop().unwrap_or_else(|| {
                    self.slots.push(VecDeque::new());
                    (self.slots.len() - 1) as u32
                });
                self.rest.insert(o.1, o.2);
            }
            self.slots[o.2 as usize].push_back(event);
            return;
        }
        self.heap.push(Entry { at, seq, event });
        if let Some(i) = stale {
            self.open[i] = (at, seq, NO_SLOT);
        } else if self.n_open < OPEN_RUNS {
            self.open[self.n_open] = (at, seq, NO_SLOT);
            self.n_open += 1;
        } else {
            self.open[self.next_close] = (at, seq, NO_SLOT);
            self.next_close = (self.next_close + 1) % OPEN_RUNS;
        }
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, Event)> {
        if !self.past.is_empty()
            && let Some(p) = self.past.pop()
        {
            self.len -= 1;
            return Some((p.at, p.event));
        }
        let e = if let Some(e) = self.draining.pop_front() {
            e
        } else {
            let next = self.heap.peek().map(|e| e.at);
            if next == Some(self.now) || (self.current.is_empty() && next.is_some()) {
                self.take_next_run()?
            } else {
                self.current.pop_front()?
            }
        };
        self.len -= 1;
        Some((self.now, e))
    }

    /// Pops the heap's first run: returns its first event, moves the rest to `draining`
    /// (empty) and makes its instant `now`.
    fn take_next_run(&mut self) -> Option<Event> {
        let entry = self.heap.pop()?;
        if !self.rest.is_empty()
            && let Some(slot) = self.rest.remove(&entry.seq)
        {
            std::mem::swap(&mut self.draining, &mut self.slots[slot as usize]);
            self.free.push(slot);
        }
        self.now = entry.at;
        Some(entry.event)
    }

    /// The time of the earliest event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        if let Some(p) = self.past.peek() {
            Some(p.at)
        } else if !self.draining.is_empty() || !self.current.is_empty() {
            Some(self.now)
        } else {
            self.heap.peek().map(|e| e.at)
        }
    }

    /// Number of scheduled events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_time_is_fifo_and_time_orders_first() {
        let mut q = EventQueue::default();
        q.push(10, Event::Sample);
        q.push(5, Event::Reconcile(crate::ServiceId(1)));
        q.push(10, Event::Reconcile(crate::ServiceId(2)));
        q.push(5, Event::Reconcile(crate::ServiceId(3)));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![
                (5, Event::Reconcile(crate::ServiceId(1))),
                (5, Event::Reconcile(crate::ServiceId(3))),
                (10, Event::Sample),
                (10, Event::Reconcile(crate::ServiceId(2))),
            ]
        );
    }

    #[test]
    fn events_pushed_for_now_keep_the_time_then_fifo_order() {
        let r = |i| Event::Reconcile(crate::ServiceId(i));
        let mut q = EventQueue::default();
        q.push(10, r(1));
        q.push(10, r(2));
        q.push(0, r(0)); // at the current time: the FIFO
        assert_eq!(q.pop(), Some((0, r(0))));
        assert_eq!(q.pop(), Some((10, r(1))));
        // Now at 10: r(3) goes behind r(2), which was scheduled earlier for the same time.
        q.push(10, r(3));
        q.push(20, r(5));
        q.push(10, r(4));
        assert_eq!(q.len(), 4);
        assert_eq!(q.peek_time(), Some(10));
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, vec![(10, r(2)), (10, r(3)), (10, r(4)), (20, r(5))]);
        assert!(q.is_empty());
        assert_eq!(q.peek_time(), None);
        // A time already passed still comes first.
        q.push(30, r(7));
        q.push(5, r(6));
        assert_eq!(q.peek_time(), Some(5));
        assert_eq!(q.pop(), Some((5, r(6))));
        assert_eq!(q.pop(), Some((30, r(7))));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn matches_a_reference_model() {
        // Random pushes (many repeated instants, more than OPEN_BUCKETS of them at once, some
        // before the last pop) interleaved with pops, against a list sorted by (time, push).
        let mut x = 12345u64;
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 33
        };
        for round in 0..20 {
            let mut q = EventQueue::default();
            let mut model: Vec<(u64, u32)> = Vec::new(); // (time, id); ids grow with pushes
            let (mut now, mut id) = (0u64, 0u32);
            for _ in 0..3000 {
                if next() % 3 != 0 {
                    let at = match next() % 10 {
                        0 if now > 0 => now - 1 - next() % now.min(5),
                        1 | 2 => now,
                        _ => now + next() % (1 + round * 3) * 10,
                    };
                    q.push(at, Event::Reconcile(crate::ServiceId(id)));
                    model.push((at, id));
                    id += 1;
                } else {
                    let want = model
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, e)| **e)
                        .map(|(i, _)| i)
                        .map(|i| model.remove(i));
                    let got = q.pop().map(|(t, e)| match e {
                        Event::Reconcile(s) => (t, s.0),
                        _ => unreachable!(),
                    });
                    assert_eq!(got, want, "round {round}");
                    if let Some((t, _)) = got {
                        now = now.max(t);
                    }
                }
                assert_eq!(q.len(), model.len());
                assert_eq!(q.peek_time(), model.iter().min().map(|e| e.0));
            }
        }
    }
}
