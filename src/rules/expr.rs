//! The small grammar of the rule file's arithmetic: linear sums over cell ids.
//!
//! ```text
//! equation := sum ("=" | "<=" | ">=") sum
//! sum      := ["-"] term (("+" | "-") term)*
//! term     := cellref | number | "sum(" sum ("," sum)* ")"
//! cellref  := ["prior."] segment ("." segment)*
//! segment  := name | "{" var "}" | "*"
//! ```
//!
//! `{var}` is bound by the rule's `for_each`; `*` stands for one segment and expands over the
//! template's cells. Hand-written rather than built on a parser crate: the grammar is a dozen
//! tokens, and a hand-written scanner gives exact character positions in error messages for
//! free.

use std::str::FromStr;

use rust_decimal::Decimal;

/// One segment of a cell reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A literal id segment (`apply`, `new`, `total`).
    Name(String),
    /// `{col}`: replaced by the value the rule's `for_each` binds.
    Var(String),
    /// `*`: any one segment, expanded over the template's cells.
    Wildcard,
}

/// A reference to cells, possibly with variables and wildcards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPattern {
    /// `prior.` prefix: the cell of last year's report.
    pub prior: bool,
    /// The id's segments.
    pub segments: Vec<Segment>,
}

impl CellPattern {
    /// The id with variables bound, written into `out` (emptied first) with its segments
    /// dot-separated, each variable's value from `value`; `false` for a variable that has
    /// none.
    pub fn bind_into<'v>(&self, value: impl Fn(&str) -> Option<&'v str>, out: &mut String) -> bool {
        out.clear();
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            match s {
                Segment::Name(n) => out.push_str(n),
                Segment::Wildcard => out.push('*'),
                Segment::Var(v) => match value(v) {
                    Some(v) => out.push_str(v),
                    None => return false,
                },
            }
        }
        true
    }

    /// The variables it uses.
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Var(v) => Some(v.as_str()),
            _ => None,
        })
    }
}

impl std::fmt::Display for CellPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.prior {
            f.write_str("prior.")?;
        }
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match s {
                Segment::Name(n) => f.write_str(n)?,
                Segment::Var(v) => write!(f, "{{{v}}}")?,
                Segment::Wildcard => f.write_str("*")?,
            }
        }
        Ok(())
    }
}

/// One signed term of a sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Cells, added (`+1`) or subtracted (`-1`).
    Cells(i8, CellPattern),
    /// A constant.
    Number(Decimal),
}

/// The comparison of an equation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// `=`
    Eq,
    /// `<=`
    Le,
    /// `>=`
    Ge,
}

impl Relation {
    /// Whether `lhs rel rhs` holds.
    pub fn holds(self, lhs: Decimal, rhs: Decimal) -> bool {
        match self {
            Relation::Eq => lhs == rhs,
            Relation::Le => lhs <= rhs,
            Relation::Ge => lhs >= rhs,
        }
    }
}

/// A parsed equation: `lhs rel rhs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equation {
    /// The left side: the cells the report writes (what a finding calls `actual`).
    pub lhs: Vec<Term>,
    /// The comparison.
    pub relation: Relation,
    /// The right side: what the left should come to (a finding's `expected`).
    pub rhs: Vec<Term>,
}

impl Equation {
    /// Every cell pattern, left side first.
    pub fn patterns(&self) -> impl Iterator<Item = &CellPattern> {
        self.lhs.iter().chain(&self.rhs).filter_map(|t| match t {
            Term::Cells(_, p) => Some(p),
            Term::Number(_) => None,
        })
    }
}

/// A grammar error: what was wrong and at which character of the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// 0-based character offset into the expression.
    pub offset: usize,
    /// What was expected.
    pub message: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at character {}: {}", self.offset + 1, self.message)
    }
}

/// Parse `lhs = rhs` (or `<=`, `>=`).
pub fn parse_equation(text: &str) -> Result<Equation, ExprError> {
    let mut p = Parser::new(text);
    let lhs = p.sum()?;
    let relation = p.relation()?;
    let rhs = p.sum()?;
    p.end()?;
    Ok(Equation { lhs, relation, rhs })
}

/// Parse a sum without a comparison (`apply.new.total + apply.carried_in.total`).
pub fn parse_sum(text: &str) -> Result<Vec<Term>, ExprError> {
    let mut p = Parser::new(text);
    let sum = p.sum()?;
    p.end()?;
    Ok(sum)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn new(text: &str) -> Parser {
        Parser {
            chars: text.chars().collect(),
            pos: 0,
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ExprError> {
        Err(ExprError {
            offset: self.pos,
            message: message.into(),
        })
    }

    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_space();
        let n = s.chars().count();
        if self.chars.len() >= self.pos + n
            && self.chars[self.pos..self.pos + n]
                .iter()
                .copied()
                .eq(s.chars())
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn end(&mut self) -> Result<(), ExprError> {
        match self.peek() {
            None => Ok(()),
            Some(c) => self.error(format!("unexpected `{c}`")),
        }
    }

    fn relation(&mut self) -> Result<Relation, ExprError> {
        if self.eat("<=") {
            Ok(Relation::Le)
        } else if self.eat(">=") {
            Ok(Relation::Ge)
        } else if self.eat("=") {
            Ok(Relation::Eq)
        } else {
            self.error("expected `=`, `<=` or `>=`")
        }
    }

    fn sum(&mut self) -> Result<Vec<Term>, ExprError> {
        let mut terms = Vec::new();
        let mut sign: i8 = if self.eat("-") { -1 } else { 1 };
        loop {
            self.term(sign, &mut terms)?;
            if self.eat("+") {
                sign = 1;
            } else if self.eat("-") {
                sign = -1;
            } else {
                return Ok(terms);
            }
        }
    }

    fn term(&mut self, sign: i8, out: &mut Vec<Term>) -> Result<(), ExprError> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while self
                    .chars
                    .get(self.pos)
                    .is_some_and(|c| c.is_ascii_digit() || *c == '.')
                {
                    self.pos += 1;
                }
                let text: String = self.chars[start..self.pos].iter().collect();
                match Decimal::from_str(&text) {
                    Ok(v) => {
                        out.push(Term::Number(if sign < 0 { -v } else { v }));
                        Ok(())
                    }
                    Err(_) => {
                        self.pos = start;
                        self.error(format!("`{text}` is not a number"))
                    }
                }
            }
            Some(_) if self.eat("sum(") => loop {
                for t in self.sum()? {
                    out.push(match t {
                        Term::Cells(s, p) => Term::Cells(s * sign, p),
                        Term::Number(v) => Term::Number(if sign < 0 { -v } else { v }),
                    });
                }
                if self.eat(",") {
                    continue;
                }
                if self.eat(")") {
                    return Ok(());
                }
                return self.error("expected `,` or `)`");
            },
            Some(_) => {
                let pattern = self.cell_pattern()?;
                out.push(Term::Cells(sign, pattern));
                Ok(())
            }
            None => self.error("expected a cell id, a number or `sum(`"),
        }
    }

    fn cell_pattern(&mut self) -> Result<CellPattern, ExprError> {
        let mut segments = Vec::new();
        loop {
            let seg = self.segment()?;
            segments.push(seg);
            if self.chars.get(self.pos) == Some(&'.') {
                self.pos += 1;
            } else {
                break;
            }
        }
        let prior = segments.first() == Some(&Segment::Name("prior".into()));
        if prior {
            segments.remove(0);
        }
        if segments.len() < 2 {
            return self.error("a cell id has at least a table, a row and a column");
        }
        Ok(CellPattern { prior, segments })
    }

    fn segment(&mut self) -> Result<Segment, ExprError> {
        match self.chars.get(self.pos).copied() {
            Some('*') => {
                self.pos += 1;
                Ok(Segment::Wildcard)
            }
            Some('{') => {
                self.pos += 1;
                let name = self.name();
                if name.is_empty() || self.chars.get(self.pos) != Some(&'}') {
                    return self.error("expected `{name}`");
                }
                self.pos += 1;
                Ok(Segment::Var(name))
            }
            _ => {
                let name = self.name();
                if name.is_empty() {
                    return self.error("expected a cell id segment");
                }
                Ok(Segment::Name(name))
            }
        }
    }

    fn name(&mut self) -> String {
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_binds_its_variables_in_place() {
        let eq = parse_equation("prior.apply.{row}.* + 3 = apply.{row}.{col}")
            .unwrap_or_else(|e| panic!("{e}"));
        let patterns: Vec<&CellPattern> = eq.patterns().collect();
        let value = |v: &str| match v {
            "row" => Some("new"),
            "col" => Some("natural"),
            _ => None,
        };
        let mut id = String::from("left over");
        assert!(patterns[0].prior && patterns[0].bind_into(value, &mut id));
        assert_eq!(id, "apply.new.*");
        assert!(patterns[1].bind_into(value, &mut id));
        assert_eq!(id, "apply.new.natural");
        // A variable with no value binds nothing.
        assert!(!patterns[1].bind_into(|v| (v == "row").then_some("new"), &mut id));
    }

    #[test]
    fn parses_a_balance_with_variables() {
        let eq = parse_equation(
            "apply.new.{col} + apply.carried_in.{col} = apply.total.{col} + apply.carried_out.{col}",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(eq.lhs.len(), 2);
        assert_eq!(eq.rhs.len(), 2);
        assert_eq!(eq.relation, Relation::Eq);
    }

    #[test]
    fn sum_wildcards_prior_and_minus() {
        let eq = parse_equation(
            "active.{X}.in_force = prior.active.{X}.in_force + active.{X}.issued - sum(active.{X}.repealed, apply.denied.*.{col})",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(&eq.rhs[0], Term::Cells(1, p) if p.prior));
        assert!(matches!(&eq.rhs[2], Term::Cells(-1, _)));
        assert!(matches!(&eq.rhs[3], Term::Cells(-1, p) if p.segments[2] == Segment::Wildcard));
    }

    #[test]
    fn errors_point_at_the_character() {
        let err = parse_equation("apply.new.total + = 3").err();
        assert_eq!(err.map(|e| e.offset), Some(18));
        assert!(parse_equation("apply.new.total apply.total.total").is_err());
        assert!(parse_equation("apply.new.total <= x").is_err());
    }
}
