//! One sort order per key, the same in `check --sort`, `status` and the inbox: years newest
//! first, agencies in pinyin order (as a Chinese index is sorted: 长治 before 周村), an unknown
//! year or agency last.

use std::cmp::Ordering;

use pinyin::ToPinyin;

/// An agency name as it sorts: each character's pinyin (plain, without tones), characters
/// without one as they are. `None` sorts after every name.
pub fn agency_key(name: Option<&str>) -> Option<String> {
    let name = name?;
    let mut key = String::with_capacity(name.len() * 2);
    for (c, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(p) => key.push_str(p.plain()),
            None => key.push(c),
        }
        // Syllables apart, so `xi an` (西安) and `xian` (县) never compare as one run.
        key.push(' ');
    }
    Some(key)
}

/// Agencies in pinyin order, an unknown agency last; equal keys by the names themselves.
pub fn by_agency(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (agency_key(a), agency_key(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
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
pub fn agency_then_year(
    a: (Option<&str>, Option<i32>),
    b: (Option<&str>, Option<i32>),
) -> Ordering {
    by_agency(a.0, b.0).then_with(|| by_year(a.1, b.1))
}

/// The order of the `year` key: year newest first, then agency.
pub fn year_then_agency(
    a: (Option<&str>, Option<i32>),
    b: (Option<&str>, Option<i32>),
) -> Ordering {
    by_year(a.1, b.1).then_with(|| by_agency(a.0, b.0))
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
