//! The key bindings, as data in one place: the handlers look keys up here, and the footer
//! hints and the `?` overlay are generated from the same table, so they never drift.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Dir};

/// Where the user is: which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// The navigator (sections and tables).
    Nav,
    /// The table view.
    Table,
    /// The narrative view.
    Narrative,
    /// The detail pane.
    Detail,
    /// The annotation editor.
    Editor,
    /// The sign-off dialog.
    SignOff,
    /// The search prompt.
    Search,
    /// The help overlay.
    Help,
    /// The inbox's list of reports.
    Inbox,
    /// The overview of counts the reviewer opens on.
    Overview,
    /// The reviewer's reading of a cell.
    Reading,
    /// The inbox's agency filter being typed.
    InboxFilter,
}

impl Ctx {
    /// Whether typed characters go into a text field here (so plain letters are not commands).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Ctx::Editor | Ctx::SignOff | Ctx::Search | Ctx::Reading | Ctx::InboxFilter
        )
    }

    /// The heading of the context's keys in the help overlay.
    pub fn title(self, lang: nianbao::Lang) -> &'static str {
        match self {
            Ctx::Nav => lang.pick("导航栏", "Navigator"),
            Ctx::Table => lang.pick("表格", "Table"),
            Ctx::Narrative => lang.pick("正文对照", "Narrative"),
            Ctx::Detail => lang.pick("详情", "Details"),
            Ctx::Editor => lang.pick("批注编辑", "Note editor"),
            Ctx::SignOff => lang.pick("审核签署", "Sign-off"),
            Ctx::Search => lang.pick("搜索", "Search"),
            Ctx::Help => lang.pick("帮助", "Help"),
            Ctx::Inbox => lang.pick("收件箱", "Inbox"),
            Ctx::Overview => lang.pick("总览", "Summary"),
            Ctx::Reading => lang.pick("审核人读数", "Reviewer's reading"),
            Ctx::InboxFilter => lang.pick("按机关筛选", "Agency filter"),
        }
    }
}

/// A key, with the modifiers that matter (Shift is implied by an upper-case letter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl or Alt, when required.
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// Whether a key event is this key. Shift is ignored (it is part of the character or of
    /// `BackTab`); Ctrl and Alt must match.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        let code_eq = match (self.code, ev.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                a == b || (self.mods.contains(KeyModifiers::CONTROL) && a == b.to_ascii_lowercase())
            }
            (a, b) => a == b,
        };
        code_eq && (ev.modifiers & relevant) == (self.mods & relevant)
    }
}

/// One binding: the keys, what they do, how the help and footer describe it, and where.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Keys that trigger it.
    pub keys: &'static [Key],
    /// How the keys are written in the help and footer (ASCII, so it aligns everywhere).
    pub label: &'static str,
    /// What it does.
    pub action: Action,
    /// Description, Chinese.
    pub does: &'static str,
    /// Description, English.
    pub does_en: &'static str,
    /// Where it applies.
    pub ctx: &'static [Ctx],
    /// Shown in the footer (the rest only in the help overlay).
    pub footer: bool,
}

const MAIN: &[Ctx] = &[
    Ctx::Nav,
    Ctx::Table,
    Ctx::Narrative,
    Ctx::Detail,
    Ctx::Overview,
];
/// The panes of a report, the overview aside.
const PANES: &[Ctx] = &[Ctx::Nav, Ctx::Table, Ctx::Narrative, Ctx::Detail];
const MAIN_AND_INBOX: &[Ctx] = &[
    Ctx::Nav,
    Ctx::Table,
    Ctx::Narrative,
    Ctx::Detail,
    Ctx::Overview,
    Ctx::Inbox,
];
const MOVE: &[Ctx] = &[
    Ctx::Nav,
    Ctx::Table,
    Ctx::Narrative,
    Ctx::Detail,
    Ctx::Overview,
    Ctx::Help,
    Ctx::Inbox,
];

/// Every binding of the program.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[code(KeyCode::Up), k('k')],
        label: "Up/k",
        action: Action::Move(Dir::Up),
        does: "上移",
        does_en: "up",
        ctx: MOVE,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Down), k('j')],
        label: "Down/j",
        action: Action::Move(Dir::Down),
        does: "下移",
        does_en: "down",
        ctx: MOVE,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Left), k('h')],
        label: "Left/h",
        action: Action::Move(Dir::Left),
        does: "左移（宽表横向滚动）",
        does_en: "left (scrolls wide tables)",
        ctx: &[Ctx::Nav, Ctx::Table],
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Right), k('l')],
        label: "Right/l",
        action: Action::Move(Dir::Right),
        does: "右移",
        does_en: "right",
        ctx: &[Ctx::Nav, Ctx::Table],
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::PageUp), ctrl('u')],
        label: "PgUp",
        action: Action::PageUp,
        does: "上翻一页",
        does_en: "page up",
        ctx: MOVE,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::PageDown), ctrl('d')],
        label: "PgDn",
        action: Action::PageDown,
        does: "下翻一页",
        does_en: "page down",
        ctx: MOVE,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Home), k('g')],
        label: "Home/g",
        action: Action::Top,
        does: "到顶",
        does_en: "to the top",
        ctx: MAIN_AND_INBOX,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::End), k('G')],
        label: "End/G",
        action: Action::Bottom,
        does: "到底",
        does_en: "to the bottom",
        ctx: MAIN_AND_INBOX,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Tab)],
        label: "Tab",
        action: Action::NextPane,
        does: "切换窗格",
        does_en: "next pane",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::BackTab)],
        label: "S-Tab",
        action: Action::PrevPane,
        does: "上一窗格",
        does_en: "previous pane",
        ctx: MAIN,
        footer: false,
    },
    Binding {
        keys: &[k('n')],
        label: "n/N",
        action: Action::NextFinding,
        does: "下/上一问题",
        does_en: "next/prev finding",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[k('N')],
        label: "n/N",
        action: Action::PrevFinding,
        does: "下/上一问题",
        does_en: "next/prev finding",
        ctx: MAIN,
        footer: false,
    },
    Binding {
        keys: &[k(']')],
        label: "]/[",
        action: Action::NextChange,
        does: "下/上一变化",
        does_en: "next/prev change",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[k('[')],
        label: "]/[",
        action: Action::PrevChange,
        does: "下/上一变化",
        does_en: "next/prev change",
        ctx: MAIN,
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Choose,
        does: "进入所选",
        does_en: "open the selected",
        ctx: &[Ctx::Overview],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Details,
        does: "详情",
        does_en: "details",
        ctx: PANES,
        footer: true,
    },
    Binding {
        keys: &[k('a')],
        label: "a",
        action: Action::Annotate,
        does: "批注",
        does_en: "annotate",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[k('r')],
        label: "r",
        action: Action::SetState,
        does: "批注状态",
        does_en: "note state",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[k('d')],
        label: "d",
        action: Action::Withdraw,
        does: "撤回批注",
        does_en: "withdraw note",
        ctx: MAIN,
        footer: false,
    },
    Binding {
        keys: &[k('i')],
        label: "i",
        action: Action::ReadCell,
        does: "录入读数（无法识别或有歧义的单元格）",
        does_en: "read a cell the machine could not",
        ctx: &[Ctx::Table, Ctx::Detail],
        footer: false,
    },
    Binding {
        keys: &[k('s')],
        label: "s",
        action: Action::SignOff,
        does: "签署",
        does_en: "sign off",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[k('e')],
        label: "e",
        action: Action::Export,
        does: "导出意见",
        does_en: "export memo",
        ctx: MAIN,
        footer: false,
    },
    Binding {
        keys: &[k('/')],
        label: "/",
        action: Action::Search,
        does: "搜索",
        does_en: "search",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[k('v')],
        label: "v",
        action: Action::ToggleView,
        does: "并排/仅本年",
        does_en: "split/this year only",
        ctx: &[Ctx::Nav, Ctx::Table, Ctx::Narrative, Ctx::Detail],
        footer: false,
    },
    Binding {
        keys: &[k('?')],
        label: "?",
        action: Action::Help,
        does: "帮助",
        does_en: "help",
        ctx: &[
            Ctx::Nav,
            Ctx::Table,
            Ctx::Narrative,
            Ctx::Detail,
            Ctx::Overview,
            Ctx::Help,
            Ctx::Inbox,
        ],
        footer: true,
    },
    Binding {
        keys: &[k('q')],
        label: "q",
        action: Action::Quit,
        does: "退出",
        does_en: "quit",
        ctx: MAIN,
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Choose,
        does: "打开审核",
        does_en: "review it",
        ctx: &[Ctx::Inbox],
        footer: true,
    },
    Binding {
        keys: &[k('o')],
        label: "o",
        action: Action::Sort,
        does: "换排序",
        does_en: "next sort",
        ctx: &[Ctx::Inbox],
        footer: true,
    },
    Binding {
        keys: &[k('f')],
        label: "f",
        action: Action::FilterErrors,
        does: "仅有错误",
        does_en: "errors only",
        ctx: &[Ctx::Inbox],
        footer: true,
    },
    Binding {
        keys: &[k('u')],
        label: "u",
        action: Action::FilterUnsigned,
        does: "仅未签署",
        does_en: "unsigned only",
        ctx: &[Ctx::Inbox],
        footer: true,
    },
    Binding {
        keys: &[k('/')],
        label: "/",
        action: Action::Filter,
        does: "按机关筛选",
        does_en: "find an agency",
        ctx: &[Ctx::Inbox],
        footer: true,
    },
    Binding {
        keys: &[k('q')],
        label: "q",
        action: Action::Quit,
        does: "退出",
        does_en: "quit",
        ctx: &[Ctx::Inbox],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Choose,
        does: "完成筛选",
        does_en: "keep the filter",
        ctx: &[Ctx::InboxFilter],
        footer: true,
    },
    Binding {
        keys: &[ctrl('s')],
        label: "Ctrl-S",
        action: Action::Save,
        does: "保存",
        does_en: "save",
        ctx: &[Ctx::Editor, Ctx::SignOff, Ctx::Reading],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Tab)],
        label: "Tab",
        action: Action::NextField,
        does: "通过/退回",
        does_en: "approve/return",
        ctx: &[Ctx::SignOff],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Tab)],
        label: "Tab",
        action: Action::NextField,
        does: "读数/说明",
        does_en: "value/why",
        ctx: &[Ctx::Reading],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Up)],
        label: "Up/Down",
        action: Action::Move(Dir::Up),
        does: "选候选读法",
        does_en: "pick a candidate",
        ctx: &[Ctx::Reading],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Down)],
        label: "Up/Down",
        action: Action::Move(Dir::Down),
        does: "选候选读法",
        does_en: "pick a candidate",
        ctx: &[Ctx::Reading],
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        label: "Enter",
        action: Action::Choose,
        does: "选定",
        does_en: "choose",
        ctx: &[Ctx::Search],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Up)],
        label: "Up/Down",
        action: Action::Move(Dir::Up),
        does: "选择结果",
        does_en: "pick a match",
        ctx: &[Ctx::Search],
        footer: true,
    },
    Binding {
        keys: &[code(KeyCode::Down)],
        label: "Up/Down",
        action: Action::Move(Dir::Down),
        does: "选择结果",
        does_en: "pick a match",
        ctx: &[Ctx::Search],
        footer: false,
    },
    Binding {
        keys: &[code(KeyCode::Esc)],
        label: "Esc",
        action: Action::Cancel,
        does: "取消/关闭",
        does_en: "cancel/close",
        ctx: &[
            Ctx::Editor,
            Ctx::SignOff,
            Ctx::Search,
            Ctx::Reading,
            Ctx::InboxFilter,
            Ctx::Help,
            Ctx::Detail,
        ],
        footer: true,
    },
    Binding {
        keys: &[k('q')],
        label: "q",
        action: Action::Cancel,
        does: "关闭",
        does_en: "close",
        ctx: &[Ctx::Help],
        footer: false,
    },
    Binding {
        keys: &[ctrl('c')],
        label: "Ctrl-C",
        action: Action::Quit,
        does: "立即退出（未保存的输入丢弃）",
        does_en: "quit now (unsaved input is dropped)",
        ctx: &[
            Ctx::Nav,
            Ctx::Table,
            Ctx::Narrative,
            Ctx::Detail,
            Ctx::Editor,
            Ctx::SignOff,
            Ctx::Search,
            Ctx::Reading,
            Ctx::Overview,
            Ctx::InboxFilter,
            Ctx::Help,
            Ctx::Inbox,
        ],
        footer: false,
    },
];

/// The action a key asks for in a context, if any. In a text field, plain characters are
/// text, so only keys with Ctrl or special keys are looked up.
pub fn action_for(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
    if ctx.takes_text()
        && matches!(ev.code, KeyCode::Char(_))
        && !ev.modifiers.contains(KeyModifiers::CONTROL)
    {
        return None;
    }
    BINDINGS
        .iter()
        .filter(|b| b.ctx.contains(&ctx))
        .find(|b| b.keys.iter().any(|key| key.matches(ev)))
        .map(|b| b.action)
}

/// The bindings the footer shows in a context, in table order.
pub fn footer(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.footer && b.ctx.contains(&ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn letters_are_commands_on_screens_and_text_in_fields() {
        let n = ev(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(action_for(Ctx::Table, &n), Some(Action::NextFinding));
        assert_eq!(action_for(Ctx::Editor, &n), None);
        let big_n = ev(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Ctx::Table, &big_n), Some(Action::PrevFinding));
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_ctrl_s_saves_in_dialogs() {
        let cc = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for ctx in [
            Ctx::Table,
            Ctx::Editor,
            Ctx::SignOff,
            Ctx::Help,
            Ctx::Search,
        ] {
            assert_eq!(action_for(ctx, &cc), Some(Action::Quit), "{ctx:?}");
        }
        let cs = ev(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(action_for(Ctx::Editor, &cs), Some(Action::Save));
        assert_eq!(action_for(Ctx::Table, &cs), None);
    }

    #[test]
    fn shift_tab_changes_pane_backwards() {
        let bt = ev(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action_for(Ctx::Table, &bt), Some(Action::PrevPane));
    }
}
