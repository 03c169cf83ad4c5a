//! ecsim's model of Amazon ECS: a deterministic discrete-event simulation of container
//! instances, task definitions, services, deployments, placement and the service scheduler.
//!
//! This crate does no I/O, reads no clock, starts no thread and iterates no hash map: the same
//! `Config` (including its seed) always produces the same `Simulation` outcome. The spec
//! sections cited in comments (§N) refer to `docs/model.md` and the behaviour contract it
//! summarises.

pub mod asg;
pub mod capacity_provider;
pub mod config;
pub mod container_instance;
pub mod decimal;
pub mod deployment;
pub mod diagnosis;
pub mod dist;
pub mod event;
mod fargate;
pub mod health;
pub mod ids;
mod key_buffers;
mod lifecycle;
pub mod params;
pub mod placement;
pub mod placement_constraint;
pub mod queue;
pub mod record;
mod scheduler;
pub mod service;
pub mod service_auto_scaling;
pub mod simulation;
pub mod task;
pub mod task_definition;
pub mod time;
pub mod token_bucket;
pub mod vpc;

pub use config::{Action, Config, InstanceInit, ServiceInit, TimedAction};
pub use ids::{DeploymentId, InstanceId, ServiceId, TaskDefinitionId, TaskId};
pub use simulation::{SimError, Simulation};
