//! The event queue: events in (time, push order), kept as one FIFO per pending instant.
//!
//! Delays in a scenario are few distinct values (a reaction of 0, a health check interval, a
//! deregistration delay), so at scale millions of events share a handful of instants: a FIFO per
//! instant makes push and pop O(1) with sequential memory access where a binary heap would do
//! O(log n) cache misses. With all-distinct times it is an ordered map, O(log n) like a heap.

use std::collections::{BTreeMap, VecDeque};

use crate::event::Event;
use crate::time::SimTime;

/// Events scheduled for the same instant run in the order they were scheduled (FIFO), never in
/// an order that depends on the payload.
#[derive(Debug, Default)]
pub struct EventQueue {
    /// The instant of the last pop.
    now: SimTime,
    /// Events at `now`, in push order.
    current: VecDeque<Event>,
    /// Events at other instants, one FIFO each (times before `now` only if pushed so).
    later: BTreeMap<SimTime, VecDeque<Event>>,
    /// Emptied FIFOs, kept for their capacity.
    spare: Vec<VecDeque<Event>>,
    len: usize,
}

impl EventQueue {
    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: SimTime, event: Event) {
        self.len += 1;
        if at == self.now {
            self.current.push_back(event);
        } else {
            let spare = &mut self.spare;
            self.later
                .entry(at)
                .or_insert_with(|| spare.pop().unwrap_or_default())
                .push_back(event);
        }
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, Event)> {
        // Pushed for a time already passed: earlier than anything at `now`.
        if let Some(mut first) = self.later.first_entry()
            && *first.key() < self.now
        {
            let at = *first.key();
            let event = first.get_mut().pop_front();
            if first.get().is_empty() {
                self.spare.push(first.remove());
            }
            self.len -= 1;
            return event.map(|e| (at, e));
        }
        if self.current.is_empty() {
            let (at, next) = self.later.pop_first()?;
            self.spare.push(std::mem::replace(&mut self.current, next));
            self.now = at;
        }
        let event = self.current.pop_front()?;
        self.len -= 1;
        Some((self.now, event))
    }

    /// The time of the earliest event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        let later = self.later.first_key_value().map(|(&at, _)| at);
        match later {
            Some(at) if at < self.now || self.current.is_empty() => Some(at),
            _ if !self.current.is_empty() => Some(self.now),
            _ => None,
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
    fn matches_a_sort_by_time_then_push_order() {
        // Pseudo-random times with many repeats, popping while pushing (times never before the
        // last pop, as in the simulation).
        let mut q = EventQueue::default();
        let mut expected = Vec::new();
        let (mut x, mut now, mut seq, mut popped) = (12345u64, 0u64, 0u32, Vec::new());
        for round in 0..2000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = now + (x >> 33) % 7 * 10;
            q.push(at, Event::Reconcile(crate::ServiceId(seq)));
            expected.push((at, seq));
            seq += 1;
            if round % 3 == 0
                && let Some((t, e)) = q.pop()
            {
                now = t;
                popped.push((t, e));
            }
        }
        while let Some(p) = q.pop() {
            popped.push(p);
        }
        // Times never decrease and equal times come out in push order; nothing is lost.
        let got: Vec<(u64, u32)> = popped
            .iter()
            .map(|&(t, e)| match e {
                Event::Reconcile(s) => (t, s.0),
                _ => unreachable!(),
            })
            .collect();
        for w in got.windows(2) {
            assert!(w[0].0 <= w[1].0, "time went backwards: {w:?}");
            if w[0].0 == w[1].0 {
                assert!(w[0].1 < w[1].1, "not FIFO at {}: {w:?}", w[0].0);
            }
        }
        expected.sort_by_key(|&(t, s)| (t, s));
        let mut sorted = got.clone();
        sorted.sort_by_key(|&(t, s)| (t, s));
        assert_eq!(sorted, expected);
    }
}
