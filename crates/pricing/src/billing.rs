//! Billing arithmetic: how long AWS bills for a run, and what that costs.
//!
//! Pure functions: integer milliseconds in, USD out. Durations are rounded the way AWS rounds
//! them; USD amounts are **not** rounded (AWS meters to fractions of a cent and rounds only on the
//! invoice), so round to cents only when presenting.
//!
//! - EC2 Linux, from 2017-10-02: per second, rounded up, 60-second minimum per run
//!   (AWS What's New "Announcing Amazon EC2 per second billing", 2017-10-02; EC2 user guide).
//!   Every stopped→running transition starts a new run with its own minimum; a reboot does not.
//! - EC2 before 2017-10-02 (and Windows or RHEL/SUSE at the time): per instance-hour, each started
//!   hour billed in full.
//! - Fargate: per second, rounded up, 1-minute minimum, from the start of the image pull until the
//!   task stops (aws.amazon.com/fargate/pricing; the 2018 Japanese pricing page shows the same
//!   rule at launch).

use serde::{Deserialize, Serialize};

/// The EC2 per-second minimum, in seconds.
pub const EC2_MINIMUM_BILLED_SECONDS: u64 = 60;

/// The Fargate minimum, in seconds.
pub const FARGATE_MINIMUM_BILLED_SECONDS: u64 = 60;

const MS_PER_SECOND: u64 = 1_000;
const MS_PER_HOUR: u64 = 3_600_000;
const SECONDS_PER_HOUR: f64 = 3_600.0;

/// How EC2 bills a run of an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Ec2BillingRule {
    /// Per second, rounded up, with a 60-second minimum (Linux from 2017-10-02).
    PerSecond,
    /// Per instance-hour; every started hour is billed in full (before 2017-10-02).
    PerHour,
}

/// Seconds AWS bills for one EC2 run of `run_ms` milliseconds.
///
/// A run of 0 ms still bills the minimum: the function is meant to be called once per
/// stopped→running (or launch→terminate) interval that happened.
pub fn ec2_billed_seconds(run_ms: u64, rule: Ec2BillingRule) -> u64 {
    match rule {
        Ec2BillingRule::PerSecond => run_ms
            .div_ceil(MS_PER_SECOND)
            .max(EC2_MINIMUM_BILLED_SECONDS),
        Ec2BillingRule::PerHour => run_ms.div_ceil(MS_PER_HOUR).max(1) * 3_600,
    }
}

/// USD for one EC2 run of `run_ms` milliseconds at `hourly_usd` under `rule`.
pub fn ec2_instance_charge(run_ms: u64, hourly_usd: f64, rule: Ec2BillingRule) -> f64 {
    hourly_usd * ec2_billed_seconds(run_ms, rule) as f64 / SECONDS_PER_HOUR
}

/// Seconds AWS bills for a Fargate task whose billed window (image-pull start to task stop)
/// lasted `billed_ms`: rounded up to the next second, at least 60.
pub fn fargate_billed_seconds(billed_ms: u64) -> u64 {
    billed_ms
        .div_ceil(MS_PER_SECOND)
        .max(FARGATE_MINIMUM_BILLED_SECONDS)
}

/// USD for one Fargate task: `(vcpu × vcpu_hour + memory_gib × gb_hour) × billed seconds / 3600`.
///
/// `vcpu` is task CPU units / 1024 and `memory_gib` is task memory MiB / 1024 (Fargate's "GB" is
/// GiB). The hourly rates are used rather than AWS's rounded per-second rates (e.g. 0.0506/h vs
/// 0.00001406/s), which differ below a millionth of a dollar per task-hour.
pub fn fargate_task_charge(
    billed_ms: u64,
    vcpu: f64,
    memory_gib: f64,
    vcpu_hour: f64,
    gb_hour: f64,
) -> f64 {
    (vcpu * vcpu_hour + memory_gib * gb_hour) * fargate_billed_seconds(billed_ms) as f64
        / SECONDS_PER_HOUR
}

/// A Spot price: `price × (1 − discount)`, with `discount` a fraction (0.70 = 70 % off).
/// For EC2 Spot savings given in percent, pass `percent / 100`.
pub fn spot(price: f64, discount: f64) -> f64 {
    price * (1.0 - discount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_usd(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() < 1e-12,
            "got {actual}, expected {expected}"
        );
    }

    #[test]
    fn ec2_per_second_minimum_and_rounding() {
        // 30 s → billed 60 s (minimum). m4.large at 0.10/h: 0.10 × 60 / 3600 = 0.001666…
        assert_eq!(ec2_billed_seconds(30_000, Ec2BillingRule::PerSecond), 60);
        assert_usd(
            ec2_instance_charge(30_000, 0.10, Ec2BillingRule::PerSecond),
            0.10 / 60.0,
        );
        // 61.2 s → rounded up to 62 s: 0.10 × 62 / 3600 = 0.0017222…
        assert_eq!(ec2_billed_seconds(61_200, Ec2BillingRule::PerSecond), 62);
        assert_usd(
            ec2_instance_charge(61_200, 0.10, Ec2BillingRule::PerSecond),
            0.10 * 62.0 / 3600.0,
        );
        // Exactly 60 s and 0 ms both bill the minimum; 60.001 s bills 61 s.
        assert_eq!(ec2_billed_seconds(60_000, Ec2BillingRule::PerSecond), 60);
        assert_eq!(ec2_billed_seconds(0, Ec2BillingRule::PerSecond), 60);
        assert_eq!(ec2_billed_seconds(60_001, Ec2BillingRule::PerSecond), 61);
        // One full day of m5.large at 0.096/h: 86400 s → 0.096 × 24 = 2.304.
        assert_usd(
            ec2_instance_charge(86_400_000, 0.096, Ec2BillingRule::PerSecond),
            2.304,
        );
    }

    #[test]
    fn ec2_per_hour_before_october_2017() {
        // 2017-09: 61 minutes is two started hours; m4.large at 0.100/h → 2 × 0.100 = 0.200.
        assert_eq!(
            ec2_billed_seconds(61 * 60_000, Ec2BillingRule::PerHour),
            7_200
        );
        assert_usd(
            ec2_instance_charge(61 * 60_000, 0.100, Ec2BillingRule::PerHour),
            0.200,
        );
        // 30 s is one started hour: 0.100. Exactly 60 min is one hour; 60 min + 1 ms is two.
        assert_usd(
            ec2_instance_charge(30_000, 0.100, Ec2BillingRule::PerHour),
            0.100,
        );
        assert_eq!(
            ec2_billed_seconds(3_600_000, Ec2BillingRule::PerHour),
            3_600
        );
        assert_eq!(
            ec2_billed_seconds(3_600_001, Ec2BillingRule::PerHour),
            7_200
        );
    }

    #[test]
    fn fargate_minimum_and_rounding_at_launch_prices() {
        // 0.25 vCPU / 0.5 GB at us-east-1 launch prices (0.0506 vCPU-h, 0.0127 GB-h):
        // hourly = 0.25 × 0.0506 + 0.5 × 0.0127 = 0.01265 + 0.00635 = 0.019.
        // 10 s → billed 60 s: 0.019 × 60 / 3600 = 0.000316666…
        assert_eq!(fargate_billed_seconds(10_000), 60);
        assert_usd(
            fargate_task_charge(10_000, 0.25, 0.5, 0.0506, 0.0127),
            0.019 / 60.0,
        );
        // 90.4 s → 91 s: 0.019 × 91 / 3600 = 0.000480277…
        assert_eq!(fargate_billed_seconds(90_400), 91);
        assert_usd(
            fargate_task_charge(90_400, 0.25, 0.5, 0.0506, 0.0127),
            0.019 * 91.0 / 3600.0,
        );
        // 2 vCPU / 8 GB for one hour: 2 × 0.0506 + 8 × 0.0127 = 0.1012 + 0.1016 = 0.2028
        // (pricing-limits.md §5, "2.03× an m4.large").
        assert_usd(
            fargate_task_charge(3_600_000, 2.0, 8.0, 0.0506, 0.0127),
            0.2028,
        );
    }

    #[test]
    fn fargate_at_current_us_east_1_prices() {
        // 0.25 × 0.04048 + 0.5 × 0.004445 = 0.01012 + 0.0022225 = 0.0123425 per hour.
        // 10 s → 60 s: 0.0123425 / 60 = 0.000205708333…
        assert_usd(
            fargate_task_charge(10_000, 0.25, 0.5, 0.04048, 0.004445),
            0.0123425 / 60.0,
        );
        // 90.4 s → 91 s: 0.0123425 × 91 / 3600 = 0.000311990…
        assert_usd(
            fargate_task_charge(90_400, 0.25, 0.5, 0.04048, 0.004445),
            0.0123425 * 91.0 / 3600.0,
        );
        // 2 vCPU / 8 GB for one hour: 0.08096 + 0.03556 = 0.11652 (pricing-limits.md §5).
        assert_usd(
            fargate_task_charge(3_600_000, 2.0, 8.0, 0.04048, 0.004445),
            0.11652,
        );
    }

    #[test]
    fn spot_discount() {
        // Fargate Spot at the advertised 70 % off 0.04048: 0.04048 × 0.3 = 0.012144.
        assert_usd(spot(0.04048, 0.70), 0.012144);
        // m4.large Spot at 52 % savings: 0.100 × 0.48 = 0.048.
        assert_usd(spot(0.100, 52.0 / 100.0), 0.048);
    }
}
