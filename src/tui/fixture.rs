//! A report pair built by hand for tests and the redraw benchmark, shaped like the zhoucun
//! seed (2020, 2019 template) beside a constructed 2019 report, with the kinds of findings
//! the rules report on the seeds. Built here rather than parsed so the screens can be tested
//! while the parser and rules are still being written.

use rust_decimal::Decimal;

use nianbao::model::{Cell, CellStatus, Location, Report, SectionId, TableId, Template};
use nianbao::rules::{EvalStatus, Finding, Severity, fingerprint};

use super::data::ReviewData;

fn report(year: i32, shift: i64, sha: &str) -> Report {
    let mut r = Report::empty(Template::V2019);
    r.meta.agency = Some("周村区行政审批服务局".into());
    r.meta.year = Some(year);
    r.meta.title = Some(format!(
        "周村区行政审批服务局{year}年度政府信息公开工作报告"
    ));
    r.meta.title_line = Some(1);
    r.source.path = format!("zhoucun-approval-{year}.txt");
    r.source.sha256 = sha.into();
    r.source.encoding = "utf-8".into();
    r.source.format = "text".into();
    let bodies = [
        format!(
            "区行政审批服务局严格按照“公正、公平、便民”的总体原则，认真贯彻落实《条例》。\n\
             {year}年通过政府信息公开门户网站共公开信息行政许可{}条。\n\
             截止{year}年12月31日，我局未收到过公开申请，亦未发生行政诉讼。",
            1264 + shift
        ),
        "主动公开政府信息情况见下表。".to_string(),
        "收到和处理政府信息公开申请情况见下表。".to_string(),
        "政府信息公开行政复议、行政诉讼情况见下表。".to_string(),
        format!(
            "存在的主要问题：信息公开的及时性有待提高。\n改进措施：{year}年我局将进一步加强培训，\
             规范发布流程，提高公开质量。"
        ),
        if shift == 0 {
            "无。注意\x1b[31m这里\x1b[0m有控制字符。".to_string()
        } else {
            "无。".to_string()
        },
    ];
    let mut line = 3;
    let mut lines = vec![r.meta.title.clone().unwrap_or_default(), String::new()];
    for (s, body) in SectionId::ALL.into_iter().zip(bodies) {
        let sec = &mut r.sections[s.index()];
        sec.present = true;
        sec.numbered = s != SectionId::S5;
        sec.heading = format!("{}、{}", s.numeral(), s.heading_zh());
        sec.line = Some(line);
        lines.push(sec.heading.clone());
        for l in body.lines() {
            lines.push(l.to_string());
        }
        sec.end_line = Some(line + body.lines().count());
        sec.text = body;
        line = sec.end_line.unwrap_or(line) + 1;
    }
    let schema = r.schema();
    for def in &schema.cells {
        let base = (def.row_index as i64 * 7 + def.column_index as i64 * 3) % 11 + 1;
        let v = match def.table {
            TableId::Apply if def.column == "natural" => {
                base * 40 + shift * (def.row_index as i64 % 3)
            }
            TableId::Active => base * 100 + shift * 10,
            _ => base + shift * (def.column_index as i64 % 2),
        };
        lines.push(format!("{}\t{v}", def.row_label));
        let loc = Some(Location {
            line: lines.len(),
            column: None,
        });
        r.cells.insert(
            def.id.clone(),
            Cell::number(v.to_string(), Decimal::from(v), loc),
        );
    }
    // Totals that add up, row by row, in the application table.
    for row in &schema.table(TableId::Apply).rows {
        let sum: Decimal = ["natural", "business", "research", "ngo", "legal", "other"]
            .iter()
            .filter_map(|c| r.value(&format!("apply.{}.{c}", row.id)))
            .sum();
        if let Some(cell) = r.cells.get_mut(&format!("apply.{}.total", row.id)) {
            cell.value = Some(sum);
            cell.raw = sum.to_string();
        }
    }
    for col in ["upheld", "corrected", "other", "pending", "total"] {
        let id = format!("review.appeal.{col}");
        let loc = r.cells[&id].location;
        r.cells.insert(id, Cell::blank("", loc));
    }
    r.lines = lines;
    r
}

fn finding(
    rule: &str,
    severity: Severity,
    cells: &[&str],
    section: Option<SectionId>,
    message: &str,
    message_en: &str,
) -> Finding {
    let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    Finding {
        fingerprint: fingerprint(rule, &cells, section),
        rule: rule.into(),
        severity,
        cells,
        section,
        expected: None,
        actual: None,
        suspect: None,
        message: message.into(),
        message_en: message_en.into(),
        status: EvalStatus::Failed,
        line: None,
        quote: None,
    }
}

/// The pair, its findings, and data ready for the screens.
pub fn data() -> ReviewData {
    let mut current = report(2020, 0, "sha-current");
    let prior = report(2019, 3, "sha-prior");
    // One error of arithmetic and one unreadable cell, as in the seed.
    let new_total = current.value("apply.new.total").unwrap_or_default();
    if let Some(c) = current.cells.get_mut("apply.new.total") {
        c.value = Some(new_total + Decimal::ONE);
        c.raw = (new_total + Decimal::ONE).to_string();
    }
    if let Some(c) = current.cells.get_mut("active.fees.change") {
        c.raw = ":2".into();
        c.value = None;
        c.status = CellStatus::Unreadable;
    }
    let row: Vec<String> = nianbao::model::APPLY_COLUMNS
        .iter()
        .map(|c| format!("apply.new.{c}"))
        .collect();
    let row_refs: Vec<&str> = row.iter().map(String::as_str).collect();
    let mut row_total = finding(
        "apply.row_total",
        Severity::Error,
        &row_refs,
        None,
        "本年新收申请数量：总计应等于各类申请人之和",
        "new applications: the total should equal the sum of applicant types",
    );
    row_total.expected = Some(new_total);
    row_total.actual = Some(new_total + Decimal::ONE);
    row_total.suspect = Some("apply.new.total".into());
    let mut unreadable = finding(
        "cell.unreadable",
        Severity::Error,
        &["active.fees.change"],
        None,
        "行政事业性收费 · 本年增/减：“:2”不是数字",
        "administrative fees · change: \":2\" is not a number",
    );
    unreadable.line = current.cells["active.fees.change"].line();
    let blank = finding(
        "cell.blank",
        Severity::Info,
        &[
            "review.appeal.upheld",
            "review.appeal.corrected",
            "review.appeal.other",
            "review.appeal.pending",
            "review.appeal.total",
        ],
        None,
        "行政复议一行5格空白（格式要求填0）",
        "administrative review: 5 cells blank (the format asks for 0)",
    );
    let mut contradiction = finding(
        "narrative.contradiction",
        Severity::Warning,
        &[],
        Some(SectionId::S1),
        "正文称未发生行政诉讼，但表四计有诉讼",
        "the text says no lawsuit arose, but table 4 counts lawsuits",
    );
    contradiction.line = current.section(SectionId::S1).line.map(|l| l + 3);
    contradiction.quote =
        Some("截止2020年12月31日，我局未收到过公开申请，亦未发生行政诉讼。".into());
    let mut year = finding(
        "narrative.year",
        Severity::Info,
        &[],
        Some(SectionId::S5),
        "第五部分把报告年度本身当作来年",
        "section 5 plans for the report year itself",
    );
    year.line = current.section(SectionId::S5).line.map(|l| l + 2);
    let carry = finding(
        "yoy.carry_over",
        Severity::Error,
        &["apply.carried_in.natural"],
        None,
        "上年结转（自然人）应等于上年报告的结转下年度",
        "carried in (natural persons) should equal last year's carried over",
    );
    ReviewData::from_parts(
        current,
        Some(prior),
        vec![year, carry, blank, contradiction, unreadable, row_total],
        "builtin".into(),
    )
}
