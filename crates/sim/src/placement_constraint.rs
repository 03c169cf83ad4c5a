//! Placement constraints (§2.3): `distinctInstance` and `memberOf` with a subset of the cluster
//! query language: `attribute:NAME OP VALUE` with `==`, `!=`, `in [..]`, `not_in [..]`, `exists`,
//! `=~` (with `*` wildcards), joined by `and` / `or` (and binds tighter), and parentheses.

use std::collections::BTreeMap;

/// A placement constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum PlacementConstraint {
    /// Every task of the service on a different container instance.
    DistinctInstance,
    /// Only instances whose attributes satisfy the expression.
    MemberOf(Expr),
}

/// A parsed cluster-query-language expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Both hold.
    And(Box<Expr>, Box<Expr>),
    /// Either holds.
    Or(Box<Expr>, Box<Expr>),
    /// `attribute:NAME == v`
    Eq(String, String),
    /// `attribute:NAME != v`
    Ne(String, String),
    /// `attribute:NAME in [a, b]`
    In(String, Vec<String>),
    /// `attribute:NAME not_in [a, b]`
    NotIn(String, Vec<String>),
    /// `attribute:NAME exists`
    Exists(String),
    /// `attribute:NAME =~ pattern*`
    Matches(String, String),
}

impl Expr {
    /// Evaluates against an instance's attributes (which include `ecs.*` ones).
    pub fn eval(&self, attributes: &BTreeMap<String, String>) -> bool {
        match self {
            Expr::And(a, b) => a.eval(attributes) && b.eval(attributes),
            Expr::Or(a, b) => a.eval(attributes) || b.eval(attributes),
            Expr::Eq(k, v) => attributes.get(k).is_some_and(|x| x == v),
            Expr::Ne(k, v) => attributes.get(k).is_none_or(|x| x != v),
            Expr::In(k, vs) => attributes.get(k).is_some_and(|x| vs.contains(x)),
            Expr::NotIn(k, vs) => attributes.get(k).is_none_or(|x| !vs.contains(x)),
            Expr::Exists(k) => attributes.contains_key(k),
            Expr::Matches(k, p) => attributes.get(k).is_some_and(|x| wildcard(p, x)),
        }
    }

    /// Parses an expression; the error says what was expected and where (0-based character).
    pub fn parse(text: &str) -> Result<Expr, String> {
        let tokens = tokenize(text)?;
        let mut p = Parser { tokens, pos: 0 };
        let e = p.or()?;
        if p.pos != p.tokens.len() {
            return Err(format!(
                "unexpected `{}` after a complete expression",
                p.tokens[p.pos]
            ));
        }
        Ok(e)
    }
}

fn wildcard(pattern: &str, s: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == s,
        Some((head, rest)) => {
            if !s.starts_with(head) {
                return false;
            }
            let s = &s[head.len()..];
            if rest.is_empty() {
                return true;
            }
            (0..=s.len()).any(|i| s.is_char_boundary(i) && wildcard(rest, &s[i..]))
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "()[],".contains(c) {
            out.push(c.to_string());
            i += 1;
        } else if (c == '=' || c == '!') && chars.get(i + 1).is_some_and(|&n| n == '=' || n == '~')
        {
            out.push(chars[i..i + 2].iter().collect());
            i += 2;
        } else if c == '"' || c == '\'' {
            let end = chars[i + 1..]
                .iter()
                .position(|&x| x == c)
                .ok_or("unterminated quote")?;
            out.push(chars[i + 1..i + 1 + end].iter().collect());
            i += end + 2;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !"()[],=!".contains(chars[i]) {
                i += 1;
            }
            if start == i {
                return Err(format!("unexpected character `{c}`"));
            }
            out.push(chars[start..i].iter().collect());
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<String>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }
    fn next(&mut self) -> Result<String, String> {
        let t = self
            .tokens
            .get(self.pos)
            .cloned()
            .ok_or("expression ends too early")?;
        self.pos += 1;
        Ok(t)
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.peek().is_some_and(|t| t.eq_ignore_ascii_case("or")) {
            self.pos += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.atom()?;
        while self.peek().is_some_and(|t| t.eq_ignore_ascii_case("and")) {
            self.pos += 1;
            e = Expr::And(Box::new(e), Box::new(self.atom()?));
        }
        Ok(e)
    }
    fn list(&mut self) -> Result<Vec<String>, String> {
        if self.next()? != "[" {
            return Err("expected `[` to start a list".into());
        }
        let mut items = Vec::new();
        loop {
            let t = self.next()?;
            if t == "]" {
                return Ok(items);
            }
            if t != "," {
                items.push(t);
            }
        }
    }
    fn atom(&mut self) -> Result<Expr, String> {
        let t = self.next()?;
        if t == "(" {
            let e = self.or()?;
            if self.next()? != ")" {
                return Err("expected `)`".into());
            }
            return Ok(e);
        }
        let name = match t.strip_prefix("attribute:") {
            Some(n) => n.to_string(),
            None => return Err(format!("expected `attribute:NAME`, found `{t}`")),
        };
        let op = self.next()?;
        Ok(match op.as_str() {
            "==" => Expr::Eq(name, self.next()?),
            "!=" => Expr::Ne(name, self.next()?),
            "=~" => Expr::Matches(name, self.next()?),
            "in" => Expr::In(name, self.list()?),
            "not_in" => Expr::NotIn(name, self.list()?),
            "exists" => Expr::Exists(name),
            other => {
                return Err(format!(
                    "unknown operator `{other}` (expected ==, !=, =~, in, not_in, exists)"
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs() -> BTreeMap<String, String> {
        [
            ("ecs.availability-zone", "us-east-1a"),
            ("ecs.instance-type", "t2.large"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn evaluates_documented_examples() {
        let a = attrs();
        let e = Expr::parse("attribute:ecs.instance-type =~ t2.*").unwrap();
        assert!(e.eval(&a));
        let e = Expr::parse("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]").unwrap();
        assert!(e.eval(&a));
        let e = Expr::parse("attribute:ecs.instance-type == t2.small or attribute:ecs.availability-zone != us-east-1a")
            .unwrap();
        assert!(!e.eval(&a));
        let e =
            Expr::parse("attribute:ecs.instance-type =~ t2.* and attribute:stack exists").unwrap();
        assert!(!e.eval(&a));
    }

    #[test]
    fn rejects_malformed() {
        assert!(Expr::parse("ecs.instance-type == t2").is_err());
        assert!(Expr::parse("attribute:x ~~ y").is_err());
        assert!(Expr::parse("attribute:x == ").is_err());
        assert!(Expr::parse("attribute:x in [a, b").is_err());
    }
}
