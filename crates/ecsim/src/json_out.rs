//! JSON written by hand, byte for byte as `serde_json` writes it, straight into a buffer: the
//! values ([`Json`]) of `events.jsonl`, `summary.json` and `cost.json`, and the pretty layout of
//! the latter two with their long arrays streamed ([`write_pretty_with_items`],
//! [`pretty_fields`]). Large fleets write hundreds of MB (docs/performance.md); building a
//! `serde_json::Value` per entry dominated their output time.

use std::io;

use serde_json::Value;

/// A JSON value written as `serde_json` writes it, straight into a byte buffer (also the values
/// of `summary.json` and `cost.json`).
pub trait Json {
    /// Appends the JSON text of the value.
    fn put(&self, out: &mut Vec<u8>);
}

impl Json for str {
    fn put(&self, out: &mut Vec<u8>) {
        if needs_escape(self.as_bytes()) {
            serde_json::to_writer(out, self).expect("writing to a Vec cannot fail");
        } else {
            out.push(b'"');
            out.extend_from_slice(self.as_bytes());
            out.push(b'"');
        }
    }
}

impl Json for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.as_str().put(out);
    }
}

impl<T: Json + ?Sized> Json for &T {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
}

impl<T: Json> Json for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.put(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl Json for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(sim::decimal::digits(*self, &mut [0u8; 20]));
    }
}

impl Json for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        u64::from(*self).put(out);
    }
}

impl Json for usize {
    fn put(&self, out: &mut Vec<u8>) {
        (*self as u64).put(out);
    }
}

impl Json for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(out, self).expect("writing to a Vec cannot fail");
    }
}

/// Whether `serde_json` would escape a byte of `s` (a quote, a backslash, a control character).
/// Names and messages rarely need it. The check goes 16 bytes at a time without branching inside
/// a block, so that it compiles to vector instructions; the last bytes are padded with spaces.
fn needs_escape(s: &[u8]) -> bool {
    let escapes = |block: &[u8]| {
        block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    };
    let mut blocks = s.chunks_exact(16);
    if blocks.by_ref().any(escapes) {
        return true;
    }
    let rest = blocks.remainder();
    let mut last = [b' '; 16];
    last[..rest.len()].copy_from_slice(rest);
    escapes(&last)
}

/// A name the simulator spells in plain ASCII letters (`RUNNING`, `SERVICE_EVENT`): nothing to
/// escape.
pub struct Name(pub &'static str);

impl Json for Name {
    fn put(&self, out: &mut Vec<u8>) {
        debug_assert!(!needs_escape(self.0.as_bytes()));
        out.push(b'"');
        out.extend_from_slice(self.0.as_bytes());
        out.push(b'"');
    }
}

/// Milliseconds as seconds: the text of `serde_json`'s `f64` for `ms / 1000.0` (`0.0`,
/// `126.815`), which for times below 10¹² ms is the decimal number with the trailing zeros of the
/// fraction dropped.
pub struct Secs(pub u64);

impl Json for Secs {
    fn put(&self, out: &mut Vec<u8>) {
        let ms = self.0;
        if ms >= 1_000_000_000_000 {
            return crate::names::secs(ms).put(out);
        }
        // The whole seconds, the point, the fraction without its trailing zeros (at least one
        // digit).
        out.extend_from_slice(sim::decimal::digits(ms / 1000, &mut [0u8; 20]));
        let frac = ms % 1000;
        let fraction = [
            b'.',
            b'0' + (frac / 100) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ];
        let len = if frac.is_multiple_of(100) {
            2
        } else if frac.is_multiple_of(10) {
            3
        } else {
            4
        };
        out.extend_from_slice(&fraction[..len]);
    }
}

/// Bytes gathered before they go to the writer.
pub const CHUNK: usize = 64 * 1024;

/// Writes `head` as `serde_json::to_writer_pretty` does, and a line break, with `count` items
/// in place of its empty top-level array `key`: `item(i, out)` appends the text of the `i`-th,
/// pretty-printed two levels deep (see [`pretty_fields`]).
pub fn write_pretty_with_items(
    head: &Value,
    key: &str,
    count: usize,
    w: &mut dyn io::Write,
    mut item: impl FnMut(usize, &mut Vec<u8>),
) -> io::Result<()> {
    // A top-level key is indented by two spaces; strings cannot hold a raw line break, so the
    // marker occurs once.
    let empty = format!("\n  \"{key}\": []");
    let text = serde_json::to_string_pretty(head)?;
    let at = text.find(&empty).ok_or_else(|| {
        io::Error::other(format!("internal error: no top-level \"{key}\" to fill"))
    })?;
    let mut out = Vec::with_capacity(CHUNK + 4096);
    out.extend_from_slice(&text.as_bytes()[..at]);
    if count == 0 {
        out.extend_from_slice(empty.as_bytes());
    } else {
        out.extend_from_slice(&empty.as_bytes()[..empty.len() - 1]);
        for i in 0..count {
            out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            item(i, &mut out);
            if out.len() >= CHUNK {
                w.write_all(&out)?;
                out.clear();
            }
        }
        out.extend_from_slice(b"\n  ]");
    }
    out.extend_from_slice(&text.as_bytes()[at + empty.len()..]);
    out.push(b'\n');
    w.write_all(&out)
}

/// Appends `"key": value` pairs of a pretty-printed object, one per line indented by `$pad`, the
/// first without a leading comma, values through [`Json`].
macro_rules! pretty_fields {
    ($out:expr, $pad:literal, { $k0:literal : $v0:expr $(, $k:literal : $v:expr)* $(,)? }) => {{
        use $crate::json_out::Json as _;
        let out: &mut Vec<u8> = $out;
        out.extend_from_slice(concat!("\n", $pad, "\"", $k0, "\": ").as_bytes());
        (&$v0).put(out);
        $(
            out.extend_from_slice(concat!(",\n", $pad, "\"", $k, "\": ").as_bytes());
            (&$v).put(out);
        )*
    }};
}
pub(crate) use pretty_fields;

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: impl Json) -> String {
        let mut out = Vec::new();
        v.put(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn seconds_read_as_serde_json_writes_them() {
        let mut values: Vec<u64> = (0..200_000).collect();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(x % 10u64.pow(1 + (x % 14) as u32));
        }
        values.extend([999_999_999_999, 1_000_000_000_000, u64::MAX / 3]);
        for ms in values {
            assert_eq!(
                text(Secs(ms)),
                serde_json::to_string(&(ms as f64 / 1000.0)).unwrap(),
                "{ms} ms"
            );
        }
    }

    #[test]
    fn strings_read_as_serde_json_writes_them() {
        for s in [
            "",
            "web",
            "a \"quoted\" name",
            "back\\slash",
            "tab\tnew\nline\u{1}",
            "été ✓",
        ] {
            assert_eq!(text(s), serde_json::to_string(s).unwrap());
        }
        assert_eq!(text(Some("x")), "\"x\"");
        assert_eq!(text(None::<&str>), "null");
    }
}
