//! Scenario-driven behaviour tests: every rule of the behaviour contract exercised through the
//! scenario format and the engine. One test binary (one link step) with shared helpers.

mod auto_scaling_groups;
mod fargate;
mod file_errors;
mod ground_truth;
mod placement_heuristics;
mod placement_index;
mod service_auto_scaling;
mod service_fields;
mod support;
