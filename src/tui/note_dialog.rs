//! The note editor popup (`a`).

use ratatui::Frame;

use nianbao::Lang;

use super::app::App;
use super::editor::Editor;
use super::popup;
use super::text;
use nianbao::review::Target;
use nianbao::review::{AnnotationId, AnnotationState};

use super::app::{DetailItem, NavItem, Overlay, Pane};
use super::data;

fn target_name(app: &App, target: &EditTarget) -> String {
    let lang = app.lang;
    match target {
        EditTarget::Existing(id) => format!("{} {id}", lang.pick("修改批注", "edit note")),
        EditTarget::New(Target::Cell { id }) => {
            let name = app
                .data
                .report
                .schema()
                .cell(id)
                .map(|d| match lang {
                    Lang::Zh => format!("{} · {}", d.row_label, d.column_label),
                    Lang::En => format!("{} · {}", d.row_label_en, d.column_label_en),
                })
                .unwrap_or_else(|| id.clone());
            format!("{}{name}", lang.pick("批注单元格：", "note on cell: "))
        }
        EditTarget::New(Target::Finding { rule, .. }) => {
            format!("{}{rule}", lang.pick("批注问题：", "note on finding: "))
        }
        EditTarget::New(Target::Section { id: s }) => match lang {
            Lang::Zh => format!("批注第{}部分", s.numeral()),
            Lang::En => format!("note on section {}", s.index() + 1),
        },
    }
}

/// The findings a note settles when accepted or resolved (`spec/review-states.md`): the
/// finding it targets, or every finding naming the cell it targets.
pub fn covered(app: &App, target: &EditTarget) -> Vec<usize> {
    let target = match target {
        EditTarget::New(t) => Some(t.clone()),
        EditTarget::Existing(id) => app.review.record.annotation(*id).map(|a| a.target.clone()),
    };
    let findings = &app.data.findings;
    match target {
        Some(Target::Finding { fingerprint, .. }) => (0..findings.len())
            .filter(|&i| findings[i].fingerprint == fingerprint)
            .collect(),
        Some(Target::Cell { id }) => (0..findings.len())
            .filter(|&i| {
                findings[i].cells.contains(&id) || findings[i].suspect.as_deref() == Some(&id)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn covers_line(app: &App, target: &EditTarget) -> String {
    let lang = app.lang;
    let list: Vec<String> = covered(app, target)
        .into_iter()
        .map(|i| {
            let f = &app.data.findings[i];
            format!("{} {}", app.theme.severity_mark(f.severity), f.rule)
        })
        .collect();
    if list.is_empty() {
        return lang
            .pick("此批注不涉及任何问题", "this note covers no finding")
            .into();
    }
    match lang {
        Lang::Zh => format!(
            "此批注涵盖 {} 项问题（改为已解决或予以接受即了结）：{}",
            list.len(),
            list.join("、")
        ),
        Lang::En => format!(
            "covers {} finding(s) (settled when resolved or accepted): {}",
            list.len(),
            list.join(", ")
        ),
    }
}

/// Draw the note editor.
pub fn draw_editor(frame: &mut Frame, app: &App, editor: &Editor, target: &EditTarget) {
    let t = app.theme;
    let area = popup::centered(frame.area(), 72, 12);
    popup::clear(frame, area);
    let title = format!(
        " {} {} ",
        target_name(app, target),
        app.lang
            .pick("（Ctrl-S 保存，Esc 取消）", "(Ctrl-S saves, Esc cancels)")
    );
    let block = t.dialog_block(
        text::truncate(&title, area.width.saturating_sub(2) as usize, t.ascii).into_owned(),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 3 {
        editor.draw(frame, inner, ratatui::style::Style::new(), true);
        return;
    }
    let covers = text::wrap(&covers_line(app, target), inner.width as usize);
    let n = covers.len().min(2) as u16;
    for (i, l) in covers.iter().take(n as usize).enumerate() {
        frame.buffer_mut().set_stringn(
            inner.x,
            inner.y + i as u16,
            l,
            inner.width as usize,
            t.dim(),
        );
    }
    let rest = ratatui::layout::Rect::new(inner.x, inner.y + n, inner.width, inner.height - n);
    editor.draw(frame, rest, ratatui::style::Style::new(), true);
}

/// What the annotation editor writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A new note on a target.
    New(Target),
    /// An existing note, by id.
    Existing(AnnotationId),
}

impl App {
    pub(super) fn start_annotation(&mut self) {
        // From the overview, the note is written where the finding selected there is, so
        // the screen shows what it is on and `r` finds it next.
        if self.item() == NavItem::Overview {
            let chosen = match self.detail_items().get(self.detail.sel) {
                Some(DetailItem::Finding(i)) if self.focus == Pane::Detail => Some(*i),
                _ => self
                    .finding
                    .filter(|&i| super::overview_view::finding_in(self, i, self.overview_item())),
            };
            if let Some(i) = chosen {
                self.select_finding(i);
            }
        }
        let items = self.detail_items();
        let target = if self.focus == Pane::Detail {
            match items.get(self.detail.sel) {
                Some(DetailItem::Note(id)) => {
                    let text = self
                        .review
                        .record
                        .annotation(*id)
                        .map(|a| a.text.clone())
                        .unwrap_or_default();
                    self.overlay = Overlay::Editor(Editor::new(&text), EditTarget::Existing(*id));
                    return;
                }
                Some(DetailItem::Finding(i)) => Some(Target::finding(&self.data.findings[*i])),
                None => None,
            }
        } else {
            None
        };
        let target = target.or_else(|| {
            // The finding reached with n/N, when the cursor is still on it.
            self.finding.and_then(|i| {
                items
                    .contains(&DetailItem::Finding(i))
                    .then(|| Target::finding(&self.data.findings[i]))
            })
        });
        let target = target.or_else(|| match self.item() {
            NavItem::Table(_) => self.cursor_cell().map(|id| Target::Cell { id }),
            NavItem::Section(s) => Some(Target::Section { id: s }),
            NavItem::Overview => None,
        });
        match target {
            Some(t) => self.overlay = Overlay::Editor(Editor::new(""), EditTarget::New(t)),
            None if self.item() == NavItem::Overview => {
                self.message = Some((
                    self.lang
                        .pick(
                            "总览中无可批注之处：按 n 到问题或按 Enter 进入表格后再按 a",
                            "nothing to annotate on the overview: n to a finding, or Enter a table, then a",
                        )
                        .into(),
                    true,
                ))
            }
            None => {}
        }
    }

    /// The note `r` and `d` act on: the selected one in the detail pane, else the only note
    /// listed there. With several notes and none selected, nothing (the user is told to pick).
    pub(super) fn selected_note(&mut self) -> Option<AnnotationId> {
        let items = self.detail_items();
        let on_finding = match items.get(self.detail.sel) {
            Some(DetailItem::Note(id)) => return Some(*id),
            Some(DetailItem::Finding(i)) => Some(Target::finding(&self.data.findings[*i])),
            None => None,
        };
        let mut notes: Vec<AnnotationId> = items
            .iter()
            .filter_map(|i| match i {
                DetailItem::Note(id) => Some(*id),
                DetailItem::Finding(_) => None,
            })
            .collect();
        // On a selected finding, its own notes come first: one of them is meant.
        if let Some(t) = on_finding {
            let own: Vec<AnnotationId> = notes
                .iter()
                .copied()
                .filter(|id| {
                    self.review
                        .record
                        .annotation(*id)
                        .is_some_and(|a| a.target == t)
                })
                .collect();
            if !own.is_empty() {
                notes = own;
            }
        }
        let msg = match notes.len() {
            1 => return Some(notes[0]),
            0 => self.lang.pick(
                "这里还没有批注：先按 a 写批注",
                "no note here: press a to write one",
            ),
            _ => self.lang.pick(
                "这里有多条批注：按 Tab 到详情栏，用上下键选中一条",
                "several notes here: Tab to the details and pick one with Up/Down",
            ),
        };
        self.message = Some((msg.into(), true));
        None
    }

    /// `r`: move the selected note to its next state, open → resolved → accepted → open,
    /// saved at once.
    pub(super) fn cycle_state(&mut self) {
        let Some(note) = self
            .selected_note()
            .and_then(|id| self.review.record.annotation(id))
        else {
            return;
        };
        let (id, state) = (note.id, data::next_state(note.state));
        let result = self
            .review
            .store
            .set_state(&self.data.report, id, state, &self.reviewer);
        let ok = match self.lang {
            Lang::Zh => format!("批注 {id} 状态改为：{}", state.label(self.lang)),
            Lang::En => format!("note {id} is now {}", state.label(self.lang)),
        };
        self.after_store(result, &ok);
    }

    /// `d`: withdraw the selected note; it stays in the record's history.
    pub(super) fn withdraw_note(&mut self) {
        let Some(id) = self.selected_note() else {
            return;
        };
        let result = data::withdraw(&self.review, &self.data, id, &self.reviewer);
        let ok = match self.lang {
            Lang::Zh => format!("批注 {id} 已撤回（保留在历史中）"),
            Lang::En => format!("note {id} withdrawn (kept in the history)"),
        };
        self.after_store(result, &ok);
    }

    pub(super) fn save_note(&mut self, e: Editor, target: EditTarget) -> Overlay {
        if e.is_blank() {
            self.message = Some((
                self.lang
                    .pick("批注为空，未保存", "empty note: not saved")
                    .into(),
                true,
            ));
            return Overlay::Editor(e, target);
        }
        let text = e.text();
        let mut new_id = None;
        let result = match &target {
            EditTarget::New(t) => self
                .review
                .store
                .annotate(
                    &self.data.report,
                    t.clone(),
                    text.trim_end(),
                    AnnotationState::Open,
                    &self.reviewer,
                )
                .map(|id| new_id = Some(id)),
            EditTarget::Existing(id) => self.review.store.edit_annotation(
                &self.data.report,
                *id,
                text.trim_end(),
                &self.reviewer,
            ),
        };
        let ok = result.is_ok();
        self.after_store(result, self.lang.pick("批注已保存", "note saved"));
        // The new note is selected: `r` and `d` act on it next.
        if let Some(id) = new_id
            && let Some(p) = self
                .detail_items()
                .iter()
                .position(|d| *d == DetailItem::Note(id))
        {
            self.detail.sel = p;
        }
        if ok {
            Overlay::None
        } else {
            Overlay::Editor(e, target)
        }
    }
}
