//! Did-you-mean suggestions for unknown names (instance types, regions), by edit distance.
//!
//! A small Levenshtein function is enough here; the workspace avoids helper crates for it.

/// The closest candidate to `name` (case-insensitive edit distance), if it is close enough to be
/// a plausible typo: at most 2 edits, or a third of the name's length for long names.
/// Ties go to the candidate that comes first, so the answer is deterministic.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let wanted = name.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = levenshtein(&wanted, &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate.to_owned())
}

/// Levenshtein edit distance (insertions, deletions and substitutions each cost 1), over chars.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // `previous[j]` is the distance between the first i chars of `a` and the first j chars of `b`.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("m4.lrage", "m4.large"), 2);
        assert_eq!(levenshtein("us-east1", "us-east-1"), 1);
    }

    #[test]
    fn suggestions() {
        let types = ["m4.large", "m5.large", "c5.large"];
        assert_eq!(closest("m4.lrage", types), Some("m4.large".to_owned()));
        assert_eq!(closest("M5.LARGE", types), Some("m5.large".to_owned()));
        assert_eq!(closest("x1e.32xlarge", types), None);
        let regions = ["ap-northeast-1", "us-east-1"];
        assert_eq!(closest("us-east1", regions), Some("us-east-1".to_owned()));
        assert_eq!(closest("eu-west-1", regions), None);
    }
}
