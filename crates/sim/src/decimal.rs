//! Decimal digits of integers without the formatting machinery: names and messages are written
//! per task and per instance, millions of times in a large fleet (docs/performance.md).

/// The decimal digits of `n`, written at the end of `buffer`.
pub fn digits(mut n: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buffer[at..];
        }
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits (what `{n:0width$}` writes).
pub fn push(out: &mut String, n: u64, width: usize) {
    let mut buffer = [0u8; 20];
    let text = digits(n, &mut buffer);
    out.reserve(width.max(text.len()));
    for _ in text.len()..width {
        out.push('0');
    }
    for &d in text {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_format_writes() {
        let values = (0..2_000).chain([9_999, 10_000, 123_456_789, u64::MAX]);
        for n in values {
            let mut buffer = [0u8; 20];
            assert_eq!(digits(n, &mut buffer), n.to_string().as_bytes());
            let mut padded = String::new();
            push(&mut padded, n, 4);
            assert_eq!(padded, format!("{n:04}"));
        }
    }
}
