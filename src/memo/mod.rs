//! The review memo sent back to the agency (整改意见 / 审核意见): the report's identity, the
//! decision, each finding with its location, expected and actual values and the reviewer's
//! note, then the notes on findings since fixed and on cells and sections.
//!
//! [`Memo::build`] gathers it once; [`render_markdown`] and [`render_json`] print it.

use std::fmt::Write;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::Lang;
use crate::model::Report;
use crate::rules::{EvalStatus, Finding, Severity};

use crate::review::{
    Annotation, AnnotationState, Decision, FindingFate, Record, ReviewError, SignState,
    StaleReason, Target, settlement, short_hash as short, status_of,
};
use crate::vocab;

mod history;
pub use history::{MemoDecision, MemoHistory, MemoReading};

/// The memo's content, language already chosen; serialises as the JSON export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Memo {
    /// 整改意见 when returned, 审核意见 otherwise.
    pub title: String,
    /// Language of the labels and messages.
    pub lang: Lang,
    /// The publishing agency.
    pub agency: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// Set when agency or year was not detected and the file name identifies the report.
    pub identity_from_file_name: bool,
    /// The file reviewed.
    pub file: MemoFile,
    /// The prior-year report compared against, if any.
    pub prior: Option<MemoFile>,
    /// Signed, returned, stale or unsigned.
    pub state: SignState,
    /// The decision of the sign-off in force.
    pub decision: Option<Decision>,
    /// Who signed.
    pub reviewer: Option<String>,
    /// When (UTC).
    pub signed_at: Option<Timestamp>,
    /// The sign-off's comment.
    pub comment: Option<String>,
    /// Why the sign-off no longer holds.
    pub stale_reasons: Vec<StaleReason>,
    /// Findings to be corrected: errors no note accepts or resolves, and any finding the
    /// reviewer left an open note on.
    pub to_correct: Vec<MemoFinding>,
    /// Warnings and hints with no note: for the agency to verify, not orders to correct.
    pub to_check: Vec<MemoFinding>,
    /// Findings the reviewer accepted or resolved.
    pub accepted: Vec<MemoFinding>,
    /// Notes on findings that no longer occur.
    pub fixed: Vec<MemoNote>,
    /// Notes on cells and sections.
    pub other_notes: Vec<MemoNote>,
    /// Earlier decisions, the chain head, signature and integrity of the record.
    #[serde(flatten)]
    pub history: MemoHistory,
}

/// A report file as the memo names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoFile {
    /// Path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its revision number in the record (None for a prior report or an unseen file).
    pub revision: Option<u32>,
}

/// A finding in the memo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoFinding {
    /// Rule id.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// The message, in the memo's language.
    pub message: String,
    /// Where: section, row and column labels, source line.
    pub location: String,
    /// Cells it concerns in another section than its own (a narrative finding about a
    /// table cell), labelled with their section.
    pub other_cells: Vec<String>,
    /// The cells it is about.
    pub cells: Vec<String>,
    /// Source line.
    pub line: Option<usize>,
    /// What the equation asks for.
    pub expected: Option<Decimal>,
    /// What the report says (a number), or the text written when it is not one.
    pub actual: Option<String>,
    /// The cell probably wrong, labelled.
    pub suspect: Option<String>,
    /// The sentence quoted, for narrative rules.
    pub quote: Option<String>,
    /// Whether the rule could not be evaluated.
    pub not_evaluable: bool,
    /// The reviewer's notes on it.
    pub notes: Vec<MemoNote>,
}

/// A reviewer's note in the memo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoNote {
    /// Annotation id.
    pub id: u64,
    /// What it is on (canonical ids).
    pub target: String,
    /// Where, labelled for people.
    pub location: String,
    /// The text.
    pub text: String,
    /// Its state.
    pub state: AnnotationState,
    /// Who wrote it.
    pub author: String,
    /// The revision it was written on.
    pub revision: u32,
    /// For a note on a finding that no longer occurs: the revision that fixed it.
    pub fixed_in: Option<u32>,
}

/// The memo's parts: each finding where its notes put it (one meaning of settled, from
/// [`settlement`]), and the notes not shown with a finding.
struct Parts {
    to_correct: Vec<MemoFinding>,
    to_check: Vec<MemoFinding>,
    accepted: Vec<MemoFinding>,
    fixed: Vec<MemoNote>,
    other_notes: Vec<MemoNote>,
}

impl Parts {
    fn of(report: &Report, findings: &[Finding], record: &Record, lang: Lang) -> Parts {
        let current = record
            .revision_of(report)
            .unwrap_or(record.revisions.len() as u32 + 1);
        let note = |a: &Annotation| MemoNote {
            id: a.id.0,
            target: a.target.describe(),
            location: target_location(report, &a.target, lang),
            text: a.text.clone(),
            state: a.state,
            author: a.author.clone(),
            revision: a.revision,
            fixed_in: match record.finding_fate(a, findings, current) {
                FindingFate::FixedIn(n) => Some(n),
                _ => None,
            },
        };

        let mut ordered: Vec<&Finding> = findings.iter().collect();
        ordered.sort_by_key(|f| std::cmp::Reverse(f.severity));
        let (mut to_correct, mut to_check, mut accepted) = (Vec::new(), Vec::new(), Vec::new());
        let mut shown = std::collections::HashSet::new();
        for f in ordered {
            // One meaning of settled: a note on the finding or on a cell it names.
            let on_it: Vec<&Annotation> = settlement::notes_on(record, f)
                .filter(|a| a.withdrawn.is_none())
                .collect();
            let cleared = on_it.iter().any(|a| settlement::is_settling(a));
            shown.extend(on_it.iter().map(|a| a.id));
            let notes: Vec<MemoNote> = on_it.into_iter().map(note).collect();
            let commented = !notes.is_empty();
            let entry = memo_finding(report, f, notes, lang);
            if cleared {
                accepted.push(entry);
            } else if f.severity == Severity::Error || commented {
                to_correct.push(entry);
            } else {
                to_check.push(entry);
            }
        }
        let mut fixed = Vec::new();
        let mut other_notes = Vec::new();
        for a in record.annotations.iter().filter(|a| a.withdrawn.is_none()) {
            match &a.target {
                Target::Finding { .. } => {
                    let n = note(a);
                    if n.fixed_in.is_some() {
                        fixed.push(n);
                    }
                }
                _ if !shown.contains(&a.id) => other_notes.push(note(a)),
                _ => {}
            }
        }
        Parts {
            to_correct,
            to_check,
            accepted,
            fixed,
            other_notes,
        }
    }
}

impl Memo {
    /// Gather the memo for a report: its record, the findings of the file as it is now, and
    /// the prior report if one was compared.
    pub fn build(
        report: &Report,
        prior: Option<&Report>,
        findings: &[Finding],
        record: &Record,
        lang: Lang,
    ) -> Memo {
        let status = status_of(Some(record), report, prior, findings, None);
        let parts = Parts::of(report, findings, record, lang);

        let signoff = status.signoff.as_ref();
        let title = match (signoff.map(|s| s.decision), lang) {
            (Some(Decision::Return), Lang::Zh) => "整改意见",
            (_, Lang::Zh) => "审核意见",
            (Some(Decision::Return), Lang::En) => "Request for correction",
            (_, Lang::En) => "Review opinion",
        };
        let mut history = MemoHistory::of(record, &status);
        history.readings = memo_readings(record, report, lang);
        Memo {
            title: title.to_string(),
            lang,
            agency: report.meta.agency.clone(),
            year: report.meta.year,
            identity_from_file_name: record.identity.unidentified,
            file: MemoFile {
                path: report.source.path.clone(),
                sha256: report.source.sha256.clone(),
                revision: record.revision_of(report),
            },
            prior: prior.map(|p| MemoFile {
                path: p.source.path.clone(),
                sha256: p.source.sha256.clone(),
                revision: None,
            }),
            state: status.state,
            decision: signoff.map(|s| s.decision),
            reviewer: signoff.map(|s| s.reviewer.clone()),
            signed_at: signoff.map(|s| s.at),
            comment: signoff
                .map(|s| s.comment.clone())
                .filter(|c| !c.trim().is_empty()),
            stale_reasons: status.stale_reasons.clone(),
            to_correct: parts.to_correct,
            to_check: parts.to_check,
            accepted: parts.accepted,
            fixed: parts.fixed,
            other_notes: parts.other_notes,
            history,
        }
    }

    /// The first sentence of the body: what was decided, addressed to the agency.
    fn opening(&self, d: Decision) -> String {
        let year = self.year.map(|y| y.to_string());
        match (self.lang, d) {
            (Lang::Zh, d) => format!(
                "经审核，你单位报送的{}政府信息公开工作年度报告{}",
                year.map(|y| format!("{y}年")).unwrap_or_default(),
                match d {
                    Decision::Return => "存在以下问题，现退回修改。",
                    Decision::Approve => "予以审核通过。",
                }
            ),
            (Lang::En, Decision::Return) => format!(
                "Having reviewed your government information disclosure annual report{}, we \
                 return it for revision for the reasons below.",
                year.map(|y| format!(" for {y}")).unwrap_or_default()
            ),
            (Lang::En, Decision::Approve) => format!(
                "Having reviewed your government information disclosure annual report{}, we \
                 approve it.",
                year.map(|y| format!(" for {y}")).unwrap_or_default()
            ),
        }
    }

    /// The memo as Markdown that also reads well as plain text. Everything that comes from
    /// the report, the file system or a person (names, quoted text, notes, comments) is
    /// escaped first, so it shows as written and cannot become a tag, a link or a heading.
    pub fn to_markdown(&self) -> String {
        self.escaped().markdown()
    }

    /// A copy with every free-text field escaped for Markdown ([`crate::sanitize`]).
    fn escaped(&self) -> Memo {
        use crate::sanitize::{markdown_inline as one, markdown_text as many};
        let note = |n: &MemoNote| MemoNote {
            target: one(&n.target),
            location: one(&n.location),
            text: many(&n.text),
            author: one(&n.author),
            ..n.clone()
        };
        let finding = |f: &MemoFinding| MemoFinding {
            message: one(&f.message),
            location: one(&f.location),
            other_cells: f.other_cells.iter().map(|c| one(c)).collect(),
            actual: f.actual.as_deref().map(one),
            suspect: f.suspect.as_deref().map(one),
            quote: f.quote.as_deref().map(one),
            notes: f.notes.iter().map(note).collect(),
            ..f.clone()
        };
        let file = |f: &MemoFile| MemoFile {
            path: one(&f.path),
            ..f.clone()
        };
        Memo {
            agency: self.agency.as_deref().map(one),
            file: file(&self.file),
            prior: self.prior.as_ref().map(file),
            reviewer: self.reviewer.as_deref().map(one),
            comment: self.comment.as_deref().map(many),
            to_correct: self.to_correct.iter().map(finding).collect(),
            to_check: self.to_check.iter().map(finding).collect(),
            accepted: self.accepted.iter().map(finding).collect(),
            fixed: self.fixed.iter().map(note).collect(),
            other_notes: self.other_notes.iter().map(note).collect(),
            ..self.clone()
        }
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        let agency = self.write_title(&mut out);
        self.write_fields(&mut out, &agency);
        self.write_notices(&mut out);
        self.write_parts(&mut out);
        self.write_closing(&mut out);
        // Blocks each end with a blank line and headings start with one: keep one.
        while out.contains("\n\n\n") {
            out = out.replace("\n\n\n", "\n\n");
        }
        out
    }

    /// The title line; returns the agency as the memo names it.
    fn write_title(&self, out: &mut String) -> String {
        let zh = self.lang == Lang::Zh;
        let agency = self.agency.as_deref().unwrap_or(if zh {
            "（未识别单位）"
        } else {
            "(agency not detected)"
        });
        let year = self.year.map(|y| y.to_string());
        if zh {
            let _ = writeln!(
                out,
                "# 关于{agency}{}政府信息公开工作年度报告的{}\n",
                year.as_deref()
                    .map(|y| format!("{y}年"))
                    .unwrap_or_default(),
                self.title
            );
        } else {
            let _ = writeln!(
                out,
                "# {}: {agency}, government information disclosure annual report{}\n",
                self.title,
                year.as_deref().map(|y| format!(" {y}")).unwrap_or_default()
            );
        }

        agency.to_string()
    }

    /// Who, which year, the decision, the reviewer and the files reviewed.
    fn write_fields(&self, out: &mut String, agency: &str) {
        let zh = self.lang == Lang::Zh;
        let year = self.year.map(|y| y.to_string());
        let field = |out: &mut String, zh_label: &str, en_label: &str, value: &str| {
            let _ = writeln!(
                out,
                "- {}{value}",
                if zh {
                    format!("{zh_label}：")
                } else {
                    format!("{en_label}: ")
                }
            );
        };
        field(out, "报送单位", "Agency", agency);
        field(
            out,
            "报告年度",
            "Report year",
            &year
                .map(|y| if zh { format!("{y}年") } else { y })
                .unwrap_or_else(|| {
                    if zh {
                        "未识别".into()
                    } else {
                        "not detected".into()
                    }
                }),
        );
        let decision = match (self.decision, self.state) {
            (_, SignState::Tampered) => SignState::Tampered.label(self.lang).to_string(),
            (Some(d), SignState::Stale) => format!(
                "{}{}",
                d.label(self.lang),
                if zh {
                    "（签署已失效，见下文）"
                } else {
                    " (stale, see below)"
                }
            ),
            (Some(d), _) => d.label(self.lang).to_string(),
            (None, _) => {
                if zh {
                    "尚未签署".into()
                } else {
                    "not signed yet".into()
                }
            }
        };
        field(out, "审核结论", "Decision", &decision);
        if let Some(r) = &self.reviewer {
            field(out, "审核人", "Reviewer", r);
        }
        if let Some(at) = self.signed_at {
            field(out, "审核日期", "Date", &local_date(at, self.lang));
        }
        let rev = self
            .file
            .revision
            .map(|n| {
                if zh {
                    format!("第 {n} 版，")
                } else {
                    format!("revision {n}, ")
                }
            })
            .unwrap_or_default();
        field(
            out,
            "审核文件",
            "File reviewed",
            &if zh {
                format!(
                    "{}（{rev}SHA-256 {}…）",
                    file_name(&self.file.path),
                    short(&self.file.sha256)
                )
            } else {
                format!(
                    "{} ({rev}SHA-256 {}…)",
                    file_name(&self.file.path),
                    short(&self.file.sha256)
                )
            },
        );
        if let Some(p) = &self.prior {
            field(
                out,
                "对照上年报告",
                "Prior-year report",
                &if zh {
                    format!("{}（SHA-256 {}…）", file_name(&p.path), short(&p.sha256))
                } else {
                    format!("{} (SHA-256 {}…)", file_name(&p.path), short(&p.sha256))
                },
            );
        }
    }

    /// What the reader must know before the findings: identity from the file name, a
    /// tampered record, a stale sign-off, the decision's opening and the overall comment.
    fn write_notices(&self, out: &mut String) {
        let zh = self.lang == Lang::Zh;
        if self.identity_from_file_name {
            let _ = writeln!(
                out,
                "\n{}",
                if zh {
                    "注：报告中未能识别单位名称或年度，本意见按报告内容的哈希值归档。"
                } else {
                    "Note: the agency or year could not be detected; this memo is filed under the report's content hash."
                }
            );
        }
        self.history.write_tamper_warning(out, self.lang);
        for r in &self.stale_reasons {
            let _ = writeln!(
                out,
                "\n> **{}** {}",
                if zh {
                    "注意：签署已失效。"
                } else {
                    "Warning: the sign-off is stale."
                },
                vocab::stale_reason(r, self.lang) + if zh { "。" } else { "" }
            );
        }
        if let Some(d) = self.decision.filter(|_| self.state != SignState::Stale) {
            let _ = writeln!(out, "\n{}", self.opening(d));
        }
        if let Some(c) = &self.comment {
            let _ = writeln!(
                out,
                "\n## {}\n\n{}",
                if zh { "总体意见" } else { "Comment" },
                c.trim_end()
            );
        }
    }

    /// The numbered parts: to correct, to check, accepted, fixed, other notes.
    fn write_parts(&self, out: &mut String) {
        let zh = self.lang == Lang::Zh;
        let mut part = 0;
        let mut heading = |out: &mut String, zh_title: &str, en_title: &str, count: usize| {
            part += 1;
            if zh {
                let _ = writeln!(out, "\n## {}、{zh_title}（{count} 项）\n", numeral(part));
            } else {
                let _ = writeln!(out, "\n## {part}. {en_title} ({count})\n");
            }
        };
        if !self.to_correct.is_empty() {
            let (zt, et) = match self.decision {
                Some(Decision::Return) => ("需要整改的问题", "To be corrected"),
                _ => ("审核发现的问题", "Findings"),
            };
            heading(out, zt, et, self.to_correct.len());
            for (i, f) in self.to_correct.iter().enumerate() {
                write_finding(out, i + 1, f, self.lang);
            }
        }
        if !self.to_check.is_empty() {
            heading(out, "请核实的事项", "To be verified", self.to_check.len());
            let _ = writeln!(
                out,
                "{}\n",
                if zh {
                    "以下事项为核对中发现的疑点，请逐项核实；确有错误的，请一并更正。"
                } else {
                    "The checks flagged the following; please verify each and correct any that \
                     is wrong."
                }
            );
            for (i, f) in self.to_check.iter().enumerate() {
                write_finding(out, i + 1, f, self.lang);
            }
        }
        if !self.accepted.is_empty() {
            heading(
                out,
                "经审核予以接受或已解决的事项",
                "Accepted or resolved by the reviewer",
                self.accepted.len(),
            );
            for (i, f) in self.accepted.iter().enumerate() {
                write_finding(out, i + 1, f, self.lang);
            }
        }
        if !self.fixed.is_empty() {
            heading(
                out,
                "已在修订稿中更正的问题",
                "Corrected in a later revision",
                self.fixed.len(),
            );
            self.write_fixed(out);
        }
        if !self.other_notes.is_empty() {
            heading(out, "其他意见", "Other notes", self.other_notes.len());
            for (i, n) in self.other_notes.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", i + 1, n.location);
                write_note(out, n, self.lang, "   ");
                out.push('\n');
            }
        }
        if self.to_correct.is_empty()
            && self.to_check.is_empty()
            && self.accepted.is_empty()
            && self.fixed.is_empty()
            && self.other_notes.is_empty()
        {
            let _ = writeln!(
                out,
                "\n{}",
                if zh {
                    "未发现需要整改的问题。"
                } else {
                    "No findings."
                }
            );
        }
    }

    /// The notes whose findings a later revision corrected, with the revision.
    fn write_fixed(&self, out: &mut String) {
        let zh = self.lang == Lang::Zh;
        for (i, n) in self.fixed.iter().enumerate() {
            let fixed = n
                .fixed_in
                .map(|r| {
                    if zh {
                        format!("已在第 {r} 版更正")
                    } else {
                        format!("corrected in revision {r}")
                    }
                })
                .unwrap_or_default();
            let _ = if zh {
                writeln!(out, "{}. {}（{fixed}）", i + 1, n.target)
            } else {
                writeln!(out, "{}. {} ({fixed})", i + 1, n.target)
            };
            write_note(out, n, self.lang, "   ");
            out.push('\n');
        }
    }

    /// The request to resubmit, the history and the signature line.
    fn write_closing(&self, out: &mut String) {
        let zh = self.lang == Lang::Zh;
        if self.decision == Some(Decision::Return) {
            let _ = writeln!(
                out,
                "\n{}",
                if zh {
                    "请对照上述问题逐项整改，修改后重新报送。"
                } else {
                    "Please correct each item above and resubmit the report."
                }
            );
        }
        self.history.write_markdown(out, self.lang);
        if let (Some(r), Some(at)) = (&self.reviewer, self.signed_at) {
            let _ = writeln!(
                out,
                "\n---\n\n{}{r}{}{}",
                if zh { "审核人：" } else { "Reviewer: " },
                if zh { "　　日期：" } else { ", date: " },
                local_date(at, self.lang)
            );
        }
    }
}

/// The memo as Markdown, Chinese by default.
pub fn render_markdown(
    report: &Report,
    prior: Option<&Report>,
    findings: &[Finding],
    record: &Record,
    lang: Lang,
) -> String {
    Memo::build(report, prior, findings, record, lang).to_markdown()
}

/// The memo as pretty-printed JSON.
pub fn render_json(
    report: &Report,
    prior: Option<&Report>,
    findings: &[Finding],
    record: &Record,
    lang: Lang,
) -> Result<String, ReviewError> {
    let memo = Memo::build(report, prior, findings, record, lang);
    Ok(serde_json::to_string_pretty(&memo)?)
}

/// The reviewer's readings used for this content, labelled for people.
fn memo_readings(record: &Record, report: &Report, lang: Lang) -> Vec<MemoReading> {
    crate::review::reading::current(record, report)
        .into_iter()
        .map(|r| MemoReading {
            cell: r.cell.clone(),
            location: target_location(report, &Target::Cell { id: r.cell.clone() }, lang),
            value: r.value,
            candidates: r.candidates.clone(),
            reviewer: r.reviewer.clone(),
            note: r.note.clone(),
        })
        .collect()
}

fn memo_finding(report: &Report, f: &Finding, notes: Vec<MemoNote>, lang: Lang) -> MemoFinding {
    let line = f.line.or_else(|| {
        f.cells
            .iter()
            .find_map(|c| report.cell(c).and_then(|c| c.line()))
    });
    let section = f.section.or_else(|| {
        f.cells
            .iter()
            .find_map(|c| report.schema().cell(c).map(|d| d.table.section()))
    });
    let cell_section = |c: &str| report.schema().cell(c).map(|d| d.table.section());
    // A narrative finding in 一 about a cell of table 四 names the cell under its own section.
    let (inside, outside): (Vec<&String>, Vec<&String>) = f
        .cells
        .iter()
        .partition(|c| cell_section(c).is_none() || cell_section(c) == section);
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    let mut location = section
        .map(|s| vocab::section_title(s, lang))
        .unwrap_or_default();
    if !inside.is_empty() {
        if !location.is_empty() {
            location.push_str(" › ");
        }
        let labels: Vec<String> = inside
            .iter()
            .map(|c| vocab::cell_name(report.schema(), c, lang, " · "))
            .collect();
        location.push_str(&labels.join(sep));
    }
    if let Some(l) = line {
        location.push_str(&line_ref(report, l, f.column(report), lang));
    }
    let other_cells: Vec<String> = outside
        .iter()
        .map(|c| target_location(report, &Target::Cell { id: c.to_string() }, lang))
        .collect();
    // A cell that is not a number (`:2`) has no actual value; the text written is what to show.
    // A narrative finding about one table cell has no actual value of its own: the cell's is it.
    let actual = f
        .actual
        .map(|d| d.normalize().to_string())
        .or_else(|| match f.cells.as_slice() {
            [one] => report.cell(one).and_then(|c| match c.value {
                Some(v) => Some(v.normalize().to_string()),
                None if !c.raw.is_empty() => Some(format!("“{}”", c.raw)),
                None => None,
            }),
            _ => None,
        });
    MemoFinding {
        rule: f.rule.clone(),
        severity: f.severity,
        message: f.message_in(lang).to_string(),
        location,
        other_cells,
        cells: f.cells.clone(),
        line,
        expected: f.expected.map(|d| d.normalize()),
        actual,
        suspect: f
            .suspect
            .as_deref()
            .map(|c| vocab::cell_name(report.schema(), c, lang, " · ")),
        quote: f.quote.clone(),
        not_evaluable: f.status == EvalStatus::NotEvaluable,
        notes,
    }
}

fn write_finding(out: &mut String, n: usize, f: &MemoFinding, lang: Lang) {
    let zh = lang == Lang::Zh;
    // Words for the agency: what each severity asks of them. Rule ids stay in the JSON.
    let sev = match (f.severity, zh) {
        (Severity::Error, true) => "错误，须更正",
        (Severity::Warning, true) => "疑点，请核实",
        (Severity::Info, true) => "提示，供参考",
        (Severity::Error, false) => "error, to be corrected",
        (Severity::Warning, false) => "doubt, to be verified",
        (Severity::Info, false) => "hint, for reference",
    };
    let _ = writeln!(
        out,
        "### {n}. {}\n",
        f.message.trim_end_matches(['。', '.'])
    );
    let mut item = |label_zh: &str, label_en: &str, value: &str| {
        let _ = writeln!(
            out,
            "- {}{value}",
            if zh {
                format!("{label_zh}：")
            } else {
                format!("{label_en}: ")
            }
        );
    };
    item("性质", "Kind", sev);
    if !f.location.is_empty() {
        item("位置", "Where", &f.location);
    }
    if !f.other_cells.is_empty() {
        item(
            "涉及单元格",
            "Cells",
            &f.other_cells.join(if zh { "；" } else { "; " }),
        );
    }
    // Most narrative messages already quote the sentence; quote it again only when not.
    if let Some(q) = f.quote.as_ref().filter(|q| !f.message.contains(q.as_str())) {
        item("原文", "Text", &format!("“{q}”"));
    }
    if let Some(e) = &f.expected {
        item("应为", "Expected", &e.to_string());
    }
    if let Some(a) = &f.actual {
        item("报告填写", "Reported", a);
    }
    if let Some(s) = &f.suspect {
        item("疑似填错", "Probably wrong", s);
    }
    if f.not_evaluable {
        item(
            "说明",
            "Note",
            if zh {
                "相关单元格缺失或无法识别，无法核对"
            } else {
                "a cell it needs is missing or unreadable, so it could not be checked"
            },
        );
    }
    for note in &f.notes {
        write_note(out, note, lang, "");
    }
    out.push('\n');
}

fn write_note(out: &mut String, n: &MemoNote, lang: Lang, indent: &str) {
    let zh = lang == Lang::Zh;
    let head = if zh {
        format!(
            "审核意见（{}，{}，第 {} 版）：",
            n.state.label(lang),
            n.author,
            n.revision
        )
    } else {
        format!(
            "Reviewer's note ({}, {}, revision {}):",
            n.state.label(lang),
            n.author,
            n.revision
        )
    };
    let _ = writeln!(out, "{indent}- {head}");
    for line in n.text.trim_end().lines() {
        let _ = writeln!(out, "{indent}  > {line}");
    }
}

fn target_location(report: &Report, t: &Target, lang: Lang) -> String {
    match t {
        Target::Cell { id } => {
            let table = report.schema().cell(id).map(|d| d.table.section());
            let mut s = table
                .map(|s| format!("{} › ", vocab::section_title(s, lang)))
                .unwrap_or_default();
            s.push_str(&vocab::cell_name(report.schema(), id, lang, " · "));
            if let Some(loc) = report.cell(id).and_then(|c| c.location) {
                s.push_str(&line_ref(report, loc.line, loc.column, lang));
            }
            s
        }
        Target::Section { id } => vocab::section_title(*id, lang),
        Target::Finding {
            rule,
            cells,
            section,
            ..
        } => {
            let mut s = section
                .map(|s| vocab::section_title(s, lang))
                .unwrap_or_default();
            if !cells.is_empty() {
                if !s.is_empty() {
                    s.push_str(" › ");
                }
                s.push_str(
                    &cells
                        .iter()
                        .map(|c| vocab::cell_name(report.schema(), c, lang, " · "))
                        .collect::<Vec<_>>()
                        .join("；"),
                );
            }
            if s.is_empty() { rule.clone() } else { s }
        }
    }
}

/// Characters of context the memo quotes around a place in a long line.
const EXCERPT: usize = 20;

/// `（原文第 80 行）` / ` (line 80)`; with the page for a PDF: `（原文第 3 页第 80 行）`; in a
/// report read as one line, the column and the text around it: `（原文第 1 行第 937 字：“…”）`.
fn line_ref(report: &Report, line: usize, column: Option<usize>, lang: Lang) -> String {
    let around = column.and_then(|c| report.excerpt(line, c, EXCERPT).map(|e| (c, e)));
    match (report.page_of(line), around, lang) {
        (Some(p), _, Lang::Zh) => format!("（原文第 {p} 页第 {line} 行）"),
        (Some(p), _, Lang::En) => format!(" (page {p}, line {line})"),
        (None, Some((c, e)), Lang::Zh) => format!("（原文第 {line} 行第 {c} 字：“{e}”）"),
        (None, Some((c, e)), Lang::En) => format!(" (line {line}, column {c}: “{e}”)"),
        (None, None, Lang::Zh) => format!("（原文第 {line} 行）"),
        (None, None, Lang::En) => format!(" (line {line})"),
    }
}

fn local_date(at: Timestamp, lang: Lang) -> String {
    let d = at.to_zoned(TimeZone::system()).date();
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.to_string(),
    }
}

fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

fn numeral(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        .get(n - 1)
        .copied()
        .unwrap_or("十")
}
