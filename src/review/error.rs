//! What can go wrong in the review store, each message saying what to do about it.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// An error finding that blocks approval: it has no `accepted` or `resolved` annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnacceptedFinding {
    /// Rule id.
    pub rule: String,
    /// The finding's stable fingerprint.
    pub fingerprint: String,
    /// The cells it is about.
    pub cells: Vec<String>,
    /// Its message, Chinese.
    pub message: String,
}

impl fmt::Display for UnacceptedFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.rule)?;
        if !self.cells.is_empty() {
            write!(f, " [{}]", self.cells.join(", "))?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// Why a review store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No data directory and no override.
    #[error(
        "no data directory for the review store could be found (is HOME set?): \
         pass --store DIR or set NIANBAO_STORE to a directory"
    )]
    NoStoreDir,

    /// A file system operation failed.
    #[error("cannot {action} {}: {source}; check that the store directory exists and is writable", path.display())]
    Io {
        /// What was being done (`read`, `write`, `lock`, …).
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// The record on disk does not parse.
    #[error(
        "the review record {} is damaged and cannot be read ({detail}); it has been left \
         untouched: restore it from a backup or move it aside, then retry",
        path.display()
    )]
    Corrupt {
        /// The record file.
        path: PathBuf,
        /// What the parser said.
        detail: String,
    },

    /// The record was written by a newer nianbao.
    #[error(
        "the review record {} has schema version {found}, newer than this nianbao supports \
         ({supported}); it has been left untouched: upgrade nianbao",
        path.display()
    )]
    NewerSchema {
        /// The record file.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Highest version this build reads.
        supported: u32,
    },

    /// The record file belongs to another report identity (a hash collision or a file
    /// copied by hand).
    #[error(
        "the review record {} belongs to `{found}`, not `{expected}`; it has been left \
         untouched: move it aside",
        path.display()
    )]
    IdentityMismatch {
        /// The record file.
        path: PathBuf,
        /// Identity key the report has.
        expected: String,
        /// Identity key in the file.
        found: String,
    },

    /// The report carries no SHA-256, so no revision can be named.
    #[error(
        "the report {path} has no SHA-256 of its bytes; load it with nianbao::load so the \
         review store can tell its revisions apart"
    )]
    NoHash {
        /// Path of the report.
        path: String,
    },

    /// No annotation with this id in the record.
    #[error("there is no annotation #{id} on this report; `nianbao status` lists the annotations")]
    NoSuchAnnotation {
        /// The id asked for.
        id: u64,
    },

    /// The annotation target does not exist in the report.
    #[error("{0}")]
    BadTarget(String),

    /// An annotation's text is empty.
    #[error("the annotation text is empty: write what the agency should know or fix")]
    EmptyText,

    /// Approval was asked while error findings are neither accepted nor resolved.
    #[error(
        "approval refused: {} error finding(s) are not settled (no accepted or resolved note on \
         the finding or on a cell it names): {}; annotate each (--cell CELL, or --rule RULE) \
         with --state accepted (giving the reason) or --state resolved, or return the report \
         with --return",
        unaccepted.len(),
        unaccepted.iter().map(|u| u.to_string()).collect::<Vec<_>>().join("; ")
    )]
    Refused {
        /// The findings that block approval.
        unaccepted: Vec<UnacceptedFinding>,
    },

    /// Reopen was asked but nothing is signed.
    #[error("this report has no sign-off in force, so there is nothing to reopen")]
    NotSigned,

    /// No reviewer name could be found.
    #[error(
        "no reviewer name: pass --reviewer NAME, set `reviewer` in the config file, or set USER"
    )]
    NoReviewer,

    /// The record fails verification: its audit chain is broken or its state is not what
    /// replaying the log gives. Nothing in it is trusted, and nianbao never repairs it.
    #[error(
        "the review record {} was altered outside nianbao (tampered, 记录被改动): {tamper}; \
         nothing in it is trusted and it has been left untouched: restore it from a backup, \
         or move it aside to start the review again",
        path.display()
    )]
    Tampered {
        /// The record file.
        path: PathBuf,
        /// Where the chain breaks.
        tamper: super::chain::Tamper,
    },

    /// Returning was asked without a comment.
    #[error("a return needs a comment: say what the agency must correct (--comment TEXT)")]
    EmptyComment,

    /// A note is larger than the store takes.
    #[error(
        "the note is {bytes} bytes, more than the {limit} bytes a note may hold: shorten it, or \
         keep the long text in a file and refer to it"
    )]
    NoteTooLong {
        /// Its size in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },

    /// A decision is already in force and replacing it was not asked for.
    #[error(
        "this report already has a decision: {earlier}; to replace it, sign again with \
         --replace (both stay in the history and the memo)"
    )]
    AlreadySigned {
        /// The earlier decision, described.
        earlier: String,
    },

    /// Signing a sign-off with the reviewer's SSH key failed.
    #[error("cannot sign the sign-off with the SSH key: {0}; check `signing_key` in the config")]
    Signing(String),

    /// A change could not be applied to the record (a bug, not damage).
    #[error("internal error: a change could not be applied to the review record: {0}")]
    Internal(String),

    /// A record could not be serialised (should not happen with well-formed data).
    #[error("cannot encode the review record: {0}")]
    Encode(#[from] serde_json::Error),
}

impl ReviewError {
    /// The error as one line for the user in their language, saying what to do: the words
    /// the CLI and the screens both show (English is the `Display` text).
    pub fn message(&self, lang: crate::Lang) -> String {
        if lang == crate::Lang::En {
            return self.to_string();
        }
        match self {
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
            ReviewError::Refused { unaccepted } => refused_zh(unaccepted),
            ReviewError::NotSigned => "该报告没有有效的签署，无需撤回".into(),
            ReviewError::Tampered { path, tamper } => format!(
                "审核记录 {} 已在 nianbao 之外被改动（记录被改动）：{}；其中的内容均不可信，文件未作任何改动，\
                 nianbao 不会自动修复：请从备份恢复，或将其移走后重新审核",
                path.display(),
                tamper.describe(crate::Lang::Zh)
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
                self.to_string()
            }
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        ReviewError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// A refused approval in Chinese: each unsettled error finding and what to do.
fn refused_zh(unaccepted: &[UnacceptedFinding]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_chinese_by_default_and_english_on_request() {
        let e = ReviewError::NoSuchAnnotation { id: 7 };
        assert_eq!(
            e.message(crate::Lang::Zh),
            "该报告没有编号为 #7 的批注；`nianbao export` 列出全部批注"
        );
        assert_eq!(e.message(crate::Lang::En), e.to_string());
        let io = ReviewError::io(
            "write",
            "/store/x.json",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(
            io.message(crate::Lang::Zh)
                .starts_with("无法读写审核记录 /store/x.json")
        );
    }
}
