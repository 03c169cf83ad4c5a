//! Typed indices into the cluster's arenas. Entities are never removed, so ids never dangle.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The arena index.
            pub fn idx(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A container instance (an EC2 host registered to the cluster).
    InstanceId
);
id_type!(
    /// A task.
    TaskId
);
id_type!(
    /// A service.
    ServiceId
);
id_type!(
    /// A service deployment.
    DeploymentId
);
id_type!(
    /// A task definition revision.
    TaskDefinitionId
);
