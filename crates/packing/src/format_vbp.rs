//! Reader for the VPSolver `.vbp` vector-packing format (Brandão and Pedroso).
//!
//! The file holds whitespace-separated integers: the number of dimensions `d`, the `d` bin
//! capacities, the number of item types `m`, then for each item type its `d` sizes followed by
//! its demand (how many copies of it there are).
//! Line breaks carry no meaning, so tokens may span lines.
//! Item types are expanded by demand into individual items, in file order.

use crate::error::ParseError;
use crate::tokens::Tokens;
use crate::workload::{MAX_ITEMS, Workload};

/// The largest number of dimensions accepted, far above any published instance.
const MAX_DIMENSIONS: u64 = 4096;

/// Parses a `.vbp` instance named `name` from `text`.
pub fn parse_vbp(name: &str, text: &str) -> Result<Workload, ParseError> {
    let mut tokens = Tokens::new(text);
    let (dimensions, dimensions_token) = tokens.expect_u64("the number of dimensions")?;
    if dimensions == 0 {
        return Err(dimensions_token.error("the number of dimensions must be at least 1, found 0"));
    }
    if dimensions > MAX_DIMENSIONS {
        return Err(dimensions_token.error(format!(
            "{dimensions} dimensions is more than the limit of {MAX_DIMENSIONS}"
        )));
    }
    let mut capacity = Vec::new();
    for dimension in 1..=dimensions {
        let (dimension_capacity, token) = tokens.expect_u64(&format!(
            "the capacity of dimension {dimension} of {dimensions}"
        ))?;
        if dimension_capacity == 0 {
            return Err(token.error(format!(
                "the capacity of dimension {dimension} must be positive, found 0"
            )));
        }
        capacity.push(dimension_capacity);
    }
    let (item_types, _) = tokens.expect_u64("the number of item types")?;
    let mut items: Vec<Vec<u64>> = Vec::new();
    for item_type in 1..=item_types {
        let mut sizes = Vec::with_capacity(capacity.len());
        for (dimension, &dimension_capacity) in capacity.iter().enumerate() {
            let (size, token) = tokens.expect_u64(&format!(
                "size {} of item type {item_type} of {item_types}",
                dimension + 1
            ))?;
            if size > dimension_capacity {
                return Err(token.error(format!(
                    "item type {item_type} has size {size} in dimension {}, larger than the capacity {dimension_capacity}",
                    dimension + 1
                )));
            }
            sizes.push(size);
        }
        let (demand, demand_token) =
            tokens.expect_u64(&format!("the demand of item type {item_type}"))?;
        let too_many = || {
            demand_token.error(format!(
                "the instance expands to more than {MAX_ITEMS} items"
            ))
        };
        let demand = usize::try_from(demand).map_err(|_| too_many())?;
        if items.len().saturating_add(demand) > MAX_ITEMS {
            return Err(too_many());
        }
        items.extend(std::iter::repeat_n(sizes, demand));
    }
    if let Some(token) = tokens.next() {
        return Err(token.error(format!(
            "unexpected `{}` after the {item_types} declared item types",
            token.text
        )));
    }
    Ok(Workload {
        name: name.to_owned(),
        capacity,
        items,
        optimum: None,
        source: "VPSolver .vbp format".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_demands_and_tolerates_tokens_across_lines() {
        let text = "2\n100 50\n3\n10 5 2\n20\n 30 1\n7 7 0\n";
        let workload = parse_vbp("v", text).unwrap();
        assert_eq!(workload.capacity, [100, 50]);
        assert_eq!(workload.items, [vec![10, 5], vec![10, 5], vec![20, 30]]);
    }

    #[test]
    fn zero_dimensions_and_zero_capacity_are_rejected() {
        let error = parse_vbp("v", "0\n1\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 1));
        assert!(error.message.contains("at least 1"), "{error}");
        let error = parse_vbp("v", "2\n100 0\n0\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 5));
    }

    #[test]
    fn truncated_and_oversized_items_are_reported() {
        let error = parse_vbp("v", "2\n100 50\n2\n10 5 1\n20").unwrap_err();
        assert!(error.message.contains("size 2 of item type 2"), "{error}");
        assert_eq!((error.line, error.column), (5, 3));
        let error = parse_vbp("v", "2\n100 50\n1\n10 51 1\n").unwrap_err();
        assert_eq!((error.line, error.column), (4, 4));
        assert!(
            error.message.contains("larger than the capacity 50"),
            "{error}"
        );
        let error = parse_vbp("v", "1\n10\n1\n5 99999999999\n").unwrap_err();
        assert!(error.message.contains("more than"), "{error}");
        assert!(parse_vbp("v", "").is_err());
        assert!(parse_vbp("v", "1\n10\n1\n5 1 9\n").is_err());
    }
}
