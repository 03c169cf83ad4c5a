//! EC2 instance types: the specs ECS cares about, and the resources a container instance registers.
//!
//! Registered CPU is `vCPUs × 1024` (ECS agent `getCpu()`). Registered memory is
//! `floor(MemTotal / 1 MiB) − ECS_RESERVED_MEMORY` (agent `getResources()`), where `MemTotal` is
//! what the kernel sees. AWS does not publish `MemTotal` per type; see
//! [`KERNEL_VISIBLE_MEMORY_FRACTION`] for the one data point and the assumption built on it.

use serde::{Deserialize, Serialize};

/// CPU architecture, named as ECS names it (`runtimePlatform.cpuArchitecture`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CpuArchitecture {
    /// Intel or AMD 64-bit (catalog `x86_64`, Fargate price key `x86`).
    #[serde(rename = "x86_64", alias = "X86_64")]
    X86_64,
    /// AWS Graviton (catalog `arm64`, Fargate price key `arm`).
    #[serde(rename = "arm64", alias = "ARM64")]
    Arm64,
}

impl CpuArchitecture {
    /// The ECS spelling: `X86_64` or `ARM64`.
    pub fn ecs_name(self) -> &'static str {
        match self {
            CpuArchitecture::X86_64 => "X86_64",
            CpuArchitecture::Arm64 => "ARM64",
        }
    }
}

/// One EC2 instance type from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceType {
    /// The API name, e.g. `m5.large`.
    pub name: String,
    /// vCPUs.
    pub vcpu: u32,
    /// Nominal memory in GiB, as AWS lists it (c4.large: 3.75).
    pub memory_gib: f64,
    /// Nominal memory in MiB: `memory_gib × 1024` (c4.large: 3840). Not what ECS registers; see
    /// [`InstanceType::registered_memory_mib`].
    pub memory_mib: u64,
    /// CPU architecture.
    pub arch: CpuArchitecture,
    /// `nitro` or `xen`, when the catalog knows it.
    pub hypervisor: Option<String>,
    /// Maximum network interfaces (ENIs), including the primary one.
    pub max_enis: u32,
    /// Private IPv4 addresses per ENI, when known.
    pub ipv4_per_eni: Option<u32>,
    /// awsvpc tasks without ENI trunking: `max_enis − 1` (the primary ENI is not usable by tasks).
    pub awsvpc_tasks_without_trunking: u32,
    /// Whether ECS supports `awsvpcTrunking` on this type (t2, t3, m4, c4 are not supported).
    pub trunking_supported: bool,
    /// awsvpc tasks with ENI trunking (ECS docs table); `None` when trunking is unsupported
    /// or the value is not confirmed.
    pub trunk_tasks: Option<u32>,
}

impl InstanceType {
    /// CPU units the container instance registers: `vcpu × 1024`.
    pub fn registered_cpu_units(&self) -> u32 {
        registered_cpu_units(self.vcpu)
    }

    /// Memory in MiB the container instance registers with `ECS_RESERVED_MEMORY = reserved_mib`
    /// (default 0). See [`registered_memory_mib`] for the formula and its assumption.
    pub fn registered_memory_mib(&self, reserved_mib: u64) -> u64 {
        registered_memory_mib(self.memory_mib, reserved_mib)
    }

    /// awsvpc task limit: the trunking table value when `trunking` is on and the type supports it,
    /// otherwise `max_enis − 1`. Trunking exists in the ECS docs from 2019-06-06 and only applies
    /// to instances launched after the account opted in; the caller decides that.
    pub fn awsvpc_task_limit(&self, trunking: bool) -> u32 {
        match (trunking && self.trunking_supported, self.trunk_tasks) {
            (true, Some(trunk_tasks)) => trunk_tasks,
            _ => self.awsvpc_tasks_without_trunking,
        }
    }
}

/// The share of nominal memory the kernel reports as `MemTotal`, as an exact fraction
/// `(numerator, denominator)`.
///
/// **Assumption.** The only published data point is the ECS Developer Guide's
/// `memory-management` page: an m4.large (8 GiB = 8589934592 bytes nominal) reports
/// 8373026816 bytes, which registers as 7985 MiB. This crate applies that ratio (about 0.97475)
/// to every instance type. Real kernels reserve a slightly different share per type and AMI,
/// so treat registered memory for other types as an estimate and let scenarios override it.
pub const KERNEL_VISIBLE_MEMORY_FRACTION: (u64, u64) = (8_373_026_816, 8_589_934_592);

/// CPU units a container instance with `vcpu` vCPUs registers: `vcpu × 1024` (ECS agent `getCpu()`).
pub fn registered_cpu_units(vcpu: u32) -> u32 {
    vcpu.saturating_mul(1024)
}

/// The MiB the kernel sees for `nominal_mib` of instance memory:
/// `floor(nominal_mib × 8373026816 / 8589934592)`, in integer arithmetic with a u128 intermediate.
pub fn kernel_visible_memory_mib(nominal_mib: u64) -> u64 {
    let (numerator, denominator) = KERNEL_VISIBLE_MEMORY_FRACTION;
    let visible = u128::from(nominal_mib) * u128::from(numerator) / u128::from(denominator);
    // The fraction is below 1, so the result is at most `nominal_mib` and always fits.
    u64::try_from(visible).unwrap_or(nominal_mib)
}

/// Memory in MiB a container instance registers: `kernel_visible_memory_mib(nominal_mib) − reserved_mib`
/// (ECS agent `getResources()`; `ECS_RESERVED_MEMORY` defaults to 0).
///
/// Returns 0 when the reservation is at least the visible memory; the real agent then fails to
/// register the instance, so callers that accept a user-supplied reservation should reject it first.
pub fn registered_memory_mib(nominal_mib: u64, reserved_mib: u64) -> u64 {
    kernel_visible_memory_mib(nominal_mib).saturating_sub(reserved_mib)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn m4_large_registers_7985_mib() {
        // DG memory-management: 8373026816 bytes / 1048576 = 7985.2… → floor 7985 MiB.
        assert_eq!(kernel_visible_memory_mib(8 * 1024), 7985);
        assert_eq!(registered_memory_mib(8 * 1024, 0), 7985);
        assert_eq!(registered_memory_mib(8 * 1024, 256), 7729);
        assert_eq!(registered_memory_mib(8 * 1024, 10_000), 0);
    }

    #[test]
    fn fraction_is_the_documented_byte_counts() {
        let (numerator, denominator) = KERNEL_VISIBLE_MEMORY_FRACTION;
        assert_eq!(denominator, 8 * 1024 * 1024 * 1024);
        assert_eq!(numerator / (1024 * 1024), 7985);
    }

    #[test]
    fn registered_cpu() {
        assert_eq!(registered_cpu_units(2), 2048);
        assert_eq!(registered_cpu_units(16), 16384);
    }
}
