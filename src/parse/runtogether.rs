//! Digits whose cell boundaries were lost (`3100105` for seven cells): find every cut that the
//! template's arithmetic allows, and keep it only when exactly one survives.

use super::normalize::digit_value;

/// The arithmetic a row's cells obey, to test a cut against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Equation {
    /// No arithmetic: only a cut of one digit per cell is certain.
    None,
    /// The last cell is the sum of the others (application rows).
    LastIsSum,
    /// Groups of this many cells, each ending in the sum of the others: table 四's groups of
    /// five, or rows of table 三 run into one another.
    Groups(usize),
}

/// The readings found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cut {
    /// Exactly one reading.
    Unique(Vec<u128>),
    /// None or several; each cell's candidate values (sorted, distinct).
    Ambiguous(Vec<Vec<u128>>),
}

/// Upper bound on readings examined; past it the digits stay ambiguous without candidates.
const BUDGET: usize = 200_000;

/// Every reading of `digits` into `cells` numbers that `equation` allows; `None` past the
/// search bound.
pub fn readings(digits: &str, cells: usize, equation: Equation) -> Option<Vec<Vec<u128>>> {
    let d: Vec<u8> = digits.chars().filter_map(digit_value).collect();
    if cells == 0 || d.len() < cells || d.len() > 60 {
        return None;
    }
    let mut found = Vec::new();
    let mut parts = Vec::with_capacity(cells);
    let mut budget = BUDGET;
    search(&d, cells, equation, &mut parts, &mut found, &mut budget);
    (budget > 0).then_some(found)
}

/// Cut `digits` (ASCII or full-width; other characters skipped) into `cells` numbers.
pub fn cut(digits: &str, cells: usize, equation: Equation) -> Cut {
    let d: Vec<u8> = digits.chars().filter_map(digit_value).collect();
    if cells == 0 || d.len() < cells || d.len() > 60 {
        return Cut::Ambiguous(vec![Vec::new(); cells]);
    }
    let mut found: Vec<Vec<u128>> = Vec::new();
    let mut parts = Vec::with_capacity(cells);
    let mut budget = BUDGET;
    search(&d, cells, equation, &mut parts, &mut found, &mut budget);
    if budget == 0 {
        return Cut::Ambiguous(vec![Vec::new(); cells]);
    }
    let accepted: Vec<Vec<u128>> = found
        .into_iter()
        .filter(|p| equation != Equation::None || p.iter().all(|&v| v < 10))
        .collect();
    if accepted.len() == 1 {
        return Cut::Unique(accepted.into_iter().next().unwrap_or_default());
    }
    let mut per_cell = vec![Vec::new(); cells];
    for reading in &accepted {
        for (i, v) in reading.iter().enumerate() {
            if !per_cell[i].contains(v) {
                per_cell[i].push(*v);
            }
        }
    }
    per_cell.iter_mut().for_each(|c| c.sort_unstable());
    Cut::Ambiguous(per_cell)
}

/// Whether `digits` also read as a row of fewer filled cells (at least two), its total the sum
/// of the others: the row with some of its `cells` left blank, which leave no digit behind.
/// Past the search bound, one is assumed to exist.
pub fn fewer_cells_fit(digits: &str, cells: usize) -> bool {
    let n = digits.chars().filter_map(digit_value).count();
    (2..cells.min(n + 1))
        .any(|m| readings(digits, m, Equation::LastIsSum).is_none_or(|r| !r.is_empty()))
}

fn search(
    rest: &[u8],
    cells: usize,
    equation: Equation,
    parts: &mut Vec<u128>,
    found: &mut Vec<Vec<u128>>,
    budget: &mut usize,
) {
    if *budget == 0 {
        return;
    }
    let left = cells - parts.len();
    if left == 0 {
        *budget -= 1;
        if rest.is_empty() && holds(parts, equation) {
            found.push(parts.clone());
        }
        return;
    }
    // Each remaining cell needs at least one digit; a number has no leading zero.
    let max_len = rest.len().saturating_sub(left - 1).min(20);
    for len in 1..=max_len {
        if len > 1 && rest[0] == 0 {
            break;
        }
        let v = rest[..len]
            .iter()
            .fold(0u128, |a, &b| a * 10 + u128::from(b));
        parts.push(v);
        if prefix_ok(parts, equation) {
            search(&rest[len..], cells, equation, parts, found, budget);
        }
        parts.pop();
    }
}

/// Prune early: a closed group of five must already add up.
fn prefix_ok(parts: &[u128], equation: Equation) -> bool {
    match equation {
        Equation::Groups(n) if n > 1 && parts.len().is_multiple_of(n) => {
            let g = &parts[parts.len() - n..];
            g[..n - 1].iter().sum::<u128>() == g[n - 1]
        }
        _ => true,
    }
}

fn holds(parts: &[u128], equation: Equation) -> bool {
    match equation {
        Equation::None => true,
        Equation::LastIsSum => parts
            .split_last()
            .is_some_and(|(last, rest)| rest.iter().sum::<u128>() == *last),
        Equation::Groups(n) => {
            n > 1
                && parts
                    .chunks(n)
                    .all(|g| g.len() == n && g[..n - 1].iter().sum::<u128>() == g[n - 1])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_cut_of_an_application_row() {
        // 3 1 0 0 1 0 5: natural 3, business 1, legal 1, total 5.
        assert_eq!(
            cut("3100105", 7, Equation::LastIsSum),
            Cut::Unique(vec![3, 1, 0, 0, 1, 0, 5])
        );
    }

    #[test]
    fn several_cuts_stay_ambiguous() {
        match cut("110000011", 7, Equation::LastIsSum) {
            Cut::Ambiguous(c) => assert!(c.iter().any(|v| v.len() > 1)),
            Cut::Unique(u) => panic!("picked {u:?}"),
        }
    }

    #[test]
    fn no_cut_without_arithmetic_unless_one_digit_each() {
        assert_eq!(cut("100", 3, Equation::None), Cut::Unique(vec![1, 0, 0]));
        assert!(matches!(cut("1000", 3, Equation::None), Cut::Ambiguous(_)));
    }

    #[test]
    fn two_rows_run_together_cut_as_groups() {
        // 9 0 0 0 0 0 9 | 0 0 0 0 0 0 0: one reading as two rows of seven, none as one.
        assert_eq!(
            readings("90000090000000", 7, Equation::LastIsSum),
            Some(Vec::new())
        );
        assert_eq!(
            cut("90000090000000", 14, Equation::Groups(7)),
            Cut::Unique(vec![9, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0])
        );
    }
}
