//! `nianbao signoff`: approve a report or return it to the agency, bound to the file's bytes,
//! the prior report's and the rules' version.
//!
//! Exit status: 0 signed; 1 approval refused because error findings are not settled (the same
//! meaning as `check`'s 1: error findings stand), or a decision is already in force and
//! `--replace` was not given; 2 the report, its prior or the store could not be read, or the
//! arguments were wrong (a return without a comment).

use std::process::ExitCode;

use anyhow::Result;

use nianbao::Lang;
use nianbao::review::{Decision, Identity, ReviewError, SignOptions, SignRequest};

use super::args::SignoffArgs;
use super::config::Settings;
use super::review_state::{self, with_file};

/// Exit status when approval is refused.
pub const REFUSED: u8 = 1;

/// Run `signoff`.
pub fn run(args: &SignoffArgs, settings: &Settings) -> Result<ExitCode> {
    let lang = settings.lang;
    let who = review_state::reviewer(settings, lang)?;
    let store = review_state::open_store(settings, lang)?;
    let r = review_state::load(&args.file, args.prior.as_deref(), settings)?;
    let decision = if args.approve {
        Decision::Approve
    } else {
        Decision::Return
    };
    with_file(
        store.open_report(&r.report, &r.findings, &who),
        &args.file,
        lang,
    )?;
    let version = settings.rules.version();
    let request = SignRequest {
        decision,
        comment: &args.comment,
        reviewer: &who,
        ruleset_version: &version,
    };
    let options = SignOptions {
        replace: args.replace,
        signing_key: settings.signing_key.clone(),
    };
    let signed = store.sign_with(&r.report, r.prior.as_ref(), &r.findings, request, &options);
    let signoff = match signed {
        Ok(s) => s,
        Err(e @ (ReviewError::Refused { .. } | ReviewError::AlreadySigned { .. })) => {
            super::out::warn_line(&format!(
                "nianbao: {}: {}",
                args.file.display(),
                e.message(lang)
            ));
            return Ok(ExitCode::from(REFUSED));
        }
        Err(e) => return with_file(Err(e), &args.file, lang),
    };
    let identity = Identity::of(&r.report);
    let prior = r
        .prior
        .as_ref()
        .map(|p| p.source.path.as_str())
        .unwrap_or(lang.pick("无", "none"));
    match lang {
        Lang::Zh => super::out::line(&format!(
            "已签署：{} · {} 第 {} 版 · {who} · 对照上年报告：{prior}",
            decision.label(lang),
            identity.describe(),
            signoff.revision,
        )),
        Lang::En => super::out::line(&format!(
            "signed: {} · {} revision {} · {who} · prior-year report: {prior}",
            decision.label(lang),
            identity.describe(),
            signoff.revision,
        )),
    }?;
    if let Some(sig) = &signoff.signature {
        super::out::warn(&format!(
            "{}{}",
            lang.pick("已用 SSH 密钥签名：", "signed with the SSH key "),
            sig.fingerprint
        ));
    }
    if identity.unidentified {
        super::out::warn(super::annotate::file_name_warning(lang));
    }
    Ok(ExitCode::SUCCESS)
}
