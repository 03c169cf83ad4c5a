//! Finds where a JSON path is in the source text, so that errors found after parsing can name
//! a line and column. The text has already parsed as JSON, so the scanner can be simple.

use crate::path::{JsonPath, Seg};

/// Returns the 1-based (line, column) of the value at `path`, or of its deepest existing parent.
pub fn locate(text: &str, path: &JsonPath) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    let mut last_found = pos;
    for seg in &path.0 {
        match find_child(bytes, pos, seg) {
            Some(p) => {
                pos = p;
                last_found = p;
            }
            None => break,
        }
    }
    line_col(text, last_found)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Offset of the value of `seg` inside the container starting at `pos`.
fn find_child(b: &[u8], pos: usize, seg: &Seg) -> Option<usize> {
    match (b.get(pos)?, seg) {
        (b'{', Seg::Key(want)) => {
            let mut i = skip_ws(b, pos + 1);
            while i < b.len() && b[i] != b'}' {
                let key_start = i;
                let key_end = skip_string(b, i)?;
                let key = &b[key_start + 1..key_end - 1];
                i = skip_ws(b, key_end);
                i = skip_ws(b, i + 1); // ':'
                if key == want.as_bytes() {
                    return Some(i);
                }
                i = skip_ws(b, skip_value(b, i)?);
                if b.get(i) == Some(&b',') {
                    i = skip_ws(b, i + 1);
                }
            }
            None
        }
        (b'[', Seg::Index(want)) => {
            let mut i = skip_ws(b, pos + 1);
            let mut n = 0;
            while i < b.len() && b[i] != b']' {
                if n == *want {
                    return Some(i);
                }
                i = skip_ws(b, skip_value(b, i)?);
                if b.get(i) == Some(&b',') {
                    i = skip_ws(b, i + 1);
                }
                n += 1;
            }
            None
        }
        _ => None,
    }
}

fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            Some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"a\": [1, {\"b\": \"x,]}\", \"c\": 5}],\n  \"d\": {\"e\": true}\n}";
        let p = JsonPath::root().key("a").index(1).key("c");
        assert_eq!(locate(text, &p), (2, 31));
        let p = JsonPath::root().key("d").key("e");
        assert_eq!(locate(text, &p), (3, 14));
        // Missing: the deepest existing parent.
        let p = JsonPath::root().key("d").key("zz");
        assert_eq!(locate(text, &p), (3, 8));
    }
}
