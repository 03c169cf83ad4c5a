//! The event queue: a min-heap ordered by (time, sequence number).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::event::Event;
use crate::time::SimTime;

/// Events scheduled for the same instant run in the order they were scheduled (FIFO), never in
/// an order that depends on the payload: `seq` grows by one per push.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Scheduled>,
    next_seq: u64,
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
        self.heap.push(Scheduled {
            at,
            seq: self.next_seq,
            event,
        });
        self.next_seq += 1;
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(SimTime, Event)> {
        self.heap.pop().map(|s| (s.at, s.event))
    }

    /// The time of the earliest event, if any.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|s| s.at)
    }

    /// Number of scheduled events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
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
}
