//! The headline figures of the overview: what an office copies into its own annual report,
//! by canonical cell ids per template. A figure made of several cells (lawsuits) is their sum,
//! and has no value when any of them has none: a cell that cannot be read is never a zero.

use rust_decimal::Decimal;

use nianbao::{CellStatus, Report, Template};

/// One headline figure.
pub struct Headline {
    /// Column head, Chinese.
    pub head: &'static str,
    /// Column head, English.
    pub head_en: &'static str,
    /// Its cells in a 2019-form report (empty: not in that form).
    pub v2019: &'static [&'static str],
    /// Its cells in a 2021-form report.
    pub v2021: &'static [&'static str],
}

impl Headline {
    /// The cells of this figure in a template.
    pub fn cells(&self, template: Template) -> &'static [&'static str] {
        match template {
            Template::V2019 => self.v2019,
            Template::V2021 => self.v2021,
        }
    }
}

/// The overview's figures, in column order: table 三's totals, table 四's totals, then
/// table 二's figures.
pub const HEADLINES: &[Headline] = &[
    Headline {
        head: "本年新收申请",
        head_en: "applications received",
        v2019: &["apply.new.total"],
        v2021: &["apply.new.total"],
    },
    Headline {
        head: "上年结转申请",
        head_en: "carried in",
        v2019: &["apply.carried_in.total"],
        v2021: &["apply.carried_in.total"],
    },
    Headline {
        head: "办理结果总计",
        head_en: "answered",
        v2019: &["apply.total.total"],
        v2021: &["apply.total.total"],
    },
    Headline {
        head: "予以公开",
        head_en: "granted",
        v2019: &["apply.granted.total"],
        v2021: &["apply.granted.total"],
    },
    Headline {
        head: "结转下年度",
        head_en: "carried out",
        v2019: &["apply.carried_out.total"],
        v2021: &["apply.carried_out.total"],
    },
    Headline {
        head: "行政复议",
        head_en: "administrative reviews",
        v2019: &["review.appeal.total"],
        v2021: &["review.appeal.total"],
    },
    Headline {
        head: "行政诉讼",
        head_en: "lawsuits",
        v2019: &["review.suit_direct.total", "review.suit_after_appeal.total"],
        v2021: &["review.suit_direct.total", "review.suit_after_appeal.total"],
    },
    Headline {
        head: "规章（现行有效/公开总数）",
        head_en: "rules in force",
        v2019: &["active.rules.total"],
        v2021: &["active.rules.in_force"],
    },
    Headline {
        head: "规范性文件（现行有效/公开总数）",
        head_en: "normative documents in force",
        v2019: &["active.normative.total"],
        v2021: &["active.normative.in_force"],
    },
    Headline {
        head: "行政许可决定",
        head_en: "licensing decisions",
        v2019: &["active.licensing.decisions"],
        v2021: &["active.licensing.decisions"],
    },
    Headline {
        head: "行政处罚决定",
        head_en: "penalty decisions",
        v2019: &["active.penalty.decisions"],
        v2021: &["active.penalty.decisions"],
    },
    Headline {
        head: "行政强制决定",
        head_en: "coercion decisions",
        v2019: &["active.coercion.decisions"],
        v2021: &["active.coercion.decisions"],
    },
    Headline {
        head: "行政事业性收费（万元）",
        head_en: "fees (10k yuan)",
        v2019: &[],
        v2021: &["active.fees.amount"],
    },
    Headline {
        head: "政府集中采购（元）",
        head_en: "procurement (yuan)",
        v2019: &["active.procurement.amount"],
        v2021: &[],
    },
];

/// One figure of one report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fig {
    /// Not part of the report's form.
    Absent,
    /// Every cell of it left blank: nothing written.
    Blank,
    /// A cell of it unreadable, ambiguous or missing: no value, never a zero.
    Unsure,
    /// Its value (blank cells among others count as 0, as in the equations).
    Value(Decimal),
}

impl Fig {
    /// The number, when there is one.
    pub fn value(self) -> Option<Decimal> {
        match self {
            Fig::Value(d) => Some(d),
            _ => None,
        }
    }
}

/// A report's headline figures, in [`HEADLINES`] order.
pub fn of(report: &Report) -> Vec<Fig> {
    let template = report.meta.template;
    HEADLINES
        .iter()
        .map(|h| {
            let cells = h.cells(template);
            if cells.is_empty() {
                return Fig::Absent;
            }
            let mut sum = Decimal::ZERO;
            let mut written = false;
            for id in cells {
                match report.cell(id).map(|c| (c.value, &c.status)) {
                    Some((Some(v), _)) => {
                        sum += v;
                        written = true;
                    }
                    Some((None, CellStatus::Blank)) => {}
                    _ => return Fig::Unsure,
                }
            }
            if written { Fig::Value(sum) } else { Fig::Blank }
        })
        .collect()
}
