//! Reader for tables of published bounds per instance, and [`attach_known_bounds`] to copy optima onto workloads.
//!
//! Two layouts are accepted, with fields separated by tabs or spaces:
//! - BPPLIB's `Bounds_BPPLib.jl.txt`: no header, rows `name LB UB`; the optimum is known when
//!   `LB = UB`;
//! - Mommessin et al.'s `results/*.csv`: a header row whose first field is the instance name and
//!   which has an `LB` column and an `OPT` (optimum) or `UB` column; other columns are ignored.
//!
//! An optimum or upper bound of `-1` or `NA` means unknown (Mommessin's tables write `-1`).

use std::collections::BTreeMap;

use crate::error::ParseError;
use crate::tokens::{Token, Tokens};
use crate::workload::Workload;

/// Published bounds on the optimal number of bins for one named instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownBound {
    /// The instance name, matching [`Workload::name`] (the file name without extension).
    pub instance: String,
    /// A lower bound on the optimal number of bins.
    pub lower_bound: u64,
    /// The optimal number of bins, if it is known.
    pub optimum: Option<u64>,
}

/// Which column holds the upper value and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UpperColumn {
    /// An optimum.
    Optimum(usize),
    /// An upper bound (the optimum is known when it equals the lower bound).
    UpperBound(usize),
    /// No upper column.
    Absent,
}

/// Parses a bounds table; see the module documentation for the layouts.
pub fn parse_bounds_table(text: &str) -> Result<Vec<KnownBound>, ParseError> {
    let mut rows = text.split('\n').enumerate().filter_map(|(index, line)| {
        let tokens: Vec<Token<'_>> = Tokens::new(line)
            .map(|token| Token {
                line: index + 1,
                ..token
            })
            .collect();
        (!tokens.is_empty()).then_some(tokens)
    });
    let Some(first_row) = rows.next() else {
        return Ok(Vec::new());
    };
    let is_header = first_row
        .get(1)
        .is_some_and(|token| token.text.parse::<u64>().is_err());
    let (lower_column, upper_column) = if is_header {
        let find = |wanted: &str| {
            first_row
                .iter()
                .position(|token| token.text.eq_ignore_ascii_case(wanted))
        };
        let Some(lower_column) = find("LB") else {
            return Err(first_row[0].error("the header has no `LB` column"));
        };
        let upper_column = match (find("OPT"), find("UB")) {
            (Some(column), _) => UpperColumn::Optimum(column),
            (None, Some(column)) => UpperColumn::UpperBound(column),
            (None, None) => UpperColumn::Absent,
        };
        (lower_column, upper_column)
    } else {
        (1, UpperColumn::UpperBound(2))
    };

    let data_rows = if is_header { None } else { Some(first_row) };
    let mut bounds = Vec::new();
    for row in data_rows.into_iter().chain(rows) {
        let field = |column: usize, what: &str| -> Result<u64, ParseError> {
            match row.get(column) {
                Some(token) => token.parse_u64(what),
                None => {
                    let last = row[row.len() - 1];
                    Err(ParseError::at(
                        last.line,
                        last.column + last.text.chars().count(),
                        format!("the row has {} fields, so it has no {what}", row.len()),
                    ))
                }
            }
        };
        let lower_bound = field(lower_column, "lower bound")?;
        let optimum = match upper_column {
            UpperColumn::Optimum(column) if is_unknown(row.get(column)) => None,
            UpperColumn::Optimum(column) => Some(field(column, "optimum")?),
            UpperColumn::UpperBound(column) if is_unknown(row.get(column)) => None,
            UpperColumn::UpperBound(column) => {
                let upper_bound = field(column, "upper bound")?;
                (upper_bound == lower_bound).then_some(upper_bound)
            }
            UpperColumn::Absent => None,
        };
        bounds.push(KnownBound {
            instance: row[0].text.to_owned(),
            lower_bound,
            optimum,
        });
    }
    Ok(bounds)
}

/// Returns true for the markers of an unknown value: `-1` (Mommessin's results) or `NA`.
fn is_unknown(token: Option<&Token<'_>>) -> bool {
    token.is_some_and(|token| token.text == "-1" || token.text.eq_ignore_ascii_case("NA"))
}

/// Sets [`Workload::optimum`] on every workload whose name has a known optimum in `bounds`, and
/// returns how many workloads got one.
///
/// Names must be unique within `bounds`: Mommessin's `New` and `Panigrahy` sets reuse names such
/// as `class1_20_3_0`, so pair each folder with its own results file.
/// When a name occurs twice, the later row wins.
pub fn attach_known_bounds(workloads: &mut [Workload], bounds: &[KnownBound]) -> usize {
    let by_name: BTreeMap<&str, &KnownBound> = bounds
        .iter()
        .map(|bound| (bound.instance.as_str(), bound))
        .collect();
    let mut attached = 0;
    for workload in workloads {
        if let Some(optimum) = by_name
            .get(workload.name.as_str())
            .and_then(|bound| bound.optimum)
        {
            workload.optimum = Some(optimum);
            attached += 1;
        }
    }
    attached
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bpplib_bounds_without_header() {
        let bounds = parse_bounds_table("a\t40\t40\r\nb\t10\t11\r\n").unwrap();
        assert_eq!(
            bounds,
            [
                KnownBound {
                    instance: "a".into(),
                    lower_bound: 40,
                    optimum: Some(40)
                },
                KnownBound {
                    instance: "b".into(),
                    lower_bound: 10,
                    optimum: None
                },
            ]
        );
    }

    #[test]
    fn reads_mommessin_results_with_header() {
        let text = "instance_name\tLB\tOPT\tbest\nclass1_20_3_0\t10\t11\t11\n";
        let bounds = parse_bounds_table(text).unwrap();
        assert_eq!(
            bounds,
            [KnownBound {
                instance: "class1_20_3_0".into(),
                lower_bound: 10,
                optimum: Some(11)
            }]
        );
        let text = "instance_name\tLB\tOPT\nclass1_500_3_0\t170\t-1\n";
        assert_eq!(parse_bounds_table(text).unwrap()[0].optimum, None);
        let text = "instance_name\tLB\tFF\nx\t20\t24\n";
        assert_eq!(parse_bounds_table(text).unwrap()[0].optimum, None);
    }

    #[test]
    fn bad_rows_are_errors() {
        let error = parse_bounds_table("a\t4\t4\nb\tx\t4\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
        let error = parse_bounds_table("a\t4\t4\nb\t4\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(parse_bounds_table("name\tfoo\n").is_err());
    }

    #[test]
    fn attaches_optima_by_name() {
        let mut workloads = vec![
            Workload::new("a", vec![10], vec![], "").unwrap(),
            Workload::new("b", vec![10], vec![], "").unwrap(),
        ];
        let bounds = parse_bounds_table("a 3 3\nb 2 5\n").unwrap();
        assert_eq!(attach_known_bounds(&mut workloads, &bounds), 1);
        assert_eq!(workloads[0].optimum, Some(3));
        assert_eq!(workloads[1].optimum, None);
    }
}
