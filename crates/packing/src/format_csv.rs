//! Reader for CSV files of task resource requests, one task per row.
//!
//! Format:
//! - The first non-blank line is a header; names are matched case-insensitively after trimming.
//! - CPU comes from a column named `cpu` or `cpu_units` (ECS CPU units, 1024 per vCPU) or, if
//!   neither exists, `cpu_milli` (millicores, as in Kubernetes traces), converted to CPU units as
//!   `ceil(millicores × 1.024)`.
//! - Memory comes from a column named `memory` or `memory_mib` (MiB).
//! - Other columns are ignored. Fields may be quoted with `"`, with `""` for a literal quote.
//! - Blank lines and lines starting with `#` are skipped; CRLF line ends are accepted.
//!
//! The caller gives the container-instance size as `[cpu_units, memory_mib]`, since a request
//! list does not say what it runs on.

use crate::error::ParseError;
use crate::tokens::parse_u64_at;
use crate::workload::{MAX_ITEMS, Workload};

/// How a CPU column is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CpuUnit {
    /// ECS CPU units (1024 per vCPU).
    EcsUnits,
    /// Millicores (1000 per vCPU).
    Millicores,
}

/// One field of a CSV line and the 1-based column where it starts.
struct Field {
    text: String,
    column: usize,
}

/// Parses a CSV of (cpu, memory) requests named `name`, packed onto instances of `capacity`
/// `[cpu_units, memory_mib]`.
pub fn parse_csv(name: &str, text: &str, capacity: [u64; 2]) -> Result<Workload, ParseError> {
    if let Some(dimension) = capacity.iter().position(|&amount| amount == 0) {
        let resource = if dimension == 0 { "CPU" } else { "memory" };
        return Err(ParseError::whole_input(format!(
            "the instance {resource} capacity must be positive"
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(index, line)| (index + 1, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'));

    let Some((header_line, header)) = lines.next() else {
        return Err(ParseError::at(
            1,
            1,
            "empty input: expected a header line such as `cpu,memory`",
        ));
    };
    let header_fields = split_fields(header, header_line)?;
    let find = |names: &[&str]| {
        names.iter().find_map(|wanted| {
            header_fields
                .iter()
                .position(|field| field.text.trim().eq_ignore_ascii_case(wanted))
        })
    };
    let (cpu_column, cpu_unit) = match (find(&["cpu", "cpu_units"]), find(&["cpu_milli"])) {
        (Some(column), _) => (column, CpuUnit::EcsUnits),
        (None, Some(column)) => (column, CpuUnit::Millicores),
        (None, None) => {
            return Err(ParseError::at(
                header_line,
                1,
                "the header has no `cpu`, `cpu_units` or `cpu_milli` column",
            ));
        }
    };
    let Some(memory_column) = find(&["memory", "memory_mib"]) else {
        return Err(ParseError::at(
            header_line,
            1,
            "the header has no `memory` or `memory_mib` column",
        ));
    };

    let mut items = Vec::new();
    for (line_number, line) in lines {
        let fields = split_fields(line, line_number)?;
        let value = |column: usize, what: &str| -> Result<(u64, usize), ParseError> {
            let Some(field) = fields.get(column) else {
                return Err(ParseError::at(
                    line_number,
                    line.chars().count() + 1,
                    format!(
                        "the row has {} fields, so it has no {what} value (column {} of the header)",
                        fields.len(),
                        column + 1
                    ),
                ));
            };
            let trimmed = field.text.trim();
            let leading = field
                .text
                .chars()
                .take_while(|character| character.is_whitespace())
                .count();
            let value = parse_u64_at(trimmed, line_number, field.column + leading, what)?;
            Ok((value, field.column))
        };
        let (cpu_value, cpu_field_column) = value(cpu_column, "a CPU request")?;
        let cpu_units = match cpu_unit {
            CpuUnit::EcsUnits => cpu_value,
            CpuUnit::Millicores => millicores_to_cpu_units(cpu_value).ok_or_else(|| {
                ParseError::at(
                    line_number,
                    cpu_field_column,
                    format!("CPU request {cpu_value} millicores is too large"),
                )
            })?,
        };
        let (memory_mib, memory_field_column) = value(memory_column, "a memory request")?;
        if cpu_units > capacity[0] {
            return Err(ParseError::at(
                line_number,
                cpu_field_column,
                format!(
                    "the task needs {cpu_units} CPU units but an instance has {}",
                    capacity[0]
                ),
            ));
        }
        if memory_mib > capacity[1] {
            return Err(ParseError::at(
                line_number,
                memory_field_column,
                format!(
                    "the task needs {memory_mib} MiB but an instance has {}",
                    capacity[1]
                ),
            ));
        }
        if items.len() == MAX_ITEMS {
            return Err(ParseError::at(
                line_number,
                1,
                format!("more than {MAX_ITEMS} rows"),
            ));
        }
        items.push(vec![cpu_units, memory_mib]);
    }
    Ok(Workload {
        name: name.to_owned(),
        capacity: capacity.to_vec(),
        items,
        optimum: None,
        source: "CSV of task requests".to_owned(),
    })
}

/// Converts millicores to ECS CPU units, `ceil(millicores × 1024 / 1000)`.
fn millicores_to_cpu_units(millicores: u64) -> Option<u64> {
    let units = (u128::from(millicores) * 1024).div_ceil(1000);
    u64::try_from(units).ok()
}

/// Splits one CSV line into fields, honouring double quotes.
fn split_fields(line: &str, line_number: usize) -> Result<Vec<Field>, ParseError> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut field_column = 1;
    let mut in_quotes = false;
    let mut quote_column = 0;
    let mut characters = line.chars().enumerate().peekable();
    while let Some((index, character)) = characters.next() {
        let column = index + 1;
        match character {
            '"' if in_quotes => {
                if characters.peek().is_some_and(|&(_, next)| next == '"') {
                    characters.next();
                    current.push('"');
                } else {
                    in_quotes = false;
                }
            }
            '"' => {
                in_quotes = true;
                quote_column = column;
            }
            ',' if !in_quotes => {
                fields.push(Field {
                    text: std::mem::take(&mut current),
                    column: field_column,
                });
                field_column = column + 1;
            }
            _ => current.push(character),
        }
    }
    if in_quotes {
        return Err(ParseError::at(
            line_number,
            quote_column,
            "unterminated quoted field",
        ));
    }
    fields.push(Field {
        text: current,
        column: field_column,
    });
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M4_LARGE: [u64; 2] = [2048, 7985];

    #[test]
    fn reads_cpu_and_memory_ignoring_other_columns() {
        let text = "name,memory,cpu\r\nweb,512,256\r\n\r\n# comment\n\"api, grpc\",1024,512\n";
        let workload = parse_csv("tasks", text, M4_LARGE).unwrap();
        assert_eq!(workload.items, [[256, 512], [512, 1024]]);
        assert_eq!(workload.capacity, M4_LARGE);
    }

    #[test]
    fn converts_millicores_rounding_up() {
        let text = "name,cpu_milli,memory_mib\npod,1000,100\npod,1,1\npod,2000,1\n";
        let workload = parse_csv("pods", text, M4_LARGE).unwrap();
        assert_eq!(workload.items, [[1024, 100], [2, 1], [2048, 1]]);
        assert_eq!(millicores_to_cpu_units(500), Some(512));
        assert_eq!(millicores_to_cpu_units(0), Some(0));
    }

    #[test]
    fn bad_rows_are_reported_with_position() {
        let error = parse_csv("t", "cpu,memory\n256,5x\n", M4_LARGE).unwrap_err();
        assert_eq!((error.line, error.column), (2, 5));
        let error = parse_csv("t", "cpu,memory\n256, -5\n", M4_LARGE).unwrap_err();
        assert_eq!((error.line, error.column), (2, 6));
        assert!(error.message.contains("negative"), "{error}");
        let error = parse_csv("t", "cpu,memory\n256\n", M4_LARGE).unwrap_err();
        assert_eq!((error.line, error.column), (2, 4));
        let error = parse_csv("t", "cpu,memory\n4096,10\n", M4_LARGE).unwrap_err();
        assert!(error.message.contains("2048"), "{error}");
        let error = parse_csv("t", "cpu,memory\n\"256,10\n", M4_LARGE).unwrap_err();
        assert!(error.message.contains("unterminated"), "{error}");
    }

    #[test]
    fn missing_header_columns_and_empty_input_are_errors() {
        assert!(
            parse_csv("t", "", M4_LARGE)
                .unwrap_err()
                .message
                .contains("empty input")
        );
        assert!(
            parse_csv("t", "cpu,mem\n1,1\n", M4_LARGE)
                .unwrap_err()
                .message
                .contains("memory")
        );
        assert!(
            parse_csv("t", "vcpu,memory\n1,1\n", M4_LARGE)
                .unwrap_err()
                .message
                .contains("cpu")
        );
        assert!(parse_csv("t", "cpu,memory\n", [0, 1]).is_err());
        assert_eq!(
            parse_csv("t", "cpu,memory\n", M4_LARGE)
                .unwrap()
                .items
                .len(),
            0
        );
    }
}
