//! Scenario errors: file, line, column, JSON path, message and a hint, with the source line.

use std::fmt;

use crate::locate::locate;
use crate::path::{JsonPath, Loc};

/// An invalid scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Where in the document.
    pub path: JsonPath,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The offending source line, for display.
    pub source_line: Option<String>,
}

/// A problem found while resolving, before it is located in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub path: JsonPath,
    /// What.
    pub message: String,
    /// Fix.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: &Loc, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path(),
            message: message.into(),
            hint: None,
        }
    }

    /// With a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    /// Locates the problem in the source.
    pub fn locate(self, file: &str, text: &str) -> ScenarioError {
        let (line, column) = locate(text, &self.path);
        ScenarioError::at(file, text, line, column, self.path, self.message, self.hint)
    }
}

impl ScenarioError {
    /// Builds an error at a position.
    pub fn at(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        path: JsonPath,
        message: String,
        hint: Option<String>,
    ) -> ScenarioError {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.to_string());
        ScenarioError {
            file: file.to_string(),
            line,
            column,
            path,
            message,
            hint,
            source_line,
        }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )?;
        }
        if !self.path.0.is_empty() {
            write!(f, "\n  at: {}", self.path)?;
        }
        if let Some(src) = &self.source_line
            && src.chars().count() <= 200
        {
            let gutter = self.line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{} | {}\n{:gutter$} | {:>col$}",
                "",
                self.line,
                src,
                "",
                "^",
                col = self.column
            )?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}
