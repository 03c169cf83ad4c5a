//! Two buffers for the keys of candidates (one value per placement strategy), for the searches
//! that compare every candidate's key with the best so far: placement's scan and scale-in's
//! victim choice. On the stack for up to eight strategies, so that no candidate and no decision
//! allocates.

/// Calls `f` with two zeroed buffers of `n` values each (the best key so far, the current one).
#[inline(always)]
pub(crate) fn with_key_buffers<R>(n: usize, f: impl FnOnce(&mut [u64], &mut [u64]) -> R) -> R {
    let mut stack = [0u64; 16];
    let mut heap = Vec::new();
    let buf: &mut [u64] = if 2 * n <= stack.len() {
        &mut stack[..2 * n]
    } else {
        heap.resize(2 * n, 0);
        &mut heap
    };
    let (best, current) = buf.split_at_mut(n);
    f(best, current)
}
