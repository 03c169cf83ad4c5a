//! `Sourced<T>`: a value together with the catalog sources and date it comes from.
//!
//! Every price in a `PriceBook` is one of these, so a report can always print
//! `source: <source ids>, as of <date>` next to a number.

use std::fmt;

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    /// The value itself.
    pub value: T,
    /// Ids into the catalog's `sources` list (see `Catalog::source`), or
    /// [`Sourced::OVERRIDE_SOURCE`] for a scenario override.
    pub source_ids: Vec<String>,
    /// The date (or period, `from..to`) of the evidence, as the catalog writes it.
    pub as_of: String,
    /// Caveats a report should show: how a date was interpreted, confidence, fallbacks.
    pub notes: Vec<String>,
}

impl<T> Sourced<T> {
    /// The source id used for values that a scenario set explicitly.
    pub const OVERRIDE_SOURCE: &'static str = "scenario-override";

    /// A value with sources and a date, and no notes.
    pub fn new(value: T, source_ids: Vec<String>, as_of: impl Into<String>) -> Sourced<T> {
        Sourced {
            value,
            source_ids,
            as_of: as_of.into(),
            notes: Vec::new(),
        }
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Sourced<T> {
        self.notes.push(note.into());
        self
    }

    /// Whether the value came from a scenario override rather than the catalog.
    pub fn is_override(&self) -> bool {
        self.source_ids.iter().any(|id| id == Self::OVERRIDE_SOURCE)
    }

    /// "source: a, b, as of 2026-07-20".
    pub fn citation(&self) -> String {
        let sources = if self.source_ids.is_empty() {
            "unknown".to_owned()
        } else {
            self.source_ids.join(", ")
        };
        format!("source: {sources}, as of {}", self.as_of)
    }
}

impl<T: fmt::Display> fmt::Display for Sourced<T> {
    /// "0.1 (source: karpenter-pricing-2026-07, as of 2026-07-20)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.value, self.citation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_and_display() {
        let price = Sourced::new(
            0.1,
            vec!["karpenter-pricing-2026-07".to_owned()],
            "2026-07-20",
        );
        assert_eq!(
            price.citation(),
            "source: karpenter-pricing-2026-07, as of 2026-07-20"
        );
        assert_eq!(
            price.to_string(),
            "0.1 (source: karpenter-pricing-2026-07, as of 2026-07-20)"
        );
        assert!(!price.is_override());
    }
}
