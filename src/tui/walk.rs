//! Walking the report: to a place (a cell or a section's text), to the next or previous
//! finding from the cursor (`n`/`N`), to the next or previous changed cell (`]`/`[`), and
//! from the overview into the row selected there.

use nianbao::SectionId;
use nianbao::model::TableId;

use super::app::{App, DetailItem, NavItem, Pane};
use super::data::Place;
use super::layout;

fn table_index(t: TableId) -> usize {
    match t {
        TableId::Active => 0,
        TableId::Apply => 1,
        TableId::Review => 2,
    }
}

impl App {
    pub(super) fn go_to(&mut self, place: Place) {
        match place {
            Place::Cell(t, row, col) => {
                self.select_item(NavItem::Table(t));
                let c = self.tables.cursor_mut(t);
                c.row = row;
                c.col = col;
            }
            Place::Section(s) => self.select_item(NavItem::Section(s)),
        }
        if self.focus == Pane::Nav {
            self.focus = Pane::Main;
        }
        self.detail.sel = 0;
    }

    /// Where the cursor is, in the order findings are walked: (section, table row, column),
    /// a section's text before its table.
    pub(super) fn cursor_key(&self) -> (usize, usize, usize, usize) {
        match self.item() {
            NavItem::Table(t) => {
                let c = self.cursor(t);
                (t.section().index(), 1, c.row, c.col)
            }
            NavItem::Section(s) => (s.index(), 0, 0, 0),
            // The start of the selected row.
            NavItem::Overview => match self.overview_item() {
                NavItem::Table(t) => (t.section().index(), 1, 0, 0),
                NavItem::Section(s) => (s.index(), 0, 0, 0),
                NavItem::Overview => (0, 0, 0, 0),
            },
        }
    }

    pub(super) fn place_key(p: Place) -> (usize, usize, usize, usize) {
        match p {
            Place::Cell(t, r, c) => (t.section().index(), 1, r, c),
            Place::Section(s) => (s.index(), 0, 0, 0),
        }
    }

    /// `n`/`N`: the next finding after the cursor (or the previous one before it); from the
    /// finding last reached when the cursor is still on it, so findings on one cell are each
    /// visited.
    pub(super) fn step_finding(&mut self, forward: bool) {
        let n = self.data.findings.len();
        if n == 0 {
            self.message = Some((
                self.lang
                    .pick("本报告没有发现问题", "no findings in this report")
                    .into(),
                false,
            ));
            return;
        }
        // From the overview, `n` goes to the finding selected there when it is in the row
        // selected, else to the row's first.
        let on_overview = self.item() == NavItem::Overview;
        if on_overview
            && forward
            && let Some(i) = self
                .finding
                .filter(|&i| super::overview_view::finding_in(self, i, self.overview_item()))
        {
            self.select_finding(i);
            return;
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| Self::place_key(self.data.place(&self.data.findings[i])));
        let here = self.cursor_key();
        let at_cursor = self
            .finding
            .filter(|_| !on_overview)
            .filter(|&i| Self::place_key(self.data.place(&self.data.findings[i])) == here)
            .and_then(|i| order.iter().position(|&x| x == i));
        let key = |k: usize| Self::place_key(self.data.place(&self.data.findings[order[k]]));
        let next = match (at_cursor, forward) {
            (Some(k), true) => (k + 1) % n,
            (Some(k), false) => (k + n - 1) % n,
            (None, true) => (0..n).find(|&k| key(k) >= here).unwrap_or(0),
            (None, false) => (0..n).rev().find(|&k| key(k) < here).unwrap_or(n - 1),
        };
        self.select_finding(order[next]);
    }

    /// Select a finding: the cursor on its cell or text, its counter in the footer.
    pub(super) fn select_finding(&mut self, i: usize) {
        self.finding = Some(i);
        let f = &self.data.findings[i];
        let place = self.data.place(f);
        let line = f.line;
        self.go_to(place);
        if let (Place::Section(s), Some(line)) = (place, line) {
            self.narrative.scroll[s.index()] = self.narrative_row_of_line(s, line);
        }
        // The detail pane's selection on this finding, so `a` and `r` act on it.
        let items = self.detail_items();
        self.detail.sel = items
            .iter()
            .position(|d| *d == DetailItem::Finding(i))
            .unwrap_or(0);
    }

    pub(super) fn narrative_row_of_line(&mut self, s: SectionId, line: usize) -> usize {
        let Some(start) = self.data.report.section(s).line else {
            return 0;
        };
        let logical = line.saturating_sub(start + 1);
        self.ensure_narrative(s);
        let a = layout::areas(self.size, self.detail.zoom);
        super::narrative_view::row_of_line(self, s, a.main, logical)
    }

    pub(super) fn step_change(&mut self, forward: bool) {
        let mut changed: Vec<Place> = self
            .data
            .deltas
            .iter()
            .filter(|(_, (_, d))| !d.is_zero())
            .filter_map(|(id, _)| self.data.grids.position(id))
            .map(|(t, r, c)| Place::Cell(t, r, c))
            .collect();
        changed.sort_by_key(|p| match *p {
            Place::Cell(t, r, c) => (table_index(t), r, c),
            Place::Section(_) => (0, 0, 0),
        });
        if changed.is_empty() {
            self.message = Some((
                self.lang
                    .pick(
                        "与上年相比没有变化的单元格",
                        "no cell changed since last year",
                    )
                    .into(),
                false,
            ));
            return;
        }
        let item = match self.item() {
            NavItem::Overview => self.overview_item(),
            other => other,
        };
        let here = match item {
            NavItem::Overview => (0, 0, 0),
            NavItem::Table(t) => {
                let c = self.cursor(t);
                (table_index(t), c.row, c.col)
            }
            NavItem::Section(s) => match s.index() {
                0 | 1 => (0, 0, 0),
                2 => (1, 0, 0),
                3 => (2, 0, 0),
                _ => (3, 0, 0),
            },
        };
        let key = |p: &Place| match *p {
            Place::Cell(t, r, c) => (table_index(t), r, c),
            Place::Section(_) => (0, 0, 0),
        };
        let on_table = matches!(self.item(), NavItem::Table(_));
        if self.item() == NavItem::Overview {
            self.focus = Pane::Main;
        }
        let target = if forward {
            changed
                .iter()
                .find(|p| key(p) > here || (!on_table && key(p) >= here))
                .or(changed.first())
        } else {
            changed
                .iter()
                .rev()
                .find(|p| key(p) < here)
                .or(changed.last())
        };
        if let Some(p) = target.copied() {
            self.go_to(p);
        }
    }

    /// `Enter` on the overview: into the selected section or table, on the finding selected
    /// when it is there.
    pub(super) fn enter_overview_row(&mut self) {
        if self.item() != NavItem::Overview {
            return;
        }
        let row = self.overview_item();
        match self.finding {
            Some(i) if super::overview_view::finding_in(self, i, row) => self.select_finding(i),
            _ => {
                self.select_item(row);
                self.focus = Pane::Main;
                self.detail.sel = 0;
            }
        }
    }
}
