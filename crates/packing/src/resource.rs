//! [`Resource`]: which dimension of a size vector holds CPU units and which holds memory.

/// An ECS resource that placement strategies such as `binpack` refer to by name.
///
/// Convention for size vectors of `d` dimensions: with `d ≥ 2`, dimension 0 is CPU units
/// (vCPU × 1024) and dimension 1 is memory in MiB, any further dimensions are unnamed; with
/// `d = 1` the only dimension is memory (one-dimensional benchmark instances are read as memory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    /// CPU units, where 1024 units are one vCPU.
    CpuUnits,
    /// Memory in MiB.
    MemoryMib,
}

impl Resource {
    /// Returns the index of this resource in a size vector of `dimensions` entries, if present.
    pub fn dimension(self, dimensions: usize) -> Option<usize> {
        match (self, dimensions) {
            (_, 0) => None,
            (Resource::CpuUnits, 1) => None,
            (Resource::MemoryMib, 1) => Some(0),
            (Resource::CpuUnits, _) => Some(0),
            (Resource::MemoryMib, _) => Some(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_dimension_is_memory_and_two_are_cpu_then_memory() {
        assert_eq!(Resource::CpuUnits.dimension(1), None);
        assert_eq!(Resource::MemoryMib.dimension(1), Some(0));
        assert_eq!(Resource::CpuUnits.dimension(2), Some(0));
        assert_eq!(Resource::MemoryMib.dimension(3), Some(1));
        assert_eq!(Resource::MemoryMib.dimension(0), None);
    }
}
