//! When a started task counts as healthy, or is found unhealthy (§1.2).

use crate::service::LoadBalancer;
use crate::task_definition::HealthCheck;
use crate::time::SimTime;

/// The health outcome of a task that reached RUNNING, as an offset from RUNNING.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthVerdict {
    /// Counts toward minimumHealthyPercent this long after RUNNING.
    HealthyAfter(SimTime),
    /// Found unhealthy (and replaced) this long after RUNNING.
    UnhealthyAfter(SimTime),
    /// Never judged: it fails its checks but nothing checks it. It never counts as healthy.
    Never,
}

/// Smallest multiple of `interval` (at least one) that is at or after `at`: checks run every
/// `interval` starting one interval after the clock starts.
fn first_tick_at_or_after(at: SimTime, interval: SimTime) -> SimTime {
    let interval = interval.max(1);
    at.div_ceil(interval).max(1) * interval
}

/// Applies §1.2:
/// - no load balancer and no container health check: healthy `healthy_after_running_ms` (40 s)
///   after RUNNING;
/// - container health check: HEALTHY at the first check after the application is ready
///   (checks every `interval`); failing checks count after `startPeriod`, `retries` of them make
///   it UNHEALTHY;
/// - load balancer: healthy after `new_target_healthy_checks` passing target-group checks (one
///   for a new target, §8.4); `unhealthy_threshold` failing checks make it unhealthy;
/// - both: healthy when both are; unhealthy when either is;
/// - `healthCheckGracePeriodSeconds`: unhealthy results are ignored until it ends.
pub fn verdict(
    ready_ms: SimTime,
    fails: bool,
    health_check: Option<&HealthCheck>,
    load_balancer: Option<&LoadBalancer>,
    grace_ms: SimTime,
    healthy_after_running_ms: SimTime,
) -> HealthVerdict {
    if health_check.is_none() && load_balancer.is_none() {
        return if fails {
            HealthVerdict::Never
        } else {
            HealthVerdict::HealthyAfter(healthy_after_running_ms)
        };
    }
    if fails {
        let mut first_unhealthy = SimTime::MAX;
        if let Some(hc) = health_check {
            let first_counted = first_tick_at_or_after(hc.start_period_ms + 1, hc.interval_ms);
            let t = first_counted + (hc.retries.max(1) as SimTime - 1) * hc.interval_ms;
            first_unhealthy = first_unhealthy.min(t);
        }
        if let Some(lb) = load_balancer {
            first_unhealthy = first_unhealthy
                .min(lb.unhealthy_threshold.max(1) as SimTime * lb.health_check_interval_ms);
        }
        return HealthVerdict::UnhealthyAfter(first_unhealthy.max(grace_ms));
    }
    let mut healthy_at = 0;
    if let Some(hc) = health_check {
        healthy_at = healthy_at.max(first_tick_at_or_after(ready_ms, hc.interval_ms));
    }
    if let Some(lb) = load_balancer {
        let first = first_tick_at_or_after(ready_ms, lb.health_check_interval_ms);
        let t = first
            + (lb.new_target_healthy_checks.max(1) as SimTime - 1) * lb.health_check_interval_ms;
        healthy_at = healthy_at.max(t);
    }
    HealthVerdict::HealthyAfter(healthy_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SECOND;

    fn lb(interval_s: u64, checks: u32) -> LoadBalancer {
        LoadBalancer {
            health_check_interval_ms: interval_s * SECOND,
            new_target_healthy_checks: checks,
            unhealthy_threshold: 2,
            deregistration_delay_ms: 300 * SECOND,
        }
    }

    #[test]
    fn gt08_forty_seconds_without_checks() {
        assert_eq!(
            verdict(0, false, None, None, 0, 40 * SECOND),
            HealthVerdict::HealthyAfter(40 * SECOND)
        );
    }

    #[test]
    fn gt08_variant_container_health_check() {
        let hc = HealthCheck {
            interval_ms: 30 * SECOND,
            retries: 3,
            start_period_ms: 0,
        };
        // Ready after 10 s: the first check at 30 s passes.
        assert_eq!(
            verdict(10 * SECOND, false, Some(&hc), None, 0, 40 * SECOND),
            HealthVerdict::HealthyAfter(30 * SECOND)
        );
        // Ready after 31 s: the check at 60 s is the first to pass.
        assert_eq!(
            verdict(31 * SECOND, false, Some(&hc), None, 0, 40 * SECOND),
            HealthVerdict::HealthyAfter(60 * SECOND)
        );
        // Failing: three failures at 30, 60, 90 s.
        assert_eq!(
            verdict(0, true, Some(&hc), None, 0, 40 * SECOND),
            HealthVerdict::UnhealthyAfter(90 * SECOND)
        );
    }

    #[test]
    fn gt10_one_check_for_a_new_target() {
        // Interval 30 s, ready 10 s after RUNNING: healthy at the first check, 30 s <= 40 s.
        let v = verdict(10 * SECOND, false, None, Some(&lb(30, 1)), 0, 40 * SECOND);
        assert_eq!(v, HealthVerdict::HealthyAfter(30 * SECOND));
        // The older rule (HealthyThresholdCount 5) would take 150 s.
        let v = verdict(10 * SECOND, false, None, Some(&lb(30, 5)), 0, 40 * SECOND);
        assert_eq!(v, HealthVerdict::HealthyAfter(150 * SECOND));
    }

    #[test]
    fn grace_period_delays_unhealthy() {
        let v = verdict(0, true, None, Some(&lb(30, 1)), 300 * SECOND, 40 * SECOND);
        assert_eq!(v, HealthVerdict::UnhealthyAfter(300 * SECOND));
        let v = verdict(0, true, None, Some(&lb(30, 1)), 0, 40 * SECOND);
        assert_eq!(v, HealthVerdict::UnhealthyAfter(60 * SECOND));
    }

    #[test]
    fn both_checks_must_pass() {
        let hc = HealthCheck {
            interval_ms: 10 * SECOND,
            retries: 3,
            start_period_ms: 0,
        };
        let v = verdict(
            35 * SECOND,
            false,
            Some(&hc),
            Some(&lb(30, 1)),
            0,
            40 * SECOND,
        );
        assert_eq!(v, HealthVerdict::HealthyAfter(60 * SECOND));
    }
}
