//! What the review commands (`annotate`, `signoff`, `status`, `export`) share: loading a report
//! the way `check` does, opening the review store, the reviewer's name, messages for the
//! store's errors, and the review state `check` shows in its summary table.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use nianbao::review::reading;
use nianbao::review::{Record, ReviewError, SignState, Store};
use nianbao::rules::{self, Finding};
use nianbao::{Lang, Report};

use super::config::Settings;

/// A report with its prior year, checked: what every review command works on.
pub struct Reviewed {
    /// This year's report.
    pub report: Report,
    /// The prior year's report, when given or found beside the file.
    pub prior: Option<Report>,
    /// Every finding, cross-year ones included, computed with the reviewer's readings of
    /// cells the machine could not read (from the store, for this content).
    pub findings: Vec<Finding>,
}

/// Read, parse and check a report, with its prior year: the one given, else the same agency's
/// prior-year report found beside the file (as `review` and `diff` do), so a sign-off and a
/// later `status` bind to the same prior. Errors name the file.
pub fn load(file: &Path, prior: Option<&Path>, settings: &Settings) -> Result<Reviewed> {
    let report = nianbao::load(file)?;
    let prior_path = match prior {
        Some(p) => Some(p.to_path_buf()),
        None => nianbao::compare::find_prior_beside(file, &report),
    };
    let prior = prior_path.map(|p| nianbao::load(&p)).transpose()?;
    Ok(checked(report, prior, settings))
}

/// Run the rules on a report already read, on the reviewer's value of each cell they read
/// (`review-states.md`: with a store, rules run on the reviewer's value). The report itself
/// stays as read, so its content hash, identity and sign-off checks are unchanged.
pub fn checked(report: Report, prior: Option<Report>, settings: &Settings) -> Reviewed {
    let record = stored_record(&report, settings);
    let findings = match record {
        Some(record) if !record.readings.is_empty() => {
            let mut read = report.clone();
            reading::apply(&mut read, &record);
            rules::check(&read, prior.as_ref(), &settings.rules)
        }
        _ => rules::check(&report, prior.as_ref(), &settings.rules),
    };
    Reviewed {
        report,
        prior,
        findings,
    }
}

/// For `check` with a store (`--store`, `NIANBAO_STORE` or the config's `store`): the report
/// with the reviewer's readings of this content applied, and those readings; `(None, [])`
/// without a store or readings. Creates nothing.
pub fn with_readings(
    report: &Report,
    settings: &Settings,
) -> (Option<Report>, Vec<reading::Reading>) {
    if settings.store.is_none() {
        return (None, Vec::new());
    }
    match stored_record(report, settings) {
        Some(record) if !record.readings.is_empty() => {
            let mut read = report.clone();
            let readings = reading::apply(&mut read, &record);
            if readings.is_empty() {
                (None, readings)
            } else {
                (Some(read), readings)
            }
        }
        _ => (None, Vec::new()),
    }
}

/// The report's record when the store exists and it verifies; never creates anything (a
/// damaged or tampered record is reported by the command that uses it).
fn stored_record(report: &Report, settings: &Settings) -> Option<Record> {
    let dir = Store::default_dir(settings.store.as_deref()).ok()?;
    if !dir.is_dir() {
        return None;
    }
    Store::open(&dir).ok()?.load(report).ok()?
}

/// The store folder: `--store`, else `NIANBAO_STORE` (clap reads it into the same flag), else
/// the config file's `store`, else the user's data directory.
pub fn store_dir(settings: &Settings, lang: Lang) -> Result<PathBuf> {
    Store::default_dir(settings.store.as_deref()).map_err(|e| anyhow!(message(&e, lang)))
}

/// Open (creating it if needed) the review store.
pub fn open_store(settings: &Settings, lang: Lang) -> Result<Store> {
    let dir = store_dir(settings, lang)?;
    Store::open(&dir).map_err(|e| anyhow!(message(&e, lang)))
}

/// The reviewer's name: `--reviewer`, the config file's `reviewer`, then the login name.
pub fn reviewer(settings: &Settings, lang: Lang) -> Result<String> {
    nianbao::review::reviewer_name(settings.reviewer.as_deref(), None)
        .map_err(|e| anyhow!(message(&e, lang)))
}

/// A store error as one line for the user, in their language, saying what to do.
pub fn message(e: &ReviewError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ReviewError::NoStoreDir => {
            "找不到存放审核记录的数据目录（是否未设置 HOME？）：请用 --store DIR 或环境变量 \
             NIANBAO_STORE 指定一个目录"
                .into()
        }
        ReviewError::Io { path, source, .. } => format!(
            "无法读写审核记录 {}：{source}；请确认审核记录目录存在且可写",
            path.display()
        ),
        ReviewError::Corrupt { path, detail } => format!(
            "审核记录 {} 已损坏，无法读取（{detail}）；文件未作任何改动：请从备份恢复或将其移走后重试",
            path.display()
        ),
        ReviewError::NewerSchema {
            path,
            found,
            supported,
        } => format!(
            "审核记录 {} 的格式版本为 {found}，高于本程序支持的 {supported}；文件未作任何改动：请升级 nianbao",
            path.display()
        ),
        ReviewError::IdentityMismatch {
            path,
            expected,
            found,
        } => format!(
            "审核记录 {} 属于「{found}」而非「{expected}」；文件未作任何改动：请将其移走",
            path.display()
        ),
        ReviewError::NoSuchAnnotation { id } => {
            format!("该报告没有编号为 #{id} 的批注；`nianbao export` 列出全部批注")
        }
        ReviewError::EmptyText => "批注内容为空：请写明要单位知悉或整改的内容".into(),
        ReviewError::Refused { unaccepted } => {
            let list: Vec<String> = unaccepted
                .iter()
                .map(|u| {
                    format!(
                        "{} [{}]：{}",
                        u.rule,
                        u.cells.join(", "),
                        u.message.trim_end_matches('。')
                    )
                })
                .collect();
            format!(
                "不能审核通过：{} 项错误尚未处理（该错误或其单元格上没有“予以接受”或“已解决”的批注）：{}；\
                 请逐项用 `nianbao annotate --cell 单元格 --state accepted`（或 --rule 规则，写明理由）\
                 或 --state resolved 批注，或用 --return 退回修改",
                unaccepted.len(),
                list.join("；")
            )
        }
        ReviewError::NotSigned => "该报告没有有效的签署，无需撤回".into(),
        ReviewError::Tampered { path, tamper } => format!(
            "审核记录 {} 已在 nianbao 之外被改动（记录被改动）：{}；其中的内容均不可信，文件未作任何改动，\
             nianbao 不会自动修复：请从备份恢复，或将其移走后重新审核",
            path.display(),
            tamper.describe(Lang::Zh)
        ),
        ReviewError::EmptyComment => {
            "退回修改须填写意见：请用 --comment 写明单位需要整改的内容".into()
        }
        ReviewError::NoteTooLong { bytes, limit } => format!(
            "批注长 {bytes} 字节，超过单条批注上限 {limit} 字节（64 KB）：请精简，或将长文另存为文件并在批注中注明"
        ),
        ReviewError::AlreadySigned { earlier } => format!(
            "该报告已有审核结论：{earlier}；如要替换，请加 --replace 重新签署（两次结论都保留在历史和审核意见中）"
        ),
        ReviewError::Signing(detail) => {
            format!("无法用 SSH 密钥签名：{detail}；请检查配置中的 signing_key")
        }
        ReviewError::Internal(detail) => format!("内部错误：{detail}"),
        ReviewError::NoReviewer => {
            "无法确定审核人：请用 --reviewer 姓名、配置文件中的 reviewer 或环境变量 USER 指定"
                .into()
        }
        // Targets name ids and template versions the user typed; the English text shows them.
        ReviewError::BadTarget(_) | ReviewError::NoHash { .. } | ReviewError::Encode(_) => {
            e.to_string()
        }
    }
}

/// Attach the file to a store error, so the one line printed names it.
pub fn with_file<T>(r: Result<T, ReviewError>, file: &Path, lang: Lang) -> Result<T> {
    r.map_err(|e| anyhow!(message(&e, lang)))
        .with_context(|| file.display().to_string())
}

/// The review state for `check`'s summary table, read from the store without creating
/// anything: a batch of thousands of reports pays one `stat` each when nothing was reviewed.
/// The prior report is not known here, so a sign-off goes stale on the report's bytes and the
/// rules' version only.
pub fn state_word(report: &Report, settings: &Settings) -> String {
    let lang = settings.lang;
    let Ok(dir) = Store::default_dir(settings.store.as_deref()) else {
        return SignState::Unsigned.label(lang).to_string();
    };
    // Store::open would create the folder; `check` must not.
    if !dir.is_dir() {
        return SignState::Unsigned.label(lang).to_string();
    }
    let Ok(store) = Store::open(&dir) else {
        return SignState::Unsigned.label(lang).to_string();
    };
    match store.status(report, None, &[], Some(&settings.rules.version())) {
        Ok(status) => status.state_label(lang),
        Err(_) => lang.pick("记录损坏", "record damaged").to_string(),
    }
}
