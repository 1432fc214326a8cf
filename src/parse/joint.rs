//! Run-together rows of table 三 decided together: each row's readings (already true to its
//! own total) are combined, and a combination survives when every column equation that can be
//! evaluated holds (results sum: `total` is the sum of the result rows; balance: `new +
//! carried_in = total + carried_out`). The search is bounded; past the bound nothing is
//! decided.

/// Combinations examined at most.
const BUDGET: usize = 200_000;

/// For each open row (row index, its readings), the readings that survive in some combination;
/// `None` when no combination survives, the bound was reached, or no equation could be
/// evaluated (nothing is then decided).
pub fn solve(
    ids: &[&str],
    known: &[Vec<Option<u128>>],
    open: &[(usize, &[Vec<u128>])],
) -> Option<Vec<Vec<Vec<u128>>>> {
    let total: usize = open.iter().map(|(_, r)| r.len().max(1)).product();
    if total == 0 || total > BUDGET || open.is_empty() {
        return None;
    }
    let find = |id: &str| ids.iter().position(|r| *r == id);
    let (tot, new, cin, cout) = (
        find("total")?,
        find("new")?,
        find("carried_in")?,
        find("carried_out")?,
    );
    let results: Vec<usize> = (cin + 1..tot).collect();
    let width = known.get(tot)?.len();
    let mut keep: Vec<Vec<bool>> = open.iter().map(|(_, r)| vec![false; r.len()]).collect();
    let mut any = false;
    let mut pick = vec![0usize; open.len()];
    for _ in 0..total {
        let value = |row: usize, c: usize| -> Option<u128> {
            match open.iter().position(|(r, _)| *r == row) {
                Some(k) => open[k].1[pick[k]].get(c).copied(),
                None => known.get(row)?.get(c).copied().flatten(),
            }
        };
        let mut evaluated = false;
        let mut holds = true;
        for c in 0..width {
            let parts: Option<u128> = results.iter().map(|&r| value(r, c)).sum();
            if let (Some(p), Some(t)) = (parts, value(tot, c)) {
                evaluated = true;
                holds &= p == t;
            }
            if let (Some(a), Some(b), Some(t), Some(o)) =
                (value(new, c), value(cin, c), value(tot, c), value(cout, c))
            {
                evaluated = true;
                holds &= a + b == t + o;
            }
        }
        if evaluated && holds {
            any = true;
            for (k, &p) in pick.iter().enumerate() {
                keep[k][p] = true;
            }
        }
        // Next combination (odometer).
        for k in 0..pick.len() {
            pick[k] += 1;
            if pick[k] < open[k].1.len() {
                break;
            }
            pick[k] = 0;
        }
    }
    any.then(|| {
        open.iter()
            .zip(&keep)
            .map(|((_, r), k)| {
                r.iter()
                    .zip(k)
                    .filter(|(_, k)| **k)
                    .map(|(v, _)| v.clone())
                    .collect()
            })
            .collect()
    })
}
