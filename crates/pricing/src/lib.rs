//! AWS prices, instance types, Fargate sizes and billing rules for ecsim, from a compiled-in catalog.
//!
//! The catalog (`data/aws-catalog.json`) is the project's research compilation of public sources;
//! every price carries its source ids and date ([`Sourced`]). The crate answers four questions:
//!
//! - What does an instance type offer ECS? [`Catalog::instance_type`] gives vCPUs, memory, ENI
//!   and trunking limits, and the CPU and memory a container instance registers.
//! - What did things cost in a region on a date? [`Catalog::price_book`] gives a [`PriceBook`]
//!   (EC2 on-demand with history, Fargate by architecture with history, Spot, ALB, public IPv4,
//!   billing rules), which [`PriceOverrides`] can adjust.
//! - What does a run cost? [`ec2_instance_charge`] and [`fargate_task_charge`] apply AWS's
//!   rounding and minimums to integer milliseconds.
//! - Is a Fargate task size valid? [`validate_fargate_size`].
//!
//! ```
//! use pricing::{Catalog, CpuArchitecture, Ec2BillingRule, fargate_task_charge};
//!
//! let catalog = Catalog::embedded();
//! let book = catalog.price_book("us-east-1", "2017-12")?;
//! let vcpu_hour = book.fargate_vcpu_hour(CpuArchitecture::X86_64)?;
//! let gb_hour = book.fargate_gb_hour(CpuArchitecture::X86_64)?;
//! assert_eq!(vcpu_hour.citation(), "source: fargate-pricing-jp-2018, as of 2017-11-29..2019-01-06");
//! assert_eq!(book.billing().ec2.value, Ec2BillingRule::PerSecond);
//! // A 0.25 vCPU / 0.5 GB task that ran 10 s is billed for 60 s.
//! let usd = fargate_task_charge(10_000, 0.25, 0.5, vcpu_hour.value, gb_hour.value);
//! assert!((usd - 0.019 / 60.0).abs() < 1e-12);
//! # Ok::<(), pricing::PricingError>(())
//! ```

#![warn(missing_docs)]

mod billing;
mod catalog;
mod date;
mod error;
mod fargate_size;
mod instance_type;
mod price_book;
mod sourced;
mod suggest;

pub use billing::{
    EC2_MINIMUM_BILLED_SECONDS, Ec2BillingRule, FARGATE_MINIMUM_BILLED_SECONDS, ec2_billed_seconds,
    ec2_instance_charge, fargate_billed_seconds, fargate_task_charge, spot,
};
pub use catalog::{Catalog, EMBEDDED_CATALOG_JSON, Source};
pub use date::Date;
pub use error::PricingError;
pub use fargate_size::{FargateTaskSize, validate_fargate_size};
pub use instance_type::{
    CpuArchitecture, InstanceType, KERNEL_VISIBLE_MEMORY_FRACTION, kernel_visible_memory_mib,
    registered_cpu_units, registered_memory_mib,
};
pub use price_book::{BillingRules, FargateSpotSnapshot, PriceBook, PriceOverrides};
pub use sourced::Sourced;
