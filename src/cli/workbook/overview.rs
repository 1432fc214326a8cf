//! The 概况 sheet: one row per report of the intake (the same report in several files is one
//! row listing them), its review state and finding counts, and its headline figures each with
//! last year's value and the change; then the inputs that could not be read and the agencies
//! that reported in an earlier year but not in this one.

use nianbao::Lang;

use super::figures::{Fig, HEADLINES};
use super::intake::{Entry, Intake};
use super::sheet::{Mark, Out, Sheet};

/// The overview sheet.
pub fn sheet(intake: &Intake, lang: Lang) -> Sheet {
    let mut sheet = Sheet::new(lang.pick("概况", "Overview"));
    sheet.frozen_rows = 1;
    sheet.frozen_cols = 1;
    sheet.filter = true;
    sheet.rows.push(head(lang));
    for e in &intake.entries {
        sheet.rows.push(row(e, lang));
    }
    let width = sheet.rows[0].len();
    for u in &intake.unreadable {
        let mut r = vec![
            Out::text(lang.pick("（无法读取）", "(unreadable)"), Mark::Error),
            Out::empty(),
            Out::empty(),
            Out::text(u.file.clone(), Mark::Error),
            Out::text(lang.pick("无法读取", "unreadable"), Mark::Error),
        ];
        r.resize(NOTE, Out::empty());
        r.push(Out::text(u.message.clone(), Mark::Error));
        r.resize(width, Out::empty());
        sheet.rows.push(r);
    }
    for m in &intake.missing {
        let mut r = vec![
            Out::text(m.agency.clone(), Mark::Warning),
            Out::number(m.last_year.into(), Mark::Warning),
            Out::empty(),
            Out::text(m.file.clone(), Mark::Plain),
            Out::text(lang.pick("未报送", "not submitted"), Mark::Warning),
        ];
        r.resize(NOTE, Out::empty());
        let year = intake.year.map(|y| y.to_string()).unwrap_or_default();
        r.push(Out::text(
            match lang {
                Lang::Zh => format!("未见 {year} 年度报告；最近一份为 {} 年度", m.last_year),
                Lang::En => format!("no {year} report; the latest is for {}", m.last_year),
            },
            Mark::Warning,
        ));
        r.resize(width, Out::empty());
        sheet.rows.push(r);
    }
    sheet
}

/// Index of the remarks column.
const NOTE: usize = 11;

fn head(lang: Lang) -> Vec<Out> {
    let words = [
        ("机关", "agency"),
        ("年度", "year"),
        ("格式", "form"),
        ("文件", "files"),
        ("审核状态", "review state"),
        ("审核人", "reviewer"),
        ("签署日期", "signed on"),
        ("错误", "errors"),
        ("警告", "warnings"),
        ("提示", "notes"),
        ("上年报告", "prior year's file"),
        ("备注", "remarks"),
    ];
    let mut row: Vec<Out> = words
        .iter()
        .map(|(zh, en)| Out::text(lang.pick(zh, en), Mark::Head))
        .collect();
    for h in HEADLINES {
        let name = lang.pick(h.head, h.head_en);
        row.push(Out::text(name, Mark::Head));
        row.push(Out::text(
            format!("{name}{}", lang.pick("·上年", " (last year)")),
            Mark::Head,
        ));
        row.push(Out::text(
            format!("{name}{}", lang.pick("·增减", " (change)")),
            Mark::Head,
        ));
    }
    row
}

fn row(e: &Entry, lang: Lang) -> Vec<Out> {
    let [errors, warnings, infos] = e.counts;
    let bad = |n: usize, mark| if n > 0 { mark } else { Mark::Plain };
    let mut row = super::tables::lead(e, lang);
    if errors > 0 {
        row[0].mark = Mark::Error;
    }
    row.insert(2, Out::text(e.template.as_str(), Mark::Plain));
    row.extend([
        Out::text(e.review.state.clone(), Mark::Plain),
        Out::text(e.review.reviewer.clone().unwrap_or_default(), Mark::Plain),
        Out::text(e.review.date.clone().unwrap_or_default(), Mark::Plain),
        Out::number(errors.into(), bad(errors, Mark::Error)),
        Out::number(warnings.into(), bad(warnings, Mark::Warning)),
        Out::number(infos.into(), Mark::Plain),
        Out::text(e.prior_file.clone().unwrap_or_default(), Mark::Plain),
        remarks(e, lang),
    ]);
    for (k, h) in HEADLINES.iter().enumerate() {
        if h.cells(e.template).is_empty() {
            row.extend([Out::empty(), Out::empty(), Out::empty()]);
            continue;
        }
        let now = e.figures[k];
        let before = e.prior_figures.as_ref().and_then(|p| p[k].value());
        row.push(match now {
            Fig::Value(v) => Out::number(v, Mark::Plain),
            Fig::Unsure => Out::text(lang.pick("不可读", "unreadable"), Mark::Unsure),
            Fig::Blank | Fig::Absent => Out::empty(),
        });
        row.push(Out::maybe(before, Mark::Plain));
        row.push(match (now.value(), before) {
            (Some(a), Some(b)) => Out::number(a - b, Mark::Plain),
            _ => Out::empty(),
        });
    }
    row
}

fn remarks(e: &Entry, lang: Lang) -> Out {
    let mut words = Vec::new();
    if e.versions > 1 {
        words.push(match lang {
            Lang::Zh => format!(
                "同一机关同一年度有 {} 个内容不同的版本，请核实哪份为准",
                e.versions
            ),
            Lang::En => format!(
                "{} different versions of this agency and year: check which stands",
                e.versions
            ),
        });
    }
    if e.review.signed && e.files.first() != Some(&e.review.file) {
        words.push(match lang {
            Lang::Zh => format!("签署针对的文件：{}", e.review.file),
            Lang::En => format!("the file signed: {}", e.review.file),
        });
    }
    if e.agency.is_none() {
        words.push(lang.pick("未能识别机关名称", "agency not found").into());
    }
    if e.prior_file.is_none() {
        words.push(
            lang.pick("未找到上年报告", "no prior-year report among the inputs")
                .into(),
        );
    }
    let mark = if e.versions > 1 || e.agency.is_none() {
        Mark::Warning
    } else {
        Mark::Plain
    };
    Out::text(words.join("；"), mark)
}
