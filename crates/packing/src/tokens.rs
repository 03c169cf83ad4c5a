//! Whitespace-separated unsigned integer tokens with their 1-based line and column, for the text formats.

use crate::error::ParseError;

/// One whitespace-separated token and where it starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Token<'_> {
    /// Reads the token as an unsigned integer, naming `what` it should be in the error.
    pub(crate) fn parse_u64(&self, what: &str) -> Result<u64, ParseError> {
        parse_u64_at(self.text, self.line, self.column, what)
    }

    /// Builds an error pointing at this token.
    pub(crate) fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError::at(self.line, self.column, message)
    }
}

/// Reads `text` as an unsigned decimal integer; the error is placed at `line`, `column`.
pub(crate) fn parse_u64_at(
    text: &str,
    line: usize,
    column: usize,
    what: &str,
) -> Result<u64, ParseError> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return digits
            .parse::<u64>()
            .map_err(|_| ParseError::at(line, column, format!("{what} `{text}` is too large")));
    }
    let looks_negative = text.strip_prefix('-').is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|byte| byte.is_ascii_digit() || byte == b'.')
    });
    let message = if looks_negative {
        format!("{what} must not be negative, found `{text}`")
    } else {
        format!("expected {what} (a non-negative integer), found `{text}`")
    };
    Err(ParseError::at(line, column, message))
}

/// Splits text into whitespace-separated tokens (CRLF line ends are whitespace too).
pub(crate) struct Tokens<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Tokens<'a> {
    /// Starts at the beginning of `text`.
    pub(crate) fn new(text: &'a str) -> Tokens<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Tokens {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// Returns the next token, or an error at the end of the input saying `what` was expected.
    pub(crate) fn expect(&mut self, what: &str) -> Result<Token<'a>, ParseError> {
        self.next()
            .ok_or_else(|| self.end_error(format!("unexpected end of input: expected {what}")))
    }

    /// Reads the next token as an unsigned integer.
    pub(crate) fn expect_u64(&mut self, what: &str) -> Result<(u64, Token<'a>), ParseError> {
        let token = self.expect(what)?;
        Ok((token.parse_u64(what)?, token))
    }

    /// Builds an error positioned just after the last character read.
    pub(crate) fn end_error(&self, message: impl Into<String>) -> ParseError {
        ParseError::at(self.line, self.column, message)
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let rest = &self.text[self.offset..];
        let mut start = None;
        for (relative, character) in rest.char_indices() {
            if character.is_whitespace() {
                if let Some((token_start, line, column)) = start {
                    let token = Token {
                        text: &rest[token_start..relative],
                        line,
                        column,
                    };
                    self.offset += relative;
                    return Some(token);
                }
                if character == '\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            } else {
                if start.is_none() {
                    start = Some((relative, self.line, self.column));
                }
                self.column += 1;
            }
        }
        self.offset = self.text.len();
        start.map(|(token_start, line, column)| Token {
            text: &rest[token_start..],
            line,
            column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_line_and_column_across_crlf() {
        let tokens: Vec<(String, usize, usize)> = Tokens::new("3\r\n 10  x\r\n\r\n\t7")
            .map(|token| (token.text.to_owned(), token.line, token.column))
            .collect();
        assert_eq!(
            tokens,
            [
                ("3".to_owned(), 1, 1),
                ("10".to_owned(), 2, 2),
                ("x".to_owned(), 2, 6),
                ("7".to_owned(), 4, 2)
            ]
        );
    }

    #[test]
    fn numbers_are_checked() {
        assert_eq!(parse_u64_at("+12", 1, 1, "a size"), Ok(12));
        assert!(
            parse_u64_at("-3", 1, 1, "a size")
                .unwrap_err()
                .message
                .contains("negative")
        );
        assert!(
            parse_u64_at("1.5", 1, 1, "a size")
                .unwrap_err()
                .message
                .contains("non-negative integer")
        );
        assert!(
            parse_u64_at("99999999999999999999", 1, 1, "a size")
                .unwrap_err()
                .message
                .contains("too large")
        );
        assert!(parse_u64_at("", 1, 1, "a size").is_err());
    }
}
