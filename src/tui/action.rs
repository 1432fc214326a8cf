//! What a key asks for. Keys become actions in `keys.rs`; `App::update` carries them out.

/// A direction of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Up a row or line.
    Up,
    /// Down a row or line.
    Down,
    /// Left a column.
    Left,
    /// Right a column.
    Right,
}

/// Everything the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Move the cursor or the selection.
    Move(Dir),
    /// A screenful up.
    PageUp,
    /// A screenful down.
    PageDown,
    /// To the first row or line.
    Top,
    /// To the last row or line.
    Bottom,
    /// Focus the next pane.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    /// The next finding in the whole report.
    NextFinding,
    /// The previous finding.
    PrevFinding,
    /// The next changed cell.
    NextChange,
    /// The previous changed cell.
    PrevChange,
    /// Open (or close) the details of the cursor.
    Details,
    /// Annotate the cursor's cell or finding, or edit the selected note.
    Annotate,
    /// Set the selected note's state.
    SetState,
    /// Withdraw the selected note (it stays in the history).
    Withdraw,
    /// Say what a cell the machine could not read reads (the reviewer's reading).
    ReadCell,
    /// Sign the report off.
    SignOff,
    /// Write the review memo.
    Export,
    /// Search labels and text.
    Search,
    /// Show or hide the key help.
    Help,
    /// Switch between side-by-side and this-year-only tables.
    ToggleView,
    /// Close the dialog or overlay without doing anything.
    Cancel,
    /// Confirm the dialog (save the note, sign).
    Save,
    /// In a dialog: the next field or choice.
    NextField,
    /// Accept the highlighted choice of a list; in the inbox, open the report.
    Choose,
    /// Inbox: sort by the next key (agency, year, errors, state).
    Sort,
    /// Inbox: show only reports with errors, or all.
    FilterErrors,
    /// Inbox: show only reports without a sign-off in force, or all.
    FilterUnsigned,
    /// Inbox: find reports by agency (typed, narrowing as it is typed).
    Filter,
    /// A mouse click at a screen position (column, row).
    Click(u16, u16),
    /// The mouse wheel: up (`true`) or down, at a screen position.
    Wheel(bool, u16, u16),
}
