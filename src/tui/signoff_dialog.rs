//! The sign-off dialog: approve or return, a comment, and the store's refusal (naming the
//! error findings not yet accepted) shown in place when approval is refused.

use ratatui::Frame;
use ratatui::style::Modifier;

use nianbao::Lang;

use super::app::App;
use super::popup;
use nianbao::review::Decision;
use nianbao::review::{ReviewError, SignRequest};

use super::app::Overlay;
use super::data;
use super::editor::Editor;

/// Draw the dialog.
pub fn draw(frame: &mut Frame, app: &App, s: &SignOffState) {
    let t = app.theme;
    let lang = app.lang;
    let area = popup::centered(frame.area(), 70, 14);
    popup::clear(frame, area);
    let block = t.dialog_block(lang.pick(" 审核签署 ", " Sign off "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 4 {
        return;
    }
    let w = inner.width as usize;
    let buf = frame.buffer_mut();
    let choice = |d: Decision, zh: &str, en: &str| {
        let on = s.decision == d;
        let label = format!("{} {} ", if on { "(*)" } else { "( )" }, lang.pick(zh, en));
        (label, if on { t.cursor() } else { t.dim() })
    };
    let (a, a_style) = choice(Decision::Approve, "通过", "approve");
    let (r, r_style) = choice(Decision::Return, "退回修改", "return for revision");
    let (x, _) = buf.set_stringn(inner.x, inner.y, &a, w, a_style);
    let (x, _) = buf.set_stringn(
        x + 2,
        inner.y,
        &r,
        w.saturating_sub((x + 2 - inner.x) as usize),
        r_style,
    );
    buf.set_stringn(
        x + 2,
        inner.y,
        lang.pick("Tab 切换", "Tab switches"),
        inner.right().saturating_sub(x + 2) as usize,
        t.dim(),
    );
    let st = &app.review.status;
    let summary = match lang {
        Lang::Zh => format!(
            "错误 {}，未接受 {}；待处理批注 {}",
            st.errors,
            st.unaccepted_errors.len(),
            st.open_annotations
        ),
        Lang::En => format!(
            "{} errors, {} unaccepted; {} open notes",
            st.errors,
            st.unaccepted_errors.len(),
            st.open_annotations
        ),
    };
    buf.set_stringn(inner.x, inner.y + 1, summary, w, t.dim());
    buf.set_stringn(
        inner.x,
        inner.y + 2,
        lang.pick(
            "意见（Ctrl-S 签署，Esc 取消）：",
            "Comment (Ctrl-S signs, Esc cancels):",
        ),
        w,
        t.bold().add_modifier(Modifier::UNDERLINED),
    );
    let mut editor_h = inner.height - 3;
    if let Some(reason) = &s.refused {
        let bottom = inner.y + 3 + editor_h;
        editor_h -= popup::refusal(buf, inner, bottom, editor_h, reason, t);
    }
    let editor_area = ratatui::layout::Rect::new(inner.x, inner.y + 3, inner.width, editor_h);
    s.comment
        .draw(frame, editor_area, ratatui::style::Style::new(), true);
}

/// The sign-off dialog's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffState {
    /// Approve or return.
    pub decision: Decision,
    /// The comment.
    pub comment: Editor,
    /// Why the store refused, when it did.
    pub refused: Option<String>,
    /// The reviewer was told a decision is in force, and a second Ctrl-S replaces it.
    pub confirm_replace: bool,
}

/// Why the store would not sign, for the dialog: for a refused approval, the error findings
/// that block it and what to do, in the screen's language.
fn refusal(e: &ReviewError, lang: Lang) -> String {
    let ReviewError::Refused { unaccepted } = e else {
        return e.message(lang);
    };
    let list: Vec<String> = unaccepted.iter().map(|u| u.to_string()).collect();
    match lang {
        Lang::Zh => format!(
            "不能通过：{} 项错误既未接受也未解决：{}。请对每项按 a 写批注、按 r 改为已解决或予以接受，或选择退回修改。",
            unaccepted.len(),
            list.join("；")
        ),
        Lang::En => format!(
            "approval refused: {} error finding(s) neither accepted nor resolved: {}. Annotate each (a) and set it resolved or accepted (r), or return the report.",
            unaccepted.len(),
            list.join("; ")
        ),
    }
}

impl App {
    /// `s`: the sign-off dialog, on "return" while errors are unsettled.
    pub(super) fn start_signoff(&mut self) {
        self.overlay = Overlay::SignOff(SignOffState {
            decision: if !self.review.status.unaccepted_errors.is_empty() {
                Decision::Return
            } else {
                Decision::Approve
            },
            comment: Editor::new(""),
            refused: None,
            confirm_replace: false,
        })
    }

    /// Ctrl-S in the sign-off dialog: a return needs a comment; a decision in force is
    /// replaced only after a second Ctrl-S; the store may still refuse (approval with
    /// unsettled errors), and the dialog then says why.
    pub(super) fn sign(&mut self, mut s: SignOffState) -> Overlay {
        let comment = s.comment.text();
        if s.decision == Decision::Return && comment.trim().is_empty() {
            s.refused = Some(
                self.lang
                    .pick(
                        "退回修改须填写意见：请写明要改什么。",
                        "a return needs a comment: say what must change.",
                    )
                    .into(),
            );
            return Overlay::SignOff(s);
        }
        if let Some(earlier) = data::decision_in_force(&self.review.record)
            && !s.confirm_replace
        {
            let when = earlier
                .at
                .to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d");
            s.refused = Some(match self.lang {
                Lang::Zh => format!(
                    "已有决定：{}（{}，{when}）。再按 Ctrl-S 替换它（两者都留在历史和审核意见中），Esc 取消。",
                    earlier.decision.label(self.lang),
                    earlier.reviewer
                ),
                Lang::En => format!(
                    "a decision is in force: {} ({}, {when}). Ctrl-S again replaces it (both stay in the history and the memo); Esc cancels.",
                    earlier.decision.label(self.lang),
                    earlier.reviewer
                ),
            });
            s.confirm_replace = true;
            return Overlay::SignOff(s);
        }
        let request = SignRequest {
            decision: s.decision,
            comment: comment.trim(),
            reviewer: &self.reviewer,
            ruleset_version: &self.data.ruleset_version,
        };
        match data::sign(&self.review, &self.data, request, s.confirm_replace) {
            Ok(so) => {
                let ok = format!(
                    "{}{}",
                    self.lang.pick("已签署：", "signed off: "),
                    so.decision.label(self.lang)
                );
                self.after_store(Ok(()), &ok);
                Overlay::None
            }
            Err(e) => {
                s.refused = Some(refusal(&e, self.lang));
                s.confirm_replace = false;
                Overlay::SignOff(s)
            }
        }
    }
}
