//! Timeline entries, named after the ECS API calls they mirror.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, F64Deserializer, MapAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, Visitor};

use crate::format::Str;
use crate::format::aws_object::Key;
use crate::format::cluster::InstanceGroup;
use crate::format::dist::DistSpec;
use crate::format::service::DeploymentConfiguration;

/// Declares `TimelineEntry`, one variant per action (named like its parameters' struct, with
/// `<'a>` when it borrows strings and then the attributes `[serde(borrow)]` for the derive), and
/// the same enum with serde's derive in `tagged` (see `TimelineEntry`'s `Deserialize`).
macro_rules! timeline_entry {
    ($(
        $(#[$meta:meta])*
        $action:ident $(<$lt:lifetime>)? $([$($derive:meta),*])?,
    )*) => {
        /// One timeline entry: `{"atSeconds": 60, "action": "UpdateService", ...}`.
        #[derive(Debug)]
        pub enum TimelineEntry<'a> {
            $($(#[$meta])* $action($action $(<$lt>)?),)*
        }

        mod tagged {
            use serde::Deserialize;

            /// `TimelineEntry` read by serde's derive: it buffers each entry to find its tag,
            /// and reports errors with exact messages and paths.
            #[derive(Deserialize)]
            #[serde(tag = "action")]
            pub enum TimelineEntry<'a> {
                $($action($($(#[$derive])*)? super::$action $(<$lt>)?),)*
            }
        }

        impl<'a> From<tagged::TimelineEntry<'a>> for TimelineEntry<'a> {
            fn from(e: tagged::TimelineEntry<'a>) -> TimelineEntry<'a> {
                match e {
                    $(tagged::TimelineEntry::$action(a) => TimelineEntry::$action(a),)*
                }
            }
        }

        impl TimelineEntry<'_> {
            /// When the action happens.
            pub fn at_seconds(&self) -> f64 {
                match self {
                    $(TimelineEntry::$action(a) => a.at_seconds,)*
                }
            }
        }

        /// The parameters of `action` from the rest of its entry.
        fn direct_entry<'de, A: MapAccess<'de>>(
            action: &str,
            rest: AtSecondsFirst<A>,
        ) -> Result<TimelineEntry<'de>, A::Error> {
            let d = MapAccessDeserializer::new(rest);
            match action {
                $(stringify!($action) => Ok(TimelineEntry::$action(Deserialize::deserialize(d)?)),)*
                _ => Err(A::Error::custom(NOT_DIRECT)),
            }
        }
    };
}

timeline_entry! {
    /// `UpdateService`.
    UpdateService<'a> [serde(borrow)],
    /// `UpdateContainerInstancesState`.
    UpdateContainerInstancesState,
    /// EC2 instances launched now register after `launchSeconds`.
    RegisterContainerInstances,
    /// `DeregisterContainerInstance --force`: the EC2 instance is terminated.
    DeregisterContainerInstance,
    /// Fargate Spot reclaims `count` running Spot tasks.
    InterruptFargateSpotTasks,
    /// Fargate Spot capacity disappears or comes back.
    SetFargateSpotCapacity,
    /// EC2 Spot interruption notices.
    InterruptSpotInstances,
    /// `UpdateAutoScalingGroup`.
    UpdateAutoScalingGroup,
    /// `SetDesiredCapacity`.
    SetDesiredCapacity,
    /// `SetInstanceProtection`.
    SetInstanceProtection,
}

thread_local! {
    /// Whether timeline entries are read directly (see `read_directly`).
    static DIRECT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (a first parse whose errors are not shown: `crate::parse` parses again to report
/// one) with timeline entries read directly instead of through serde's internally tagged
/// derive, which buffers every entry in its private `Content` type before reading it (several
/// times slower). The direct reading handles `{"atSeconds": …, "action": …, …}` and
/// `{"action": …, …}` and fails on anything else, including every input the derive rejects; when
/// it succeeds the derive gives the same entry.
pub fn read_directly<R>(f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            DIRECT.set(false);
        }
    }
    DIRECT.set(true);
    let _reset = Reset;
    f()
}

/// The error of the direct reading when an entry needs the derive.
const NOT_DIRECT: &str = "timeline entry not read directly";

impl<'de: 'a, 'a> Deserialize<'de> for TimelineEntry<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !DIRECT.get() {
            return tagged::TimelineEntry::deserialize(d).map(TimelineEntry::from);
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TimelineEntry<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a timeline entry")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TimelineEntry<'de>, A::Error> {
                let mut key = map.next_key::<Key>()?;
                let mut at_seconds = None;
                if key.as_ref().is_some_and(|k| k.0 == "atSeconds") {
                    // A number, read as f64 as the derive does from its buffer.
                    at_seconds = Some(map.next_value::<f64>()?);
                    key = map.next_key()?;
                }
                if key.is_none_or(|k| k.0 != "action") {
                    return Err(A::Error::custom(NOT_DIRECT));
                }
                let action = map.next_value::<Key>()?;
                // The parameters' structs deny unknown fields, so a second "action" fails too.
                direct_entry(
                    &action.0,
                    AtSecondsFirst {
                        at_seconds,
                        map,
                        key_given: false,
                    },
                )
            }
        }
        d.deserialize_map(V)
    }
}

/// The rest of an entry's map, after `atSeconds` when it came before `action`.
struct AtSecondsFirst<A> {
    at_seconds: Option<f64>,
    map: A,
    key_given: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for AtSecondsFirst<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if self.at_seconds.is_some() && !self.key_given {
            self.key_given = true;
            return seed
                .deserialize(BorrowedStrDeserializer::new("atSeconds"))
                .map(Some);
        }
        self.map.next_key_seed(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.at_seconds.take() {
            Some(v) => seed.deserialize(F64Deserializer::new(v)),
            None => self.map.next_value_seed(seed),
        }
    }
}

/// `UpdateAutoScalingGroup`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateAutoScalingGroup {
    /// When.
    pub at_seconds: f64,
    /// Group.
    pub auto_scaling_group_name: String,
    /// `MinSize`.
    #[serde(default)]
    pub min_size: Option<u32>,
    /// `MaxSize`.
    #[serde(default)]
    pub max_size: Option<u32>,
    /// `DesiredCapacity`.
    #[serde(default)]
    pub desired_capacity: Option<u32>,
    /// Launch template version for new instances.
    #[serde(default)]
    pub launch_template_version: Option<u32>,
}

/// `SetDesiredCapacity`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetDesiredCapacity {
    /// When.
    pub at_seconds: f64,
    /// Group.
    pub auto_scaling_group_name: String,
    /// `DesiredCapacity`.
    pub desired_capacity: u32,
}

/// `SetInstanceProtection`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetInstanceProtection {
    /// When.
    pub at_seconds: f64,
    /// Instance names.
    pub container_instances: Vec<String>,
    /// `ProtectedFromScaleIn`.
    pub protected_from_scale_in: bool,
}

/// Fargate Spot interruption.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InterruptFargateSpotTasks {
    /// When.
    pub at_seconds: f64,
    /// Only this service's tasks.
    #[serde(default)]
    pub service: Option<String>,
    /// How many tasks.
    pub count: u32,
}

/// Fargate Spot capacity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SetFargateSpotCapacity {
    /// When.
    pub at_seconds: f64,
    /// Whether new Spot tasks can start.
    pub available: bool,
}

/// EC2 Spot interruption notices.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InterruptSpotInstances {
    /// When.
    pub at_seconds: f64,
    /// Instance names.
    pub container_instances: Vec<String>,
}

/// `UpdateService` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateService<'a> {
    /// When.
    pub at_seconds: f64,
    /// `service`.
    #[serde(borrow)]
    pub service: Str<'a>,
    /// `taskDefinition`.
    #[serde(default, borrow)]
    pub task_definition: Option<Str<'a>>,
    /// `desiredCount`.
    #[serde(default)]
    pub desired_count: Option<u32>,
    /// `deploymentConfiguration` (boxed, like the instances of `RegisterContainerInstances`: a
    /// smaller entry makes a long timeline smaller to build).
    #[serde(default)]
    pub deployment_configuration: Option<Box<DeploymentConfiguration>>,
    /// `forceNewDeployment`.
    #[serde(default)]
    pub force_new_deployment: bool,
}

/// `UpdateContainerInstancesState` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateContainerInstancesState {
    /// When.
    pub at_seconds: f64,
    /// Instance names (`i-0001`).
    pub container_instances: Vec<String>,
    /// `ACTIVE` or `DRAINING`.
    pub status: String,
}

/// New instances.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RegisterContainerInstances {
    /// When they are launched.
    pub at_seconds: f64,
    /// The instances, like a cluster group.
    pub container_instances: Box<InstanceGroup>,
    /// Launch-to-registration latency (default 150 s, §8.11).
    #[serde(default)]
    pub launch_seconds: Option<DistSpec>,
}

/// `DeregisterContainerInstance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeregisterContainerInstance {
    /// When.
    pub at_seconds: f64,
    /// Instance name.
    pub container_instance: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(text: &str) -> Result<String, String> {
        read_directly(|| serde_json::from_str::<TimelineEntry>(text))
            .map(|e| format!("{e:?}"))
            .map_err(|e| e.to_string())
    }

    fn derived(text: &str) -> Result<String, String> {
        serde_json::from_str::<TimelineEntry>(text)
            .map(|e| format!("{e:?}"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_direct_reading_agrees_with_the_derive_or_leaves_the_entry_to_it() {
        let read_directly = [
            r#"{"atSeconds": 60, "action": "UpdateService", "service": "api", "desiredCount": 3}"#,
            r#"{"action": "UpdateService", "atSeconds": 1.5, "service": "api", "taskDefinition": "a:2",
                "deploymentConfiguration": {"maximumPercent": 150, "alarms": {"enable": false}, "zz": 1}}"#,
            r#"{"atSeconds": 0, "action": "RegisterContainerInstances",
                "containerInstances": {"count": 2, "instanceType": "m5.large"}, "launchSeconds": {"uniform": [1, 2]}}"#,
            r#"{"atSeconds": 5, "action": "SetFargateSpotCapacity", "available": false}"#,
            r#"{"atSeconds": 5, "action": "Set\u0046argateSpotCapacity", "available": true}"#,
            r#"{"atSeconds": 18446744073709551615, "action": "DeregisterContainerInstance", "containerInstance": "i-0001"}"#,
            r#"{"atSeconds": -3, "action": "InterruptFargateSpotTasks", "count": 2}"#,
        ];
        for text in read_directly {
            assert_eq!(direct(text), derived(text), "{text}");
            assert!(direct(text).is_ok(), "{text}");
        }
        // Left to the derive (the direct reading fails, whatever the derive says).
        let left = [
            r#"{"service": "api", "action": "UpdateService", "atSeconds": 60}"#,
            r#"{"atSeconds": 60, "service": "api", "action": "UpdateService"}"#,
            r#"{"atSeconds": 60, "action": "UpdateService", "service": "api", "action": "UpdateService"}"#,
            r#"{"atSeconds": 60, "action": "UpdateServic", "service": "api"}"#,
            r#"{"atSeconds": 60, "action": 0, "service": "api"}"#,
            r#"{"atSeconds": "60", "action": "UpdateService", "service": "api"}"#,
            r#"{"atSeconds": 60, "atSeconds": 60, "action": "UpdateService", "service": "api"}"#,
            r#"{"atSeconds": 60, "action": "UpdateService", "atSeconds": 60, "service": "api"}"#,
            r#"{"atSeconds": 60, "action": "UpdateService"}"#,
            r#"{"atSeconds": 60, "action": "UpdateService", "service": "api", "x": 1}"#,
            r#"["UpdateService", 60, "api"]"#,
            r#"{}"#,
        ];
        for text in left {
            assert!(direct(text).is_err(), "{text}");
        }
        // An entry whose action is not first is read by the derive.
        assert!(derived(left[0]).is_ok());
    }
}
