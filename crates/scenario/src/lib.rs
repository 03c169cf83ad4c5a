//! ecsim's scenario format: JSON in the shapes of the ECS API (task definitions and services
//! can be pasted from `aws ecs describe-*` output), validated with errors that name the file,
//! line, column and JSON path, and resolved to a `sim::Config`.

pub mod aws_fields;
pub mod error;
mod fields;
pub mod format;
pub mod locate;
pub mod path;
pub mod resolve;
pub mod resolve_pricing;
mod resolve_service;
mod resolve_service_auto_scaling;
mod resolve_task_definition;
pub mod suggest;
pub mod units;

use std::path::Path;

pub use error::ScenarioError;
pub use resolve::Resolved;
pub use resolve_pricing::Pricing;

use crate::path::JsonPath;
use crate::suggest::did_you_mean;

/// Reads and resolves a scenario file.
pub fn load(path: &Path) -> Result<Resolved, Box<ScenarioError>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(ScenarioError {
            file: file.clone(),
            line: 0,
            column: 0,
            path: JsonPath::root(),
            message: format!("cannot read the file: {e}"),
            hint: None,
            source_line: None,
        })
    })?;
    parse(&file, &text)
}

/// Parses and resolves scenario text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Resolved, Box<ScenarioError>> {
    if text.trim().is_empty() {
        return Err(Box::new(ScenarioError::at(
            file,
            text,
            1,
            1,
            JsonPath::root(),
            "the file is empty".into(),
            Some("a scenario is a JSON object; see docs/scenario-format.md".into()),
        )));
    }
    let parsed = parse_format(file, text)?;
    resolve::resolve(&parsed, pricing::Catalog::embedded())
        .map_err(|p| Box::new(p.locate(file, text)))
}

/// The scenario as written. Plain serde_json first, reading timeline entries directly: tracking
/// the JSON path makes parsing much slower (docs/performance.md) and is only needed to locate an
/// error, so a file that fails is parsed again with it, and with serde's own reading of timeline
/// entries. A valid file whose timeline entries do not start with `atSeconds` and `action` also
/// takes the second, slower parse.
fn parse_format<'a>(file: &str, text: &'a str) -> Result<format::Scenario<'a>, Box<ScenarioError>> {
    if let Ok(s) = format::timeline::read_directly(|| serde_json::from_str(text)) {
        return Ok(s);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let s = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| Box::new(serde_error(file, text, e)))?;
    // Only the first parse failed: trailing characters, or a timeline entry that the direct
    // reading leaves to serde.
    if let Err(e) = de.end() {
        return Err(Box::new(ScenarioError::at(
            file,
            text,
            e.line().max(1),
            e.column().max(1),
            JsonPath::root(),
            "unexpected text after the scenario's JSON object".into(),
            Some("a scenario file holds exactly one JSON object".into()),
        )));
    }
    Ok(s)
}

fn serde_error(
    file: &str,
    text: &str,
    e: serde_path_to_error::Error<serde_json::Error>,
) -> ScenarioError {
    let path = JsonPath::from_serde(e.path());
    let inner = e.inner();
    let raw = inner.to_string();
    // serde_json appends " at line L column C"; we print the position ourselves.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let mut hint = None;
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        hint = Some(match did_you_mean(field, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("expected one of: {}", candidates.join(", ")),
        });
    } else if message.starts_with("data did not match any variant") {
        hint = Some("a duration is a number of seconds or {\"uniform\": [lo, hi]}, {\"normal\": {\"mean\", \"sd\"}}, {\"lognormal\": {\"median\", \"sigma\"}}".into());
    } else if inner.is_eof() {
        hint = Some("the file ends early: is it truncated?".into());
    }
    // Syntax errors have a position; data errors in flattened objects are located by path.
    let (line, column) = if inner.is_syntax() || inner.is_eof() || path.0.is_empty() {
        (inner.line().max(1), inner.column().max(1))
    } else {
        locate::locate(text, &path)
    };
    ScenarioError::at(file, text, line, column, path, message, hint)
}
