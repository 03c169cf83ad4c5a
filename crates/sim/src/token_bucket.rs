//! Token buckets for launch-rate limits (§1.5): the Fargate account bucket (burst 100, refill
//! 20 tasks/s) and the per-service launch rate (500 tasks/min).

use crate::time::SimTime;

/// A token bucket in integer units: one token is `units_per_token` units, and the bucket gains
/// `refill_units_per_ms` units every millisecond up to `capacity_units`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenBucket {
    units: u64,
    capacity_units: u64,
    refill_units_per_ms: u64,
    units_per_token: u64,
    updated_at: SimTime,
}

impl TokenBucket {
    /// A full bucket of `burst` tokens refilled at `per` tokens every `period_ms`.
    pub fn new(burst: u64, refill_tokens: u64, period_ms: SimTime) -> TokenBucket {
        // units_per_token = period_ms, so `refill_tokens` tokens per period is exactly
        // `refill_tokens` units per millisecond.
        let units_per_token = period_ms.max(1);
        TokenBucket {
            units: burst * units_per_token,
            capacity_units: burst * units_per_token,
            refill_units_per_ms: refill_tokens,
            units_per_token,
            updated_at: 0,
        }
    }

    /// A bucket that never runs out.
    pub fn unlimited() -> TokenBucket {
        TokenBucket {
            units: u64::MAX,
            capacity_units: u64::MAX,
            refill_units_per_ms: 0,
            units_per_token: 0,
            updated_at: 0,
        }
    }

    fn refill(&mut self, now: SimTime) {
        if now > self.updated_at {
            let gained = (now - self.updated_at).saturating_mul(self.refill_units_per_ms);
            self.units = self.units.saturating_add(gained).min(self.capacity_units);
            self.updated_at = now;
        }
    }

    /// Takes one token if there is one.
    pub fn try_take(&mut self, now: SimTime) -> bool {
        self.refill(now);
        if self.units >= self.units_per_token {
            self.units -= self.units_per_token;
            true
        } else {
            false
        }
    }

    /// When the next token will be there (now if one is).
    pub fn next_token_at(&mut self, now: SimTime) -> SimTime {
        self.refill(now);
        if self.units >= self.units_per_token {
            return now;
        }
        if self.refill_units_per_ms == 0 {
            return SimTime::MAX;
        }
        now + (self.units_per_token - self.units).div_ceil(self.refill_units_per_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_account_bucket_burst_100_then_20_per_second() {
        let mut b = TokenBucket::new(100, 20, 1000);
        assert_eq!((0..150).filter(|_| b.try_take(0)).count(), 100);
        assert_eq!(b.next_token_at(0), 50);
        // One second later: 20 more.
        assert_eq!((0..50).filter(|_| b.try_take(1000)).count(), 20);
    }

    #[test]
    fn service_rate_500_per_minute() {
        let mut b = TokenBucket::new(500, 500, 60_000);
        assert_eq!((0..600).filter(|_| b.try_take(0)).count(), 500);
        // 500 per minute refill: one every 120 ms.
        assert_eq!(b.next_token_at(0), 120);
        assert_eq!((0..600).filter(|_| b.try_take(60_000)).count(), 500);
    }

    #[test]
    fn unlimited_never_blocks() {
        let mut b = TokenBucket::unlimited();
        assert!((0..10_000).all(|_| b.try_take(0)));
    }
}
