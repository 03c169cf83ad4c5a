//! The event queue: events in (time, push order).
//!
//! A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster algorithms for the shortest path
//! problem", 1990), which needs only what a discrete-event simulation guarantees: integer times
//! and no event scheduled before the last one popped. Bucket `i` holds the events whose time
//! differs from `last` (the time of the last event popped) first in bit `i - 1`, counting from
//! the lowest; bucket 0 holds those at `last`. A push is an append; a pop takes from bucket 0 and,
//! when it is empty, moves the lowest non-empty bucket down around its smallest time. An event
//! moves down at most once per bit of the time, and the millions of events a large fleet
//! schedules for the same few instants move together.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::event::Event;
use crate::time::SimTime;

/// One bucket per bit of a `SimTime`, plus bucket 0 for `last` itself.
const BUCKETS: usize = 65;

/// Events scheduled for the same instant run in the order they were scheduled (FIFO), never in
/// an order that depends on the payload.
///
/// Why the order holds: events with the same time always sit in the same bucket (the bucket
/// depends on the time and on `last` only, and moving a bucket down changes `last` only to a
/// time that agrees with it on every bit that places an event of a higher bucket), each bucket
/// keeps push order, and moving a bucket down keeps its order. A push for an instant before
/// `last` goes to `past` (never by the simulation).
#[derive(Debug)]
pub struct EventQueue {
    /// The time of the last event popped: every event in the buckets is at or after it.
    last: SimTime,
    buckets: Vec<Vec<(SimTime, Event)>>,
    /// Bit `i - 1` is set when bucket `i` (1..=64) is not empty.
    non_empty: u64,
    /// Bucket 0 is read from here on (it is a FIFO).
    head: usize,
    /// Events pushed for an instant before `last`, by (time, push order).
    past: BinaryHeap<Entry>,
    next_seq: u64,
    len: usize,
}

impl Default for EventQueue {
    fn default() -> Self {
        EventQueue {
            last: 0,
            buckets: vec![Vec::new(); BUCKETS],
            non_empty: 0,
            head: 0,
            past: BinaryHeap::new(),
            next_seq: 0,
            len: 0,
        }
    }
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

/// The bucket of time `at` relative to `last` (`at >= last`).
fn bucket(at: SimTime, last: SimTime) -> usize {
    (u64::BITS - (at ^ last).leading_zeros()) as usize
}

impl EventQueue {
    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: SimTime, event: Event) {
        self.len += 1;
        if at < self.last {
            let seq = self.next_seq;
            self.next_seq += 1;
            self.past.push(Entry { at, seq, event });
            return;
        }
        let b = bucket(at, self.last);
        if b > 0 {
            self.non_empty |= 1 << (b - 1);
        }
        self.buckets[b].push((at, event));
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, Event)> {
        if let Some(p) = self.past.pop() {
            self.len -= 1;
            return Some((p.at, p.event));
        }
        if !self.refill() {
            return None;
        }
        let e = self.buckets[0][self.head];
        self.head += 1;
        self.len -= 1;
        Some(e)
    }

    /// Makes bucket 0 hold an unread event, if any is left; false when the buckets are empty.
    fn refill(&mut self) -> bool {
        if self.head < self.buckets[0].len() {
            return true;
        }
        self.buckets[0].clear();
        self.head = 0;
        if self.non_empty == 0 {
            return false;
        }
        let i = self.non_empty.trailing_zeros() as usize + 1;
        self.non_empty &= !(1 << (i - 1));
        let mut moving = std::mem::take(&mut self.buckets[i]);
        let min = moving.iter().map(|e| e.0).min().expect("bucket not empty");
        self.last = min;
        for &(at, event) in &moving {
            let b = bucket(at, min);
            debug_assert!(b < i);
            if b > 0 {
                self.non_empty |= 1 << (b - 1);
            }
            self.buckets[b].push((at, event));
        }
        moving.clear();
        self.buckets[i] = moving; // keeps its capacity
        true
    }

    /// The time of the earliest event, if any.
    pub fn peek_time(&mut self) -> Option<SimTime> {
        if let Some(p) = self.past.peek() {
            Some(p.at)
        } else if self.refill() {
            Some(self.last)
        } else {
            None
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
        // Random pushes (many repeated instants, over many bits, some
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
