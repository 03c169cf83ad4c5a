//! Reader for the BPPLIB one-dimensional text format (Delorme, Iori and Martello 2018).
//!
//! Line 1 is the number of items `n`, line 2 the bin capacity, then `n` item sizes, one per
//! line; files may use CRLF line ends.
//! The reader accepts any whitespace between numbers and rejects anything after the `n` sizes.
//! Items are read as memory: the workload has one dimension (see [`crate::Resource`]).

use crate::error::ParseError;
use crate::tokens::Tokens;
use crate::workload::{MAX_ITEMS, Workload};

/// Parses a BPPLIB one-dimensional instance named `name` from `text`.
pub fn parse_bpplib(name: &str, text: &str) -> Result<Workload, ParseError> {
    let mut tokens = Tokens::new(text);
    let (declared_items, count_token) = tokens.expect_u64("the number of items")?;
    let item_count = usize::try_from(declared_items)
        .ok()
        .filter(|&count| count <= MAX_ITEMS)
        .ok_or_else(|| {
            count_token.error(format!(
                "{declared_items} items is more than the limit of {MAX_ITEMS}"
            ))
        })?;
    let (capacity, capacity_token) = tokens.expect_u64("the bin capacity")?;
    if capacity == 0 {
        return Err(capacity_token.error("the bin capacity must be positive, found 0"));
    }
    let mut items = Vec::with_capacity(item_count.min(1 << 16));
    for item_index in 0..item_count {
        let Some(token) = tokens.next() else {
            return Err(tokens.end_error(format!(
                "unexpected end of input: the file declares {item_count} items but has only {item_index} sizes"
            )));
        };
        let size = token.parse_u64("an item size")?;
        if size > capacity {
            return Err(token.error(format!(
                "item {} has size {size}, larger than the bin capacity {capacity}",
                item_index + 1
            )));
        }
        items.push(vec![size]);
    }
    if let Some(token) = tokens.next() {
        return Err(token.error(format!(
            "unexpected `{}` after the {item_count} declared item sizes",
            token.text
        )));
    }
    Ok(Workload {
        name: name.to_owned(),
        capacity: vec![capacity],
        items,
        optimum: None,
        source: "BPPLIB one-dimensional text format".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_crlf_instance() {
        let workload = parse_bpplib("tiny", "3\r\n10\r\n6\r\n4\r\n5\r\n").unwrap();
        assert_eq!(workload.name, "tiny");
        assert_eq!(workload.capacity, [10]);
        assert_eq!(workload.items, [[6], [4], [5]]);
    }

    #[test]
    fn empty_input_is_an_error_at_the_start() {
        let error = parse_bpplib("empty", "").unwrap_err();
        assert_eq!((error.line, error.column), (1, 1));
        assert!(error.message.contains("number of items"), "{error}");
        assert!(parse_bpplib("blank", " \r\n\r\n").is_err());
    }

    #[test]
    fn truncated_file_says_how_many_sizes_were_found() {
        let error = parse_bpplib("short", "5\n100\n10\n20\n30\n").unwrap_err();
        assert!(
            error
                .message
                .contains("declares 5 items but has only 3 sizes"),
            "{error}"
        );
        assert_eq!(error.line, 6);
    }

    #[test]
    fn non_number_is_reported_at_its_line_and_column() {
        let error = parse_bpplib("bad", "3\n100\n10\n  2x0\n30\n").unwrap_err();
        assert_eq!((error.line, error.column), (4, 3));
        assert!(error.message.contains("`2x0`"), "{error}");
    }

    #[test]
    fn oversized_item_zero_capacity_and_negative_sizes_are_rejected() {
        let error = parse_bpplib("big", "2\n100\n10\n101\n").unwrap_err();
        assert_eq!((error.line, error.column), (4, 1));
        assert!(
            error.message.contains("larger than the bin capacity 100"),
            "{error}"
        );
        let error = parse_bpplib("zero", "1\n0\n0\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        let error = parse_bpplib("negative", "1\n10\n-4\n").unwrap_err();
        assert!(error.message.contains("negative"), "{error}");
    }

    #[test]
    fn extra_tokens_and_absurd_counts_are_rejected() {
        let error = parse_bpplib("extra", "1\n10\n4\n5\n").unwrap_err();
        assert_eq!((error.line, error.column), (4, 1));
        let error = parse_bpplib("huge", "99999999999\n10\n").unwrap_err();
        assert!(error.message.contains("limit"), "{error}");
    }
}
