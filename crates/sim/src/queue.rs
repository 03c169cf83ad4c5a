//! The event queue: a min-heap ordered by (time, sequence number), with a FIFO for events
//! scheduled at the current time (most of them: zero delays), which never touch the heap.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use crate::event::Event;
use crate::time::SimTime;

/// Events scheduled for the same instant run in the order they were scheduled (FIFO), never in
/// an order that depends on the payload: `seq` grows by one per push.
///
/// An event pushed for the time of the last pop (`now`) goes to the `current` FIFO instead of
/// the heap. The order is the same: heap events at `now` were pushed before `now` was reached,
/// so they come first, then `current` in push order.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Scheduled>,
    next_seq: u64,
    now: SimTime,
    current: VecDeque<Event>,
}

#[derive(Debug)]
struct Scheduled {
    at: SimTime,
    seq: u64,
    event: Event,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the earliest event first.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

impl EventQueue {
    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: SimTime, event: Event) {
        if at == self.now {
            self.current.push_back(event);
            return;
        }
        self.heap.push(Scheduled {
            at,
            seq: self.next_seq,
            event,
        });
        self.next_seq += 1;
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, Event)> {
        if !self.current.is_empty() && self.heap.peek().is_none_or(|s| s.at > self.now) {
            return self.current.pop_front().map(|e| (self.now, e));
        }
        let s = self.heap.pop()?;
        self.now = self.now.max(s.at);
        Some((s.at, s.event))
    }

    /// The time of the earliest event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        let heap = self.heap.peek().map(|s| s.at);
        if self.current.is_empty() {
            heap
        } else {
            Some(heap.map_or(self.now, |at| at.min(self.now)))
        }
    }

    /// Number of scheduled events.
    pub fn len(&self) -> usize {
        self.heap.len() + self.current.len()
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty() && self.current.is_empty()
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
    }
}
