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

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = ["new", "carried_in", "granted", "total", "carried_out"];

    #[test]
    fn the_results_sum_picks_the_one_reading() {
        // granted ran together as 1|10|11 or 11|0|11; the total row says granted is 11, 0, 11.
        let known = vec![
            vec![Some(11), Some(0), Some(11)],
            vec![Some(0), Some(0), Some(0)],
            vec![None, None, None],
            vec![Some(11), Some(0), Some(11)],
            vec![Some(0), Some(0), Some(0)],
        ];
        let readings = vec![vec![1, 10, 11], vec![11, 0, 11]];
        let kept = solve(&IDS, &known, &[(2, &readings)]).expect("decided");
        assert_eq!(kept, vec![vec![vec![11, 0, 11]]]);
    }

    #[test]
    fn nothing_decided_when_no_reading_holds() {
        let known = vec![
            vec![Some(5), Some(0), Some(5)],
            vec![Some(0), Some(0), Some(0)],
            vec![None, None, None],
            vec![Some(7), Some(0), Some(7)],
            vec![Some(0), Some(0), Some(0)],
        ];
        let readings = vec![vec![1, 10, 11], vec![11, 0, 11]];
        assert_eq!(solve(&IDS, &known, &[(2, &readings)]), None);
    }
}
