//! `check --json`: the machine-readable contract of `spec/json-output.md`. Built by hand from
//! the library types so the contract stays stable whatever the types look like inside:
//! counts are JSON integers, amounts decimal strings.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use nianbao::compare::Change;
use nianbao::model::{CellStatus, Report, ValueKind};
use nianbao::rules::{EvalStatus, Finding};

/// Version of the JSON contract.
pub const SCHEMA_VERSION: u32 = 1;

/// A number as the contract writes it: an integer for whole counts, a string for amounts and
/// for anything fractional (so no precision is lost).
pub fn number(value: Decimal, kind: ValueKind) -> Value {
    if kind != ValueKind::Amount
        && value.fract().is_zero()
        && let Ok(i) = i64::try_from(value)
    {
        return Value::from(i);
    }
    Value::String(value.normalize().to_string())
}

fn kind_of(report: &Report, cell: &str) -> ValueKind {
    report
        .schema()
        .cell(cell)
        .map(|c| c.kind)
        .unwrap_or(ValueKind::Count)
}

/// The `report` (and `prior`) object.
pub fn report_identity(report: &Report) -> Value {
    json!({
        "path": report.source.path,
        "sha256": report.source.sha256,
        "agency": report.meta.agency,
        "year": report.meta.year,
        "template": report.meta.template.as_str(),
        "encoding": report.source.encoding,
        "format": report.source.format,
        "title": report.meta.title,
    })
}

fn sections(report: &Report) -> Value {
    let mut out = Map::new();
    for s in &report.sections {
        out.insert(
            s.id.as_str().to_string(),
            json!({ "present": s.present, "numbered": s.numbered, "line": s.line }),
        );
    }
    Value::Object(out)
}

fn status_str(status: &CellStatus) -> &'static str {
    match status {
        CellStatus::Value => "value",
        CellStatus::Blank => "blank",
        CellStatus::Unreadable => "unreadable",
        CellStatus::Ambiguous => "ambiguous",
        CellStatus::Missing => "missing",
    }
}

fn cells(report: &Report) -> Value {
    let mut out = Map::new();
    // Form order, not alphabetical: a reader of the JSON sees the table as printed.
    for def in &report.schema().cells {
        let Some(cell) = report.cell(&def.id) else {
            continue;
        };
        let mut obj = Map::new();
        obj.insert(
            "value".into(),
            cell.value
                .map(|v| number(v, def.kind))
                .unwrap_or(Value::Null),
        );
        obj.insert("raw".into(), Value::String(cell.raw.clone()));
        obj.insert("line".into(), json!(cell.line()));
        obj.insert(
            "status".into(),
            Value::String(status_str(&cell.status).into()),
        );
        if let Some(unit) = &cell.unit {
            obj.insert("unit".into(), Value::String(unit.clone()));
        }
        if !cell.candidates.is_empty() {
            obj.insert(
                "candidates".into(),
                Value::Array(
                    cell.candidates
                        .iter()
                        .map(|v| number(*v, def.kind))
                        .collect(),
                ),
            );
        }
        if cell.recovered {
            obj.insert("recovered".into(), Value::Bool(true));
        }
        out.insert(def.id.clone(), Value::Object(obj));
    }
    Value::Object(out)
}

/// One finding as the contract writes it.
pub fn finding(report: &Report, f: &Finding) -> Value {
    let kind = f
        .cells
        .first()
        .map(|c| kind_of(report, c))
        .unwrap_or(ValueKind::Count);
    let mut obj = json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "cells": f.cells,
        "section": f.section.map(|s| s.as_str()),
        "expected": f.expected.map(|v| number(v, kind)),
        "actual": f.actual.map(|v| number(v, kind)),
        "suspect": f.suspect,
        "fingerprint": f.fingerprint,
        "message": f.message,
        "message_en": f.message_en,
        "line": f.line,
    });
    let map = obj.as_object_mut().expect("json! of an object literal");
    if f.status == EvalStatus::NotEvaluable {
        map.insert("status".into(), Value::String("not_evaluable".into()));
    }
    if let Some(q) = &f.quote {
        map.insert("quote".into(), Value::String(q.clone()));
    }
    obj
}

/// One entry of `changes`.
pub fn change(report: &Report, c: &Change) -> Value {
    let kind = kind_of(report, c.cell);
    json!({
        "cell": c.cell,
        "prior": number(c.prior, kind),
        "current": number(c.current, kind),
        "delta": number(c.delta, kind),
    })
}

/// The whole object for one report checked.
pub fn report_object(
    report: &Report,
    prior: Option<&Report>,
    findings: &[Finding],
    changes: Option<&[Change]>,
) -> Value {
    let mut obj = json!({
        "schema": SCHEMA_VERSION,
        "report": report_identity(report),
        "prior": prior.map(report_identity),
        "sections": sections(report),
        "cells": cells(report),
        "findings": findings.iter().map(|f| finding(report, f)).collect::<Vec<_>>(),
    });
    if let Some(changes) = changes {
        obj.as_object_mut().expect("object").insert(
            "changes".into(),
            Value::Array(changes.iter().map(|c| change(report, c)).collect()),
        );
    }
    obj
}
