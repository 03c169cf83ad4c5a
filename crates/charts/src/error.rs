//! The one error type of the crate: drawing, font, I/O and input failures.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why a chart, animation or report could not be produced.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChartError {
    /// plotters failed while drawing; the message is plotters' own.
    Draw(String),
    /// The embedded font could not be registered with plotters.
    Font(String),
    /// Reading or writing a file failed.
    Io {
        /// The file the caller asked for (not the temporary file).
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The input cannot be drawn (for example a zero scale or no frames).
    InvalidInput(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::Draw(msg) => write!(f, "drawing failed: {msg}"),
            ChartError::Font(msg) => write!(f, "font registration failed: {msg}"),
            ChartError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            ChartError::InvalidInput(msg) => write!(f, "invalid chart input: {msg}"),
        }
    }
}

impl std::error::Error for ChartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChartError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Converts any plotters drawing error (its error kind is generic over the backend) into a
/// [`ChartError::Draw`].
pub(crate) fn draw_err<E: fmt::Display>(err: E) -> ChartError {
    ChartError::Draw(err.to_string())
}
