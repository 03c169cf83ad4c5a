//! Property tests: random clusters, services and timelines, with the cluster's invariants
//! checked after every event. Each case is a seed; a failure names it so it can be replayed.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use sim::capacity_provider::{CapacityProvider, StrategyItem};
use sim::config::{
    Account, Action, AutoScalingGroup, CapacityProviderConfig, Config, InstanceInit,
    ManagedScaling, ServiceInit, TerminationPolicy, TimedAction,
};
use sim::container_instance::{DEFAULT_RESERVED_PORTS, InstanceSpec, InstanceStatus};
use sim::dist::Dist;
use sim::params::Params;
use sim::placement_constraint::PlacementConstraint;
use sim::service::LaunchType;
use sim::service::{
    CircuitBreaker, DeploymentConfiguration, Heuristic, LoadBalancer, PlacementStrategy,
    SchedulingStrategy, ServiceConfig, SpreadField,
};
use sim::task_definition::{NetworkMode, TaskBehavior, TaskDefinition};
use sim::vpc::Subnet;
use sim::{InstanceId, ServiceId, Simulation, TaskDefinitionId};

const ZONES: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

fn random_config(seed: u64, failures: bool) -> Config {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let n_instances = rng.random_range(1..=12);
    let n_later = rng.random_range(0..=3);
    let instances: Vec<InstanceInit> = (0..n_instances + n_later)
        .map(|i| InstanceInit {
            asg: None,
            name: format!("i-{:04}", i + 1),
            spec: std::sync::Arc::new(InstanceSpec {
                instance_type: "custom".into(),
                availability_zone: ZONES[rng.random_range(0..ZONES.len())].into(),
                cpu_units: [1024, 2048, 4096][rng.random_range(0..3)],
                memory_mib: [2048, 3954, 7985][rng.random_range(0..3)],
                reserved_ports: DEFAULT_RESERVED_PORTS.to_vec(),
                task_eni_limit: rng.random_range(1..=4),
                attributes: Default::default(),
                hourly_usd: 0.1,
                spot: failures && i % 3 == 0,
                spot_draining: i % 2 == 0,
                spot_interruptions_per_hour: if failures { 0.5 } else { 0.0 },
            }),
            at_start: i < n_instances,
        })
        .collect();
    let n_services = rng.random_range(1..=4);
    let mut task_definitions = Vec::new();
    let mut services = Vec::new();
    for s in 0..n_services {
        let fargate = rng.random_range(0..3) == 0;
        let network_mode = if fargate {
            NetworkMode::Awsvpc
        } else {
            [
                NetworkMode::Bridge,
                NetworkMode::Bridge,
                NetworkMode::Awsvpc,
            ][rng.random_range(0..3)]
        };
        let static_port = network_mode == NetworkMode::Bridge && rng.random_range(0..4) == 0;
        for rev in 1..=3 {
            task_definitions.push(TaskDefinition {
                family: format!("svc{s}"),
                revision: rev,
                // 0 CPU units: a container without a cpu reservation (EC2 only).
                cpu_units: if fargate {
                    [128, 256, 512, 1024][rng.random_range(0..4)]
                } else {
                    [0, 128, 256, 512, 1024][rng.random_range(0..5)]
                },
                memory_mib: [256, 512, 1024][rng.random_range(0..3)],
                network_mode,
                static_host_ports: if static_port {
                    vec![8080 + s as u16]
                } else {
                    vec![]
                },
                health_check: None,
                stop_timeout_ms: 30_000,
                behavior: TaskBehavior {
                    provisioning: Dist::Uniform {
                        low_ms: 0,
                        high_ms: 5_000,
                    },
                    pull: Dist::Uniform {
                        low_ms: 1_000,
                        high_ms: 30_000,
                    },
                    ready: Dist::Uniform {
                        low_ms: 0,
                        high_ms: 20_000,
                    },
                    sigterm_exit: Dist::Uniform {
                        low_ms: 0,
                        high_ms: 40_000,
                    },
                    deprovisioning: Dist::Uniform {
                        low_ms: 0,
                        high_ms: 3_000,
                    },
                    start_failure_probability: if failures { 0.3 } else { 0.0 },
                    health_check_failure_probability: if failures { 0.2 } else { 0.0 },
                },
                fargate_compatible: fargate,
            });
        }
        let strategies = match rng.random_range(0..7) {
            0 => vec![],
            1 => vec![PlacementStrategy::BinpackMemory],
            2 => vec![
                PlacementStrategy::Spread(SpreadField::AvailabilityZone),
                PlacementStrategy::BinpackCpu,
            ],
            3 => vec![PlacementStrategy::Random],
            4 => vec![PlacementStrategy::BinpackCpu],
            5 => {
                // ecsim's placement heuristics, after a zone spread or alone.
                let online: Vec<Heuristic> = Heuristic::ALL
                    .into_iter()
                    .filter(|h| !h.is_offline())
                    .collect();
                let h = PlacementStrategy::Heuristic(online[rng.random_range(0..online.len())]);
                if rng.random_range(0..2) == 0 {
                    vec![h]
                } else {
                    vec![PlacementStrategy::Spread(SpreadField::AvailabilityZone), h]
                }
            }
            _ => vec![PlacementStrategy::Spread(SpreadField::InstanceId)],
        };
        // distinctInstance, which telling a task to stop can satisfy again.
        let distinct = rng.random_range(0..4) == 0;
        services.push(ServiceInit {
            config: ServiceConfig {
                name: format!("svc{s}"),
                scheduling_strategy: SchedulingStrategy::Replica,
                deployment_configuration: DeploymentConfiguration {
                    maximum_percent: [100, 125, 150, 200, 300][rng.random_range(0..5)],
                    minimum_healthy_percent: [0, 50, 75, 100][rng.random_range(0..4)],
                    circuit_breaker: if rng.random_range(0..2) == 0 {
                        None
                    } else {
                        Some(CircuitBreaker {
                            rollback: true,
                            threshold: Default::default(),
                            reset_on_healthy_task: true,
                        })
                    },
                },
                placement_strategy: strategies,
                placement_constraints: if distinct {
                    vec![PlacementConstraint::DistinctInstance]
                } else {
                    vec![]
                },
                health_check_grace_ms: 0,
                load_balancer: (rng.random_range(0..2) == 0).then_some(LoadBalancer {
                    health_check_interval_ms: 10_000,
                    new_target_healthy_checks: 1,
                    unhealthy_threshold: 2,
                    deregistration_delay_ms: rng.random_range(0..60_000),
                }),
                launch_type: if fargate {
                    LaunchType::Fargate
                } else {
                    LaunchType::Ec2
                },
                capacity_provider_strategy: if !fargate {
                    vec![]
                } else if rng.random_range(0..2) == 0 {
                    vec![StrategyItem {
                        provider: CapacityProvider::Fargate,
                        base: 0,
                        weight: 1,
                    }]
                } else {
                    vec![
                        StrategyItem {
                            provider: CapacityProvider::Fargate,
                            base: 1,
                            weight: 1,
                        },
                        StrategyItem {
                            provider: CapacityProvider::FargateSpot,
                            base: 0,
                            weight: 3,
                        },
                    ]
                },
                subnets: if fargate
                    || (network_mode == NetworkMode::Awsvpc && rng.random_range(0..2) == 0)
                {
                    vec![0, 1]
                } else {
                    vec![]
                },
                assign_public_ip: false,
                asg_capacity_provider_strategy: if !fargate && rng.random_range(0..3) == 0 {
                    vec![(0, 0, 1)]
                } else {
                    vec![]
                },
            },
            task_definition: TaskDefinitionId(s * 3),
            scaling: Default::default(),
            desired_count: rng.random_range(0..=8),
        });
    }
    let mut timeline = Vec::new();
    for _ in 0..rng.random_range(1..=8) {
        let at = rng.random_range(0..1_200_000);
        let s = rng.random_range(0..n_services);
        let action = match rng.random_range(0..6) {
            0..=2 => Action::UpdateService {
                service: ServiceId(s),
                task_definition: Some(TaskDefinitionId(s * 3 + rng.random_range(0..3))),
                desired_count: (rng.random_range(0..2) == 0).then(|| rng.random_range(0..=10)),
                deployment_configuration: None,
                force_new_deployment: false,
            },
            3 => Action::UpdateContainerInstancesState {
                instances: vec![InstanceId(rng.random_range(0..n_instances))],
                status: if rng.random_range(0..3) == 0 {
                    InstanceStatus::Active
                } else {
                    InstanceStatus::Draining
                },
            },
            4 if n_later > 0 => Action::RegisterContainerInstances {
                instances: (n_instances..n_instances + n_later)
                    .map(InstanceId)
                    .collect(),
                launch: Dist::Uniform {
                    low_ms: 10_000,
                    high_ms: 200_000,
                },
            },
            5 if failures => match rng.random_range(0..3) {
                0 => Action::InterruptFargateSpotTasks {
                    service: None,
                    count: rng.random_range(1..4),
                },
                1 => Action::SetFargateSpotCapacity {
                    available: rng.random_range(0..2) == 0,
                },
                _ => Action::DeregisterContainerInstance {
                    instance: InstanceId(rng.random_range(0..n_instances)),
                },
            },
            _ if failures => Action::DeregisterContainerInstance {
                instance: InstanceId(rng.random_range(0..n_instances)),
            },
            _ => Action::UpdateService {
                service: ServiceId(s),
                task_definition: None,
                desired_count: Some(rng.random_range(0..=10)),
                deployment_configuration: None,
                force_new_deployment: rng.random_range(0..2) == 0,
            },
        };
        timeline.push(TimedAction { at, action });
    }
    // The Auto Scaling group: two instances at t = 0, scaled by the timeline and by managed scaling.
    let template = InstanceSpec {
        instance_type: "custom".into(),
        availability_zone: ZONES[0].into(),
        cpu_units: 2048,
        memory_mib: 7985,
        reserved_ports: DEFAULT_RESERVED_PORTS.to_vec(),
        task_eni_limit: 3,
        attributes: Default::default(),
        hourly_usd: 0.1,
        spot: false,
        spot_draining: false,
        spot_interruptions_per_hour: 0.0,
    };
    let mut instances = instances;
    for zone in &ZONES[..2] {
        let mut spec = template.clone();
        spec.availability_zone = (*zone).into();
        instances.push(InstanceInit {
            asg: Some(0),
            name: format!("i-{:04}", instances.len() + 1),
            spec: std::sync::Arc::new(spec),
            at_start: true,
        });
    }
    let asg_ids: Vec<InstanceId> = ((instances.len() - 2)..instances.len())
        .map(|i| InstanceId(i as u32))
        .collect();
    for _ in 0..rng.random_range(0..4) {
        let at = rng.random_range(0..1_200_000);
        let action = if rng.random_range(0..2) == 0 {
            Action::UpdateAutoScalingGroup {
                asg: 0,
                min_size: None,
                max_size: None,
                desired_capacity: Some(rng.random_range(0..6)),
                launch_template_version: Some(rng.random_range(1..3)),
            }
        } else {
            Action::SetInstanceProtection {
                instances: asg_ids.clone(),
                protected: rng.random_range(0..2) == 0,
            }
        };
        timeline.push(TimedAction { at, action });
    }
    let policies = [
        vec![],
        vec![TerminationPolicy::OldestInstance],
        vec![TerminationPolicy::NewestInstance],
        vec![
            TerminationPolicy::OldestLaunchTemplate,
            TerminationPolicy::ClosestToNextInstanceHour,
        ],
    ];
    let auto_scaling_groups = vec![AutoScalingGroup {
        name: "asg".into(),
        template,
        availability_zones: vec![ZONES[0].into(), ZONES[1].into()],
        min_size: 0,
        max_size: 8,
        desired_capacity: 2,
        launch_template_version: 1,
        termination_policies: policies[rng.random_range(0..4)].clone(),
        new_instances_protected_from_scale_in: rng.random_range(0..3) == 0,
        drain_on_termination: rng.random_range(0..2) == 0,
        launch: Dist::Uniform {
            low_ms: 30_000,
            high_ms: 180_000,
        },
    }];
    let managed = rng.random_range(0..3) != 0;
    let capacity_providers = vec![CapacityProviderConfig {
        name: "cp".into(),
        asg: 0,
        managed_scaling: managed.then_some(ManagedScaling {
            target_capacity: [100, 80][rng.random_range(0..2)],
            minimum_scaling_step_size: 1,
            maximum_scaling_step_size: 4,
            instance_warmup_ms: 60_000,
        }),
        managed_termination_protection: managed && rng.random_range(0..2) == 0,
        managed_draining: rng.random_range(0..2) == 0,
    }];
    timeline.sort_by_key(|t| t.at);
    Config {
        name: format!("property-{seed}"),
        seed,
        duration_ms: 2 * 3_600_000,
        max_events: 5_000_000,
        params: Params {
            count_stopping_toward_maximum: !seed.is_multiple_of(3),
            ..Params::default()
        },
        start_steady: seed.is_multiple_of(2),
        instances,
        auto_scaling_groups,
        capacity_providers,
        subnets: vec![
            Subnet {
                id: "subnet-a".into(),
                availability_zone: ZONES[0].into(),
                prefix: 28,
                in_use: 0,
                peak_in_use: 0,
            },
            Subnet {
                id: "subnet-b".into(),
                availability_zone: ZONES[1].into(),
                prefix: 28,
                in_use: 0,
                peak_in_use: 0,
            },
        ],
        account: Account {
            network_interface_quota: rng.random_range(10..120),
            fargate_vcpu_quota: [Some(rng.random_range(2..40)), None],
            fargate_launch_burst: 5,
            fargate_launch_refill_per_second: 1,
            service_launch_rate_per_minute: 30,
            fargate_spot_interruptions_per_task_hour: if failures { 1.0 } else { 0.0 },
            provisioning_tasks_quota: 6,
        },
        task_definitions,
        services,
        timeline,
        record_task_events: true,
        check_invariants: true,
        run_to_end: false,
    }
}

#[test]
fn invariants_hold_after_every_event() {
    let (mut stopped, mut completed, mut unplaced) = (0, 0, 0);
    let (mut asg_launched, mut asg_terminated, mut waited) = (0, 0, 0);
    for seed in 0..150 {
        let sim = Simulation::new(random_config(seed, false))
            .run()
            .expect("runs");
        assert!(
            sim.invariant_violations.is_empty(),
            "seed {seed}: {:?}",
            &sim.invariant_violations[..1]
        );
        assert_eq!(
            sim.bound_violations, 0,
            "seed {seed}: a scheduler decision broke a deployment bound"
        );
        stopped += sim
            .tasks
            .iter()
            .filter(|t| t.last_status == sim::task::TaskStatus::Stopped)
            .count();
        completed += sim
            .deployments
            .iter()
            .filter(|d| !d.initial && d.completed_at.is_some())
            .count();
        unplaced += sim
            .services
            .iter()
            .map(|s| s.stats.unplaced_attempts)
            .sum::<u64>();
        asg_launched += sim.asgs[0].launched;
        asg_terminated += sim.asgs[0].terminated;
        waited += sim
            .samples
            .iter()
            .map(|s| s.cluster.provisioning_tasks)
            .max()
            .unwrap_or(0);
    }
    // The generator must exercise what the checks are about.
    assert!(
        stopped > 1000 && completed > 100 && unplaced > 100,
        "{stopped} {completed} {unplaced}"
    );
    assert!(
        asg_launched > 20 && asg_terminated > 20 && waited > 10,
        "{asg_launched} {asg_terminated} {waited}"
    );
}

#[test]
fn invariants_hold_with_failures_injected() {
    let (mut fargate, mut spot, mut interruptions, mut full) = (0, 0, 0, 0);
    for seed in 1000..1080 {
        let sim = Simulation::new(random_config(seed, true))
            .run()
            .expect("runs");
        assert!(
            sim.invariant_violations.is_empty(),
            "seed {seed}: {:?}",
            &sim.invariant_violations[..1]
        );
        fargate += sim
            .tasks
            .iter()
            .filter(|t| t.capacity_provider.is_some())
            .count();
        spot += sim
            .tasks
            .iter()
            .filter(|t| t.capacity_provider == Some(CapacityProvider::FargateSpot))
            .count();
        interruptions += sim
            .samples
            .last()
            .map_or(0, |s| s.cluster.spot_interruptions);
        full += sim
            .subnets
            .iter()
            .filter(|s| s.peak_in_use == s.usable())
            .count();
    }
    // The generator must reach Fargate, Spot, interruptions and full subnets.
    assert!(
        fargate > 200 && spot > 50 && interruptions > 20 && full > 0,
        "{fargate} {spot} {interruptions} {full}"
    );
}

#[test]
fn lifecycle_only_moves_forward() {
    // `transition` asserts it; here the recorded history of every task is checked too.
    for seed in 0..40 {
        let sim = Simulation::new(random_config(seed, true))
            .run()
            .expect("runs");
        let mut last = vec![None; sim.tasks.len()];
        for r in &sim.records {
            if let sim::record::Record::TaskStateChange {
                task, last_status, ..
            } = r
            {
                if let Some(prev) = last[task.idx()] {
                    assert!(
                        *last_status >= prev,
                        "seed {seed}: task/{} went {prev:?} -> {last_status:?}",
                        task.0 + 1
                    );
                }
                last[task.idx()] = Some(*last_status);
            }
        }
    }
}

#[test]
fn same_seed_same_outcome() {
    for seed in [3, 17, 99, 1001] {
        let a = Simulation::new(random_config(seed, seed > 1000))
            .run()
            .unwrap();
        let b = Simulation::new(random_config(seed, seed > 1000))
            .run()
            .unwrap();
        assert_eq!(a.records, b.records, "seed {seed}");
        assert_eq!(a.samples, b.samples, "seed {seed}");
        assert_eq!(a.end, b.end);
    }
}

#[test]
fn event_limit_is_an_error_not_a_hang() {
    let mut config = random_config(5, false);
    config.max_events = 10;
    assert!(matches!(
        Simulation::new(config).run(),
        Err(sim::SimError::EventLimit { limit: 10, .. })
    ));
}
