//! The rule set: the embedded default file, a user's overrides merged over it, and what both
//! compile to (equations and word lists resolved against each template once, not per report).

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::equations::{self, EquationSet};
use super::expr::{self, Equation};
use super::finding::Severity;
use super::narrative::{self, NarrativeSet};
use crate::model::Template;

/// The default rule file, embedded at build time.
pub const DEFAULT_RULES: &str = include_str!("default_rules.toml");

/// Rules implemented in code: their severity, thresholds and messages come from the file, but
/// a user cannot add one without an equation.
const CODE_RULES: &[&str] = &[
    "cell.ambiguous",
    "cell.blank",
    "cell.fraction",
    "cell.negative",
    "cell.unreadable",
    "meta.title",
    "narrative.contradiction",
    "narrative.numbers",
    "narrative.year",
    "s5.rectification",
    "s6.fees",
    "structure.extra",
    "structure.numbering",
    "structure.section",
    "structure.table",
    "template.mixed",
    "template.version",
    "yoy.copied_text",
    "yoy.fee_unit",
    "yoy.identical_tables",
    "yoy.pairing",
    "yoy.swing",
];

/// Why a rule file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file's content is wrong at a known place.
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The file (`<built-in>` for the embedded one).
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}: cannot read the rule file: {source}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl RulesError {
    /// The 1-based line and column of the problem, when the file's content is at fault.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            RulesError::Invalid { line, column, .. } => Some((*line, *column)),
            RulesError::Read { .. } => None,
        }
    }
}

/// One rule as in force: what the file says after overrides.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Rule id (`apply.balance`).
    pub id: String,
    /// Short Chinese name.
    pub name: String,
    /// Short English name.
    pub name_en: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// Whether it runs.
    pub enabled: bool,
    /// Templates it applies to (for a year-over-year rule: both reports').
    pub templates: Vec<Template>,
    /// The equation as written, for arithmetic rules.
    pub equation: Option<String>,
    /// `for_each` variables of the equation and their domains.
    pub for_each: BTreeMap<String, String>,
    /// Whether its failing equations take part in naming a suspect cell.
    pub suspect: bool,
    /// Chinese message template.
    pub message: String,
    /// English message template.
    pub message_en: String,
    /// Second-case messages and words (`order`, `order_en`, …).
    pub alt: BTreeMap<String, String>,
    /// Numeric thresholds (`threshold`, `min_change`, `factor`, …), exact.
    pub params: BTreeMap<String, Decimal>,
    /// Word list of a text rule.
    pub keywords: Vec<String>,
    /// Topics of `narrative.contradiction`.
    pub topics: Vec<Topic>,
    /// Facts of `narrative.numbers`.
    pub facts: Vec<Fact>,
}

impl Rule {
    /// Whether it applies to a report of this template.
    pub fn applies_to(&self, template: Template) -> bool {
        self.enabled && self.templates.contains(&template)
    }

    /// A threshold, when the rule has it.
    pub fn param(&self, key: &str) -> Option<Decimal> {
        self.params.get(key).copied()
    }

    /// A second-case message or word; empty when absent.
    pub fn alt(&self, key: &str) -> &str {
        self.alt.get(key).map(String::as_str).unwrap_or("")
    }
}

/// What a narrative "there were none" statement is about, and how the tables count it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Chinese name (`行政复议`).
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Words naming the topic.
    pub keywords: Vec<String>,
    /// Words saying "none" when they come before a keyword.
    pub negations: Vec<String>,
    /// Words that take a clause off this topic.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The tables' count, a sum of cell ids.
    pub count: String,
}

/// A number the narrative states, and the table sums it may equal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Words that introduce the number.
    pub keywords: Vec<String>,
    /// Words that take a clause off this fact.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Sums of cell ids, any of which the number may equal.
    pub expected: Vec<String>,
}

/// The rules in force: the built-in set with the user's overrides applied, compiled.
/// Cheap to clone.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) rules: Vec<Rule>,
    pub(crate) messages: BTreeMap<String, String>,
    pub(crate) equations: EquationSet,
    pub(crate) narrative: NarrativeSet,
    version: String,
    /// Set when the embedded file failed to load (a build defect): `check` reports it.
    pub(crate) broken: Option<String>,
}

/// Whether a rule file's equations and word lists are checked as it loads.
#[derive(Clone, Copy, PartialEq)]
enum Checks {
    /// A user's file: a bad rule is pointed at in the file.
    Run,
    /// The embedded file: checked by a test on every build, not again at every start (the
    /// check was a fifth of a single `check`'s start-up).
    Trusted,
}

static BUILTIN: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::from_toml_str_over(
        &BTreeMap::new(),
        &BTreeMap::new(),
        DEFAULT_RULES,
        "<built-in>",
        Checks::Trusted,
    )
    .unwrap_or_else(|e| RuleSet {
        inner: Arc::new(Inner {
            rules: Vec::new(),
            messages: BTreeMap::new(),
            equations: EquationSet::default(),
            narrative: NarrativeSet::default(),
            version: "broken".into(),
            broken: Some(e.to_string()),
        }),
    })
});

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::builtin()
    }
}

impl RuleSet {
    /// The built-in rules (`default_rules.toml`), compiled once per process.
    pub fn builtin() -> RuleSet {
        BUILTIN.clone()
    }

    /// The built-in rules with the overrides of a TOML text merged over them. `file` names the
    /// text in error messages.
    pub fn from_toml_str(text: &str, file: &str) -> Result<RuleSet, RulesError> {
        let base = RuleSet::builtin();
        if let Some(e) = &base.inner.broken {
            return Err(RulesError::Invalid {
                file: "<built-in>".into(),
                line: 1,
                column: 1,
                message: e.clone(),
            });
        }
        let rules = base
            .inner
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.clone()))
            .collect();
        RuleSet::from_toml_str_over(&rules, &base.inner.messages, text, file, Checks::Run)
    }

    /// The built-in rules with a user's rule file merged over them.
    pub fn load_overrides(path: &Path) -> Result<RuleSet, RulesError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Read {
            file: file.clone(),
            source,
        })?;
        RuleSet::from_toml_str(&text, &file)
    }

    /// A short hash naming this rule set (first 12 hex digits of SHA-256 over the effective
    /// rules), recorded with a sign-off; it changes whenever an override changes anything.
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// Every rule, enabled or not, by id.
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }

    /// One rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.inner
            .rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.inner.rules[i])
    }

    pub(crate) fn message(&self, key: &str) -> &str {
        self.inner
            .messages
            .get(key)
            .map(String::as_str)
            .unwrap_or("")
    }

    fn from_toml_str_over(
        base: &BTreeMap<String, Rule>,
        base_messages: &BTreeMap<String, String>,
        text: &str,
        file: &str,
        checks: Checks,
    ) -> Result<RuleSet, RulesError> {
        let at = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_column(text, span.start);
            RulesError::Invalid {
                file: file.to_string(),
                line,
                column,
                message,
            }
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => at(span, message),
                None => RulesError::Invalid {
                    file: file.to_string(),
                    line: 1,
                    column: 1,
                    message,
                },
            }
        })?;

        let mut messages = base_messages.clone();
        for (key, value) in raw.messages {
            if !base_messages.is_empty() && !base_messages.contains_key(key.get_ref()) {
                return Err(at(
                    key.span(),
                    format!("unknown message `{}`", key.get_ref()),
                ));
            }
            messages.insert(key.into_inner(), value.into_inner());
        }

        let mut rules = base.clone();
        for (id, raw_rule) in raw.rules {
            let span = id.span();
            let id = id.into_inner();
            let raw_rule = raw_rule.into_inner();
            let rule = match base.get(&id) {
                Some(existing) => merge(existing.clone(), raw_rule)
                    .map_err(|(s, m)| at(s.unwrap_or(span.clone()), format!("rule `{id}`: {m}")))?,
                None => new_rule(&id, raw_rule, base.is_empty())
                    .map_err(|(s, m)| at(s.unwrap_or(span.clone()), format!("rule `{id}`: {m}")))?,
            };
            // Check the equation and lists now, so a bad one points at the file.
            if checks == Checks::Run {
                if let Some(eq) = &rule.equation {
                    equations::validate(&rule, eq)
                        .map_err(|m| at(span.clone(), format!("rule `{id}`: {m}")))?;
                }
                narrative::validate(&rule)
                    .map_err(|m| at(span.clone(), format!("rule `{id}`: {m}")))?;
            }
            rules.insert(id, rule);
        }

        let rules: Vec<Rule> = rules.into_values().collect();
        let version = {
            use sha2::{Digest, Sha256};
            let canonical = serde_json::to_string(&(&rules, &messages)).unwrap_or_default();
            crate::model::hex(&Sha256::digest(canonical.as_bytes())[..6])
        };
        let equations = EquationSet::compile(&rules);
        let narrative = NarrativeSet::compile(&rules);
        Ok(RuleSet {
            inner: Arc::new(Inner {
                rules,
                messages,
                equations,
                narrative,
                version,
                broken: None,
            }),
        })
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    messages: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<RawRule>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<String>,
    name_en: Option<String>,
    severity: Option<Severity>,
    enabled: Option<bool>,
    templates: Option<Vec<Template>>,
    for_each: Option<BTreeMap<String, String>>,
    equation: Option<Spanned<String>>,
    suspect: Option<bool>,
    message: Option<String>,
    message_en: Option<String>,
    alt: Option<BTreeMap<Spanned<String>, String>>,
    threshold: Option<Spanned<toml::Value>>,
    min_change: Option<Spanned<toml::Value>>,
    min_chars: Option<Spanned<toml::Value>>,
    factor: Option<Spanned<toml::Value>>,
    slack: Option<Spanned<toml::Value>>,
    keywords: Option<Vec<String>>,
    topics: Option<Vec<Topic>>,
    facts: Option<Vec<Fact>>,
}

type Located = (Option<std::ops::Range<usize>>, String);

impl RawRule {
    fn params(&mut self) -> Vec<(&'static str, Spanned<toml::Value>)> {
        [
            ("threshold", self.threshold.take()),
            ("min_change", self.min_change.take()),
            ("min_chars", self.min_chars.take()),
            ("factor", self.factor.take()),
            ("slack", self.slack.take()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// A threshold as an exact, non-negative decimal.
fn param_value(key: &str, value: &Spanned<toml::Value>) -> Result<Decimal, Located> {
    let parsed = match value.get_ref() {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        // The literal's shortest decimal form, so 0.9 is exactly 0.9.
        toml::Value::Float(f) => Decimal::from_str(&f.to_string()).ok(),
        toml::Value::String(s) => Decimal::from_str(s.trim()).ok(),
        _ => None,
    };
    match parsed {
        Some(d) if d >= Decimal::ZERO => Ok(d),
        _ => Err((
            Some(value.span()),
            format!("`{key}` must be a non-negative number"),
        )),
    }
}

fn parse_equation(eq: &Spanned<String>) -> Result<Equation, Located> {
    expr::parse_equation(eq.get_ref()).map_err(|e| (Some(eq.span()), format!("equation {e}")))
}

fn merge(mut rule: Rule, mut raw: RawRule) -> Result<Rule, Located> {
    if let Some(v) = raw.name.take() {
        rule.name = v;
    }
    if let Some(v) = raw.name_en.take() {
        rule.name_en = v;
    }
    if let Some(v) = raw.severity {
        rule.severity = v;
    }
    if let Some(v) = raw.enabled {
        rule.enabled = v;
    }
    if let Some(v) = raw.templates.take() {
        rule.templates = v;
    }
    if let Some(v) = raw.message.take() {
        rule.message = v;
    }
    if let Some(v) = raw.message_en.take() {
        rule.message_en = v;
    }
    if let Some(eq) = raw.equation.take() {
        if rule.equation.is_none() {
            return Err((
                Some(eq.span()),
                "this rule is built into the program and takes no equation".into(),
            ));
        }
        parse_equation(&eq)?;
        rule.equation = Some(eq.into_inner());
    }
    if let Some(v) = raw.for_each.take() {
        rule.for_each = v;
    }
    if let Some(v) = raw.suspect {
        rule.suspect = v;
    }
    if let Some(alt) = raw.alt.take() {
        for (key, value) in alt {
            if !rule.alt.contains_key(key.get_ref()) {
                return Err((
                    Some(key.span()),
                    format!("unknown message `alt.{}`", key.get_ref()),
                ));
            }
            rule.alt.insert(key.into_inner(), value);
        }
    }
    for (key, value) in raw.params() {
        if !rule.params.contains_key(key) {
            return Err((
                Some(value.span()),
                format!("this rule has no setting `{key}`"),
            ));
        }
        rule.params
            .insert(key.to_string(), param_value(key, &value)?);
    }
    if let Some(v) = raw.keywords.take() {
        if rule.keywords.is_empty() {
            return Err((None, "this rule has no `keywords`".into()));
        }
        rule.keywords = v;
    }
    if let Some(v) = raw.topics.take() {
        rule.topics = v;
    }
    if let Some(v) = raw.facts.take() {
        rule.facts = v;
    }
    Ok(rule)
}

/// A rule the base does not have: in the built-in file, any rule; in a user's file, only a
/// complete arithmetic rule (anything else is a misspelt id).
fn new_rule(id: &str, mut raw: RawRule, builtin: bool) -> Result<Rule, Located> {
    if !builtin && raw.equation.is_none() {
        return Err((
            None,
            "unknown rule id (check the spelling; a new rule needs an `equation`)".into(),
        ));
    }
    if builtin && raw.equation.is_none() && !CODE_RULES.contains(&id) {
        return Err((None, "no equation and no built-in implementation".into()));
    }
    let equation = match raw.equation.take() {
        Some(eq) => {
            parse_equation(&eq)?;
            Some(eq.into_inner())
        }
        None => None,
    };
    let severity = raw
        .severity
        .ok_or((None, "a new rule needs a `severity`".to_string()))?;
    let (Some(message), Some(message_en)) = (raw.message.take(), raw.message_en.take()) else {
        return Err((None, "a new rule needs `message` and `message_en`".into()));
    };
    let mut params = BTreeMap::new();
    for (key, value) in raw.params() {
        params.insert(key.to_string(), param_value(key, &value)?);
    }
    Ok(Rule {
        id: id.to_string(),
        name: raw.name.take().unwrap_or_else(|| id.to_string()),
        name_en: raw.name_en.take().unwrap_or_else(|| id.to_string()),
        severity,
        enabled: raw.enabled.unwrap_or(true),
        templates: raw
            .templates
            .take()
            .unwrap_or_else(|| vec![Template::V2019, Template::V2021]),
        equation,
        for_each: raw.for_each.take().unwrap_or_default(),
        suspect: raw.suspect.unwrap_or(false),
        message,
        message_en,
        alt: raw
            .alt
            .take()
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k.into_inner(), v))
            .collect(),
        params,
        keywords: raw.keywords.take().unwrap_or_default(),
        topics: raw.topics.take().unwrap_or_default(),
        facts: raw.facts.take().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in file is loaded without its checks at start-up: here they all run, and
    /// what they load is what start-up loads.
    #[test]
    fn the_built_in_file_passes_every_check_a_user_file_gets() {
        let checked = RuleSet::from_toml_str_over(
            &BTreeMap::new(),
            &BTreeMap::new(),
            DEFAULT_RULES,
            "<built-in>",
            Checks::Run,
        )
        .expect("the built-in rule file passes its checks");
        let builtin = RuleSet::builtin();
        assert!(builtin.inner.broken.is_none());
        // The version is a hash of every rule and message, as loaded.
        assert_eq!(checked.inner.version, builtin.inner.version);
        assert_eq!(checked.inner.rules.len(), builtin.inner.rules.len());
    }
}
