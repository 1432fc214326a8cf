//! Cell-by-cell changes from last year to this year, as `check --json` writes them
//! (`spec/json-output.md`, `changes`).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::align::AlignedRow;
use crate::model::ValueKind;

/// One cell present, with a value, in both years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The canonical cell id (for the cross-version 其他处理 row, the 2019 id
    /// `apply.other.<col>`).
    pub cell: &'static str,
    /// Last year's value.
    pub prior: Decimal,
    /// This year's value.
    pub current: Decimal,
    /// `current - prior`, exact.
    pub delta: Decimal,
    /// What kind of number the cell holds: counts serialise as JSON integers, amounts as
    /// decimal strings.
    pub kind: ValueKind,
}

impl Change {
    /// The change between two values of a cell.
    pub fn new(cell: &'static str, kind: ValueKind, prior: Decimal, current: Decimal) -> Change {
        Change {
            cell,
            prior,
            current,
            delta: current - prior,
            kind,
        }
    }

    /// Whether the change is big enough to be worth a look (`yoy.swing`): the absolute change
    /// is at least `min_abs` and at least `min_pct` per cent of last year's value. A change from
    /// zero counts as infinitely large in per cent. The rule's defaults are 50 and 10.
    pub fn is_swing(&self, min_pct: Decimal, min_abs: Decimal) -> bool {
        let abs = self.delta.abs();
        if abs.is_zero() || abs < min_abs {
            return false;
        }
        // Compare `abs / |prior| >= pct / 100` without dividing, so no rounding creeps in.
        abs * Decimal::ONE_HUNDRED >= min_pct * self.prior.abs()
    }
}

/// The changes of every aligned row with a value on both sides, in row order.
pub fn changes(rows: &[AlignedRow<'_>]) -> Vec<Change> {
    rows.iter()
        .filter_map(|row| {
            let (prior, current) = row.values()?;
            Some(Change::new(row.id, row.kind(), prior, current))
        })
        .collect()
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Change", 4)?;
        s.serialize_field("cell", self.cell)?;
        s.serialize_field("prior", &Number(self.prior, self.kind))?;
        s.serialize_field("current", &Number(self.current, self.kind))?;
        s.serialize_field("delta", &Number(self.delta, self.kind))?;
        s.end()
    }
}

/// A value written the JSON way for its kind.
struct Number(Decimal, ValueKind);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Number(value, kind) = *self;
        // A count with a fraction (a `cell.fraction` error) stays a string rather than lose it.
        let whole = match kind {
            ValueKind::Count | ValueKind::Signed if value.is_integer() => value.to_i64(),
            _ => None,
        };
        match whole {
            Some(n) => serializer.serialize_i64(n),
            None => serializer.serialize_str(&value.to_string()),
        }
    }
}
