//! Who a report is (agency + report year, normalised) and who the reviewer is.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Report;

use super::ReviewError;

/// The identity a review record is kept under: the agency (normalised) and the report year,
/// or, when either was not detected, the content hash of what was read (`review-states.md`),
/// so two different unidentified reports never share a record, and the same one in two
/// formats does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The stable key: `"<year>|<normalised agency>"`, or `"content|<content hash>"`
    /// (`"file|<file stem>"` in records written before content hashes).
    pub key: String,
    /// The agency as detected (not normalised), for display.
    pub agency: Option<String>,
    /// The report year, when detected.
    pub year: Option<i32>,
    /// Set when agency or year was not detected and the content hash stands in for them; the
    /// CLI says so, since an edited file then opens a different record.
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        alias = "from_file_name"
    )]
    pub unidentified: bool,
}

impl Identity {
    /// The identity of a report.
    pub fn of(report: &Report) -> Identity {
        let agency = report
            .meta
            .agency
            .as_deref()
            .map(normalize_agency)
            .filter(|a| !a.is_empty());
        match (agency, report.meta.year) {
            (Some(a), Some(year)) => Identity {
                key: format!("{year}|{a}"),
                agency: report.meta.agency.clone(),
                year: Some(year),
                unidentified: false,
            },
            _ => Identity {
                key: format!("content|{}", report.content_hash()),
                agency: report.meta.agency.clone(),
                year: report.meta.year,
                unidentified: true,
            },
        }
    }

    /// The record's file name without extension: a readable slug plus a short hash of the
    /// key, safe on every file system (no separators or reserved characters, short enough
    /// for a 255-byte name limit).
    pub fn file_stem(&self) -> String {
        let hash = crate::model::hex(&Sha256::digest(self.key.as_bytes())[..6]);
        let name: String = self
            .key
            .split_once('|')
            .map(|(_, rest)| rest)
            .unwrap_or(&self.key)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(24)
            .collect();
        let prefix = match (self.unidentified, self.year) {
            (false, Some(year)) => year.to_string(),
            _ if self.key.starts_with("content|") => "content".to_string(),
            _ => "file".to_string(),
        };
        if name.is_empty() {
            format!("{prefix}-{hash}")
        } else {
            format!("{prefix}-{name}-{hash}")
        }
    }

    /// A one-line description for messages: `周村区行政审批服务局 2020`, or `content 3f2a…`.
    pub fn describe(&self) -> String {
        match (&self.agency, self.year, self.unidentified) {
            (Some(a), Some(y), false) => format!("{a} {y}"),
            _ if self.key.starts_with("content|") => {
                format!("content {}…", self.key.get(8..20).unwrap_or_default())
            }
            _ => self
                .key
                .split_once('|')
                .map(|(_, s)| s.to_string())
                .unwrap_or_else(|| self.key.clone()),
        }
    }
}

/// Normalise an agency name so trivial variants map to one record: white space (including
/// the ideographic space) removed, full-width ASCII folded to half-width, and the bracket
/// variants (`（）`, `〔〕`, `【】`, `［］`) folded to `()`.
pub(crate) fn normalize_agency(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' | '〔' | '【' | '［' | '[' | '〖' => '(',
            '）' | '〕' | '】' | '］' | ']' | '〗' => ')',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The reviewer's name: the `--reviewer` flag, else the config file's value, else the login
/// name (`USER`, `USERNAME` or `LOGNAME`), in that order. Blank values are skipped.
pub fn reviewer_name(flag: Option<&str>, config: Option<&str>) -> Result<String, ReviewError> {
    let login = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .or_else(account_name);
    [flag.map(str::to_string), config.map(str::to_string), login]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .ok_or(ReviewError::NoReviewer)
}

/// The login name of the account this process runs as, for when the environment names none
/// (containers and services often set no `USER`): the process's uid looked up in `/etc/passwd`.
#[cfg(unix)]
fn account_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Template;

    fn report(agency: Option<&str>, year: Option<i32>, path: &str) -> Report {
        let mut r = Report::empty(Template::V2019);
        r.meta.agency = agency.map(str::to_string);
        r.meta.year = year;
        r.source.path = path.into();
        r.source.sha256 = "ab".repeat(32);
        r
    }

    #[test]
    fn bracket_and_space_variants_share_one_identity() {
        let a = Identity::of(&report(
            Some("某市（区）人民政府 办公室"),
            Some(2020),
            "a.txt",
        ));
        let b = Identity::of(&report(Some("某市(区)人民政府办公室"), Some(2020), "b.txt"));
        assert_eq!(a.key, b.key);
        assert_eq!(a.file_stem(), b.file_stem());
        let c = Identity::of(&report(Some("某市(区)人民政府办公室"), Some(2021), "b.txt"));
        assert_ne!(a.key, c.key);
    }

    #[test]
    fn missing_year_is_keyed_by_content_not_file_name() {
        let mut a = report(Some("周村区"), None, "A/report.txt");
        a.sections[0].text = "本年度我单位认真做好政府信息公开工作。".into();
        let mut b = report(Some("周村区"), None, "B/report.txt");
        b.sections[0].text = "本年度本机关依法公开政府信息。".into();
        let (ia, ib) = (Identity::of(&a), Identity::of(&b));
        assert!(ia.unidentified);
        assert_eq!(ia.key, format!("content|{}", a.content_hash()));
        assert_ne!(
            ia.key, ib.key,
            "same file name, different content: two records"
        );
        assert_ne!(ia.file_stem(), ib.file_stem());
        // The same content under another name and format is the same record.
        let mut c = a.clone();
        c.source.path = "elsewhere/copy.docx".into();
        assert_eq!(Identity::of(&c).key, ia.key);
    }

    #[test]
    fn file_stem_has_no_reserved_characters() {
        let id = Identity::of(&report(Some("a/b\\c:d*e?f\"g<h>i|j（k）"), Some(2020), "x"));
        let stem = id.file_stem();
        assert!(
            stem.chars().all(|c| c.is_alphanumeric() || c == '-'),
            "{stem}"
        );
        assert!(stem.len() < 120);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_account_name_is_found_without_environment() {
        // The account that owns a file this process creates is the process's own account.
        use std::os::unix::fs::MetadataExt;
        let dir = std::env::temp_dir().join(format!("nianbao-uid-{}", std::process::id()));
        std::fs::write(&dir, b"").expect("temp file");
        let uid = std::fs::metadata(&dir).map(|m| m.uid()).expect("metadata");
        let _ = std::fs::remove_file(&dir);
        let passwd = std::fs::read_to_string("/etc/passwd").expect("/etc/passwd");
        let want = passwd
            .lines()
            .find(|l| l.split(':').nth(2) == Some(&uid.to_string()))
            .and_then(|l| l.split(':').next())
            .map(str::to_string);
        assert!(want.is_some(), "uid {uid} has an /etc/passwd entry");
        assert_eq!(account_name(), want);
    }

    #[test]
    fn reviewer_flag_wins_over_config() {
        assert_eq!(reviewer_name(Some("张三"), Some("李四")).unwrap(), "张三");
        assert_eq!(reviewer_name(Some("  "), Some("李四")).unwrap(), "李四");
    }
}
