//! Fields of AWS objects that ecsim accepts and does not model. A field in neither the modelled
//! set nor these lists is an error with a did-you-mean, so a typo never passes silently.

/// `RegisterTaskDefinition` / `describe-task-definition` fields ignored.
pub const TASK_DEFINITION: &[&str] = &[
    "taskDefinitionArn",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "executionRoleArn",
    "taskRoleArn",
    "volumes",
    "placementConstraints",
    "tags",
    "pidMode",
    "ipcMode",
    "proxyConfiguration",
    "inferenceAccelerators",
    "ephemeralStorage",
    "runtimePlatform",
    "enableFaultInjection",
];

/// Container definition fields ignored.
pub const CONTAINER_DEFINITION: &[&str] = &[
    "image",
    "repositoryCredentials",
    "links",
    "entryPoint",
    "command",
    "environment",
    "environmentFiles",
    "mountPoints",
    "volumesFrom",
    "linuxParameters",
    "secrets",
    "dependsOn",
    "startTimeout",
    "hostname",
    "user",
    "workingDirectory",
    "disableNetworking",
    "privileged",
    "readonlyRootFilesystem",
    "dnsServers",
    "dnsSearchDomains",
    "extraHosts",
    "dockerSecurityOptions",
    "interactive",
    "pseudoTerminal",
    "dockerLabels",
    "ulimits",
    "logConfiguration",
    "systemControls",
    "resourceRequirements",
    "firelensConfiguration",
    "credentialSpecs",
    "versionConsistency",
    "restartPolicy",
    "gpu",
];

/// Port mapping fields ignored.
pub const PORT_MAPPING: &[&str] = &[
    "protocol",
    "name",
    "appProtocol",
    "containerPortRange",
    "hostPortRange",
];

/// `CreateService` / `describe-services` fields ignored.
pub const SERVICE: &[&str] = &[
    "cluster",
    "clusterArn",
    "serviceArn",
    "clientToken",
    "platformVersion",
    "platformFamily",
    "role",
    "roleArn",
    "serviceRegistries",
    "enableECSManagedTags",
    "propagateTags",
    "tags",
    "enableExecuteCommand",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "availabilityZoneRebalancing",
    "status",
    "runningCount",
    "pendingCount",
    "deployments",
    "events",
    "createdAt",
    "createdBy",
    "taskSets",
    "vpcLatticeConfigurations",
];

/// `deploymentConfiguration` fields ignored: they act only in blue/green, linear and canary
/// deployments (§1.7), which `strategy` refuses.
pub const DEPLOYMENT_CONFIGURATION: &[&str] = &["bakeTimeInMinutes", "lifecycleHooks"];

/// `loadBalancers[]` fields ignored.
pub const LOAD_BALANCER: &[&str] = &[
    "loadBalancerName",
    "containerName",
    "containerPort",
    "advancedConfiguration",
];
