//! Named model parameters: where ECS is undocumented (§8 of the spec), the assumption is a
//! parameter with a default, listed in `docs/model.md`.

use crate::time::{HOUR, MINUTE, SECOND, SimTime};

/// Model parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// How often the service scheduler retries work it could not do (unplaced tasks, throttled
    /// launches). §8.1: undocumented; "every few seconds to tens of seconds". Default 15 s.
    pub scheduler_reconcile_ms: SimTime,
    /// Delay between a state change (task healthy, task stopped, UpdateService) and the
    /// scheduler's reaction. §8.1. Default 0.
    pub scheduler_reaction_ms: SimTime,
    /// Count tasks that are stopping (DEACTIVATING/STOPPING/DEPROVISIONING) toward the
    /// maximumPercent ceiling. §1.1 / §8.2: the 2023 guide says yes, the API reference says no.
    /// Default true.
    pub count_stopping_toward_maximum: bool,
    /// Without load balancer or container health check a task counts as healthy this long after
    /// RUNNING. §1.2: 40 s.
    pub healthy_after_running_ms: SimTime,
    /// First retry delay of the failed-start throttle; it doubles per consecutive failure. §1.4
    /// says only "grows incrementally"; default 30 s.
    pub throttle_base_ms: SimTime,
    /// Cap of the throttle delay. §1.4: 15 min.
    pub throttle_max_ms: SimTime,
    /// A duplicate service event is suppressed until its cause changes or this long passes. §1.4: 6 h.
    pub duplicate_event_suppression_ms: SimTime,
    /// Whether tasks that could not be placed at all count as circuit-breaker failures. §8.5:
    /// plausibly not (a capacity-starved deployment stays IN_PROGRESS). Default false.
    pub unplaced_counts_toward_circuit_breaker: bool,
    /// Time-series sampling interval; `None` picks one from the run duration (about 1,000 samples).
    pub sample_interval_ms: Option<SimTime>,
    /// Consecutive one-minute datapoints above target before managed scaling scales out. §8.9:
    /// undocumented, plausibly 1–3. Default 1.
    pub cas_scale_out_datapoints: u32,
    /// Consecutive datapoints below target before it scales in. §3.4: 15.
    pub cas_scale_in_datapoints: u32,
    /// At most this share of the empty instances goes per scale-in step (at least one). §8.9:
    /// the guide's "less than 50 % each minute". Default 50.
    pub cas_scale_in_max_percent_of_empty: u32,
    /// How long a termination lifecycle hook holds a draining instance. 48 h (§3.4).
    pub lifecycle_hook_timeout_ms: SimTime,
    /// Services that get their own rows in the time series (the largest by desiredCount); the
    /// rest are summed in the cluster row.
    pub tracked_services: usize,
    /// Service Auto Scaling target tracking assumptions (§8.12).
    pub service_auto_scaling: crate::service_auto_scaling::ScalingParams,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            scheduler_reconcile_ms: 15 * SECOND,
            scheduler_reaction_ms: 0,
            count_stopping_toward_maximum: true,
            healthy_after_running_ms: 40 * SECOND,
            throttle_base_ms: 30 * SECOND,
            throttle_max_ms: 15 * MINUTE,
            duplicate_event_suppression_ms: 6 * HOUR,
            unplaced_counts_toward_circuit_breaker: false,
            cas_scale_out_datapoints: 1,
            cas_scale_in_datapoints: 15,
            cas_scale_in_max_percent_of_empty: 50,
            lifecycle_hook_timeout_ms: 48 * HOUR,
            sample_interval_ms: None,
            tracked_services: 8,
            service_auto_scaling: Default::default(),
        }
    }
}
