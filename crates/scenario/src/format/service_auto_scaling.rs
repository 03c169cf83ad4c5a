//! Service Auto Scaling in a service (Application Auto Scaling names: `RegisterScalableTarget`,
//! `PutScalingPolicy` with a `TargetTrackingScalingPolicyConfiguration`, `PutScheduledAction`
//! with a `ScalableTargetAction`), and ecsim's model of the application's load.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

/// `serviceAutoScaling`: the scalable target `ecs:service:DesiredCount` and its policies.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceAutoScaling {
    /// `MinCapacity`.
    pub min_capacity: u32,
    /// `MaxCapacity`.
    pub max_capacity: u32,
    /// Target tracking policies: one object or an array (one per metric).
    #[serde(default)]
    pub target_tracking: OneOrMany<TargetTracking>,
    /// Scheduled actions.
    #[serde(default)]
    pub scheduled_actions: Vec<ScheduledAction>,
}

/// A target tracking policy (`TargetTrackingScalingPolicyConfiguration`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TargetTracking {
    /// `PolicyName` (default: the metric type).
    #[serde(default)]
    pub policy_name: Option<String>,
    /// `PredefinedMetricSpecification.PredefinedMetricType`.
    pub predefined_metric_type: String,
    /// `TargetValue`, percent.
    pub target_value: f64,
    /// `ScaleOutCooldown` (default 300).
    #[serde(default)]
    pub scale_out_cooldown_seconds: Option<f64>,
    /// `ScaleInCooldown` (default 300).
    #[serde(default)]
    pub scale_in_cooldown_seconds: Option<f64>,
    /// `DisableScaleIn`.
    #[serde(default)]
    pub disable_scale_in: bool,
}

/// A scheduled action (`PutScheduledAction`): `at()` is `atSeconds`, `rate()` is
/// `repeatEverySeconds`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScheduledAction {
    /// `ScheduledActionName`.
    pub scheduled_action_name: String,
    /// First run, seconds from the start.
    pub at_seconds: f64,
    /// Period of a repeating action.
    #[serde(default)]
    pub repeat_every_seconds: Option<f64>,
    /// `ScalableTargetAction.MinCapacity`.
    #[serde(default)]
    pub min_capacity: Option<u32>,
    /// `ScalableTargetAction.MaxCapacity`.
    #[serde(default)]
    pub max_capacity: Option<u32>,
}

/// `load`: ecsim's model of the application's demand on a service (not an ECS field).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Load {
    /// Total CPU demand in CPU units: `[[seconds, units], …]`.
    #[serde(default)]
    pub cpu_units: Option<Vec<[f64; 2]>>,
    /// Total memory demand in MiB: `[[seconds, MiB], …]`.
    #[serde(default, rename = "memoryMiB")]
    pub memory_mib: Option<Vec<[f64; 2]>>,
    /// The curves repeat with this period.
    #[serde(default)]
    pub repeat_every_seconds: Option<f64>,
    /// Utilization never reads above this percentage.
    #[serde(default)]
    pub utilization_cap_percent: Option<f64>,
}

/// One object or an array of them.
#[derive(Debug)]
pub struct OneOrMany<T> {
    /// The objects.
    pub items: Vec<T>,
    /// Written as an array (error paths then carry an index).
    pub array: bool,
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany {
            items: Vec::new(),
            array: true,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(OneOrMany {
                    items: vec![T::deserialize(MapAccessDeserializer::new(map))?],
                    array: false,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Ok(OneOrMany {
                    items: Vec::<T>::deserialize(SeqAccessDeserializer::new(seq))?,
                    array: true,
                })
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_tracking_is_one_object_or_an_array() {
        let one: ServiceAutoScaling = serde_json::from_str(
            r#"{"minCapacity": 1, "maxCapacity": 4, "targetTracking": {"predefinedMetricType": "ECSServiceAverageCPUUtilization", "targetValue": 50}}"#,
        )
        .unwrap();
        assert_eq!(one.target_tracking.items.len(), 1);
        assert!(!one.target_tracking.array);
        let two: ServiceAutoScaling = serde_json::from_str(
            r#"{"minCapacity": 1, "maxCapacity": 4, "targetTracking": [
                {"predefinedMetricType": "ECSServiceAverageCPUUtilization", "targetValue": 50},
                {"predefinedMetricType": "ECSServiceAverageMemoryUtilization", "targetValue": 70}]}"#,
        )
        .unwrap();
        assert_eq!(two.target_tracking.items.len(), 2);
        let bad = serde_json::from_str::<ServiceAutoScaling>(
            r#"{"minCapacity": 1, "maxCapacity": 4, "targetTracking": {"targetValu": 50}}"#,
        );
        assert!(bad.unwrap_err().to_string().contains("unknown field"));
    }
}
