//! One sort order per key, the same in `check --sort`, `status` and the inbox: years newest
//! first, agencies in pinyin order (as a Chinese index is sorted: 长治 before 周村), an unknown
//! year or agency last.

use std::cmp::Ordering;

use pinyin::ToPinyin;

/// An agency's place in the order, computed once per row so a sort of twenty thousand rows
/// compares keys rather than converting names at every comparison. Pinyin order, equal
/// pinyin by the names themselves, an unknown agency after every name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyKey(Option<(String, String)>);

impl AgencyKey {
    /// The key of an agency name (`None`: not known).
    pub fn new(name: Option<&str>) -> AgencyKey {
        AgencyKey(name.map(|n| (pinyin_of(n), n.to_owned())))
    }

    /// Whether this is the key of `name` (so a cached key can be kept).
    pub fn is_of(&self, name: Option<&str>) -> bool {
        self.0.as_ref().map(|(_, n)| n.as_str()) == name
    }
}

impl Ord for AgencyKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
}

impl PartialOrd for AgencyKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A name as it sorts: each character's pinyin (plain, without tones), characters without
/// one as they are.
fn pinyin_of(name: &str) -> String {
    let mut key = String::with_capacity(name.len() * 2);
    for (c, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(p) => key.push_str(p.plain()),
            None => key.push(c),
        }
        // Syllables apart, so `xi an` (西安) and `xian` (县) never compare as one run.
        key.push(' ');
    }
    key
}

/// Agencies in pinyin order, an unknown agency last ([`AgencyKey`]).
pub fn by_agency(a: Option<&str>, b: Option<&str>) -> Ordering {
    AgencyKey::new(a).cmp(&AgencyKey::new(b))
}

/// Years newest first, an unknown year last.
pub fn by_year(a: Option<i32>, b: Option<i32>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of the `agency` key: agency, then year newest first.
pub fn agency_then_year(a: (&AgencyKey, Option<i32>), b: (&AgencyKey, Option<i32>)) -> Ordering {
    a.0.cmp(b.0).then_with(|| by_year(a.1, b.1))
}

/// The order of the `year` key: year newest first, then agency.
pub fn year_then_agency(a: (&AgencyKey, Option<i32>), b: (&AgencyKey, Option<i32>)) -> Ordering {
    by_year(a.1, b.1).then_with(|| a.0.cmp(b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_sort_by_pinyin_not_by_code_point() {
        // By code point 周 (U+5468) < 榆 (U+6986) < 横 (U+6A2A); by pinyin heng < yu < zhou.
        let mut names = vec![
            "周村区行政审批服务局",
            "榆阳区卫生健康局",
            "横山区行政审批服务局",
        ];
        names.sort_by(|a, b| by_agency(Some(a), Some(b)));
        assert_eq!(
            names,
            [
                "横山区行政审批服务局",
                "榆阳区卫生健康局",
                "周村区行政审批服务局"
            ]
        );
    }

    #[test]
    fn newest_year_first_and_unknown_last() {
        let mut years = vec![Some(2019), None, Some(2021), Some(2020)];
        years.sort_by(|a, b| by_year(*a, *b));
        assert_eq!(years, [Some(2021), Some(2020), Some(2019), None]);
        assert_eq!(by_agency(None, Some("周村")), Ordering::Greater);
    }
}
