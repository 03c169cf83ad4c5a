//! Error types: [`ParseError`] for instance files and [`PackError`] for workloads that cannot be packed.

use std::fmt;

/// An input file or text that could not be read as a workload, with the place where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file being read, if the text came from a file.
    pub file: Option<String>,
    /// The 1-based line of the offending token, or 0 when the error concerns the whole input (I/O).
    pub line: usize,
    /// The 1-based column (in characters) of the offending token, or 0 with `line` 0.
    pub column: usize,
    /// What went wrong, as a sentence fragment without a full stop.
    pub message: String,
}

impl ParseError {
    /// Builds an error at a 1-based line and column.
    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        ParseError {
            file: None,
            line,
            column,
            message: message.into(),
        }
    }

    /// Builds an error that concerns the whole input rather than one position.
    pub fn whole_input(message: impl Into<String>) -> Self {
        ParseError {
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// Returns the same error naming `file` as its source.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
            if self.line > 0 {
                write!(f, "{}:{}:", self.line, self.column)?;
            }
            write!(f, " {}", self.message)
        } else if self.line > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            write!(f, "{}", self.message)
        }
    }
}

impl std::error::Error for ParseError {}

/// A workload that cannot be packed: inconsistent dimensions, a zero capacity or an oversized item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// The capacity vector is empty.
    NoDimensions,
    /// A bin capacity is zero in some dimension.
    ZeroCapacity {
        /// The 0-based dimension whose capacity is zero.
        dimension: usize,
    },
    /// An item has a different number of dimensions than the capacity.
    DimensionMismatch {
        /// The 0-based index of the item.
        item: usize,
        /// The number of dimensions of the capacity.
        expected: usize,
        /// The number of dimensions of the item.
        found: usize,
    },
    /// An item is larger than the bin capacity in some dimension, so no bin can ever hold it.
    ItemTooLarge {
        /// The 0-based index of the item.
        item: usize,
        /// The 0-based dimension in which it is too large.
        dimension: usize,
        /// The item's size in that dimension.
        size: u64,
        /// The bin capacity in that dimension.
        capacity: u64,
    },
    /// The workload has more items than [`crate::MAX_ITEMS`].
    TooManyItems {
        /// The number of items.
        items: usize,
    },
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::NoDimensions => write!(f, "the bin capacity has no dimensions"),
            PackError::ZeroCapacity { dimension } => {
                write!(f, "the bin capacity is zero in dimension {dimension}")
            }
            PackError::DimensionMismatch {
                item,
                expected,
                found,
            } => {
                write!(
                    f,
                    "item {item} has {found} dimensions but the bin capacity has {expected}"
                )
            }
            PackError::ItemTooLarge {
                item,
                dimension,
                size,
                capacity,
            } => {
                write!(
                    f,
                    "item {item} needs {size} in dimension {dimension} but a bin holds only {capacity}"
                )
            }
            PackError::TooManyItems { items } => {
                write!(
                    f,
                    "{items} items is more than the limit of {}",
                    crate::MAX_ITEMS
                )
            }
        }
    }
}

impl std::error::Error for PackError {}
