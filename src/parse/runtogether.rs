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

/// Whether `digits` also read as `groups` groups of `size` cells, each ending in the sum of the
/// others, with at least one cell left blank (a blank leaves no digit behind and counts 0): a
/// row of 三 (one group of seven), table 四's three groups of five. Past the search bound (one
/// for the whole row) such a reading is assumed to exist; past 60 digits, like [`cut`], none
/// is sought.
pub fn fits_with_blanks(digits: &str, groups: usize, size: usize) -> bool {
    let d: Vec<u8> = digits.chars().filter_map(digit_value).collect();
    if groups == 0 || size == 0 || d.len() > 60 {
        return false;
    }
    let len = d.len() + 1;
    let mut budget = BUDGET;
    // fills[i * len + j]: what digits i..j can fill as one group, worked out once.
    let mut fills: Vec<Option<u32>> = vec![None; len * len];
    // reach[i]: the first groups end at digit i, with (bit 1) or without (bit 0) a blank cell.
    let mut reach = vec![0u8; len];
    reach[0] = 1;
    for g in 0..groups {
        let mut next = vec![0u8; len];
        // The last group ends with the digits.
        let first_end = |i: usize| if g + 1 == groups { d.len() } else { i };
        for (i, &r) in reach.iter().enumerate().filter(|(_, r)| **r != 0) {
            for j in first_end(i)..=d.len() {
                let filled = *fills[i * len + j]
                    .get_or_insert_with(|| group_fills(&d[i..j], size, &mut budget));
                if filled & (1 << size) != 0 {
                    next[j] |= r;
                }
                if filled & ((1 << size) - 1) != 0 {
                    next[j] |= 2;
                }
            }
        }
        reach = next;
    }
    budget == 0 || reach[d.len()] & 2 != 0
}

/// How many of a group's `size` cells `d` can fill, as a bit set (bit m: m cells filled, the
/// group's last the sum of the others). A group with its total blank holds only zeros; a lone
/// total with its other cells blank is 0. The search spends `budget`.
fn group_fills(d: &[u8], size: usize, budget: &mut usize) -> u32 {
    let mut set = 0u32;
    if d.iter().all(|&x| x == 0) && d.len() < size {
        // Zeros only (or nothing): every cell present is 0, so any of them may be blank.
        set |= 1 << d.len();
    }
    for m in 2..=size.min(d.len()) {
        let mut found = Vec::new();
        let mut parts = Vec::with_capacity(m);
        search(d, m, Equation::LastIsSum, &mut parts, &mut found, budget);
        if *budget == 0 || !found.is_empty() {
            set |= 1 << m;
        }
    }
    set
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
    if !total_can_fit(parts, rest.len(), left, equation) {
        return;
    }
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

/// Prune early: the open group's total, still to come, is at least the sum of its cells so far,
/// and must fit in the digits left once every other cell still to come has one.
fn total_can_fit(parts: &[u128], rest: usize, left: usize, equation: Equation) -> bool {
    let open = match equation {
        Equation::LastIsSum => parts,
        Equation::Groups(n) if n > 1 => &parts[parts.len() - parts.len() % n..],
        _ => return true,
    };
    if open.is_empty() || left == 0 {
        return true;
    }
    let room = rest.saturating_sub(left - 1);
    let sum: u128 = open.iter().sum();
    room >= 39 || sum < 10u128.pow(room as u32)
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
    fn blank_cells_leave_other_readings() {
        // 13 9 0 0 22 44 with one of seven cells blank; 1 39 0 0 2 2 44 with none.
        assert!(fits_with_blanks("139002244", 1, 7));
        // 3 1 0 0 1 0 5 reads only with every cell filled.
        assert!(!fits_with_blanks("3100105", 1, 7));
        // Table 四: 1 1 0 0 2 | 0 0 0 0 0 | 5 3 _ 0 8 (a blank in the third group).
        assert!(fits_with_blanks("11002000005308", 3, 5));
        // Fifteen single digits, each group adding up, and no shorter reading.
        assert!(!fits_with_blanks("110020000012003", 3, 5));
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
