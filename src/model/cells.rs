//! A report's cells by canonical id, stored by schema position.
//!
//! Every report holds every cell of its template, so the cells are a vector in form order
//! (no id stored per report, no tree searched to place a cell), and the rare cell outside the
//! schema (the 2019 form's single 其他处理 row read in a 2021 report, `apply.other.<col>`) sits
//! in a small map beside it. It reads like the `BTreeMap<String, Cell>` it replaced: looked up
//! by id, iterated in id order, serialized as a map in id order, so every output keyed by id
//! is unchanged.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::{Cell, Template};

/// Every cell of a report, by canonical id.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    template: Template,
    /// By position in the template's [`super::Schema::cells`]; `None` for a cell removed.
    slots: Vec<Option<Cell>>,
    /// Cells whose id is not in the template.
    beyond: BTreeMap<String, Cell>,
}

impl Cells {
    /// Every cell of a template, missing.
    pub fn missing(template: Template) -> Cells {
        Cells {
            template,
            // Built in place: cloning one missing cell per slot costs twice as much.
            slots: (0..template.schema().cells.len())
                .map(|_| Some(Cell::missing()))
                .collect(),
            beyond: BTreeMap::new(),
        }
    }

    /// The template whose positions these are.
    pub fn template(&self) -> Template {
        self.template
    }

    /// One cell by id.
    pub fn get(&self, id: &str) -> Option<&Cell> {
        match self.template.schema().position(id) {
            Some(p) => self.slots[p].as_ref(),
            None => self.beyond.get(id),
        }
    }

    /// One cell by id, to change.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Cell> {
        match self.template.schema().position(id) {
            Some(p) => self.slots[p].as_mut(),
            None => self.beyond.get_mut(id),
        }
    }

    /// The cell at a schema position (what a [`super::CellDef::position`] names).
    pub fn at(&self, position: usize) -> Option<&Cell> {
        self.slots.get(position)?.as_ref()
    }

    /// The cell at a schema position, to change.
    pub fn at_mut(&mut self, position: usize) -> Option<&mut Cell> {
        self.slots.get_mut(position)?.as_mut()
    }

    /// Set the cell at a schema position (nothing when there is no such position).
    pub fn put_at(&mut self, position: usize, cell: Cell) {
        if let Some(slot) = self.slots.get_mut(position) {
            *slot = Some(cell);
        }
    }

    /// Whether a cell of this id is held.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Set a cell, returning the one it replaced.
    pub fn insert(&mut self, id: impl Into<String> + AsRef<str>, cell: Cell) -> Option<Cell> {
        match self.template.schema().position(id.as_ref()) {
            Some(p) => self.slots[p].replace(cell),
            None => self.beyond.insert(id.into(), cell),
        }
    }

    /// Take a cell out.
    pub fn remove(&mut self, id: &str) -> Option<Cell> {
        match self.template.schema().position(id) {
            Some(p) => self.slots[p].take(),
            None => self.beyond.remove(id),
        }
    }

    /// How many cells are held.
    pub fn len(&self) -> usize {
        self.slots.iter().flatten().count() + self.beyond.len()
    }

    /// Whether no cell is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cells in schema position order (`None` where one was removed), without those
    /// beyond the schema: what reads every cell in form order (rules, JSON).
    pub fn by_position(&self) -> &[Option<Cell>] {
        &self.slots
    }

    /// Every cell with its id, in id order (as a map keyed by id iterates).
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            cells: self,
            ids: sorted_ids(self.template).iter(),
            beyond: self.beyond.iter().peekable(),
        }
    }

    /// The ids held, in id order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(id, _)| id)
    }

    /// The cells, in id order.
    pub fn values(&self) -> impl Iterator<Item = &Cell> {
        self.iter().map(|(_, c)| c)
    }

    /// Every cell, in no particular order: cheaper than [`Cells::values`] where the order
    /// does not matter (the schema's, then those beyond it).
    pub fn unordered(&self) -> impl Iterator<Item = &Cell> {
        self.slots.iter().flatten().chain(self.beyond.values())
    }

    /// Every cell, to change (in no particular order).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Cell> {
        self.slots
            .iter_mut()
            .flatten()
            .chain(self.beyond.values_mut())
    }
}

/// [`Cells::iter`]: the schema's ids in sorted order merged with the ids beyond it.
pub struct Iter<'a> {
    cells: &'a Cells,
    ids: std::slice::Iter<'static, (&'static str, usize)>,
    beyond: std::iter::Peekable<std::collections::btree_map::Iter<'a, String, Cell>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Cell);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let next_id = self.ids.as_slice().first();
            match (next_id, self.beyond.peek()) {
                (Some((id, _)), Some((other, _))) if other.as_str() < *id => {
                    return self.beyond.next().map(|(k, c)| (k.as_str(), c));
                }
                (Some(_), _) => {
                    let (id, p) = self.ids.next()?;
                    if let Some(c) = self.cells.slots[*p].as_ref() {
                        return Some((id, c));
                    }
                }
                (None, _) => return self.beyond.next().map(|(k, c)| (k.as_str(), c)),
            }
        }
    }
}

impl<'a> IntoIterator for &'a Cells {
    type Item = (&'a str, &'a Cell);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl std::ops::Index<&str> for Cells {
    type Output = Cell;

    fn index(&self, id: &str) -> &Cell {
        self.get(id)
            .unwrap_or_else(|| panic!("no cell {id} in the report"))
    }
}

impl Serialize for Cells {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (id, cell) in self {
            map.serialize_entry(id, cell)?;
        }
        map.end()
    }
}

/// A template's cell ids in sorted order, each with its schema position.
pub(super) fn sorted_ids(template: Template) -> &'static [(&'static str, usize)] {
    fn build(template: Template) -> Vec<(&'static str, usize)> {
        let schema = template.schema();
        let mut ids: Vec<(&str, usize)> = (schema.cells.iter().enumerate())
            .map(|(p, c)| (c.id.as_str(), p))
            .collect();
        ids.sort_unstable();
        ids
    }
    static V2019: LazyLock<Vec<(&str, usize)>> = LazyLock::new(|| build(Template::V2019));
    static V2021: LazyLock<Vec<(&str, usize)>> = LazyLock::new(|| build(Template::V2021));
    match template {
        Template::V2019 => &V2019,
        Template::V2021 => &V2021,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn reads_as_the_map_it_replaced() {
        for template in [Template::V2019, Template::V2021] {
            let mut map: BTreeMap<String, Cell> = template
                .schema()
                .cells
                .iter()
                .map(|c| (c.id.clone(), Cell::missing()))
                .collect();
            let mut cells = Cells::missing(template);
            let changes = [
                ("apply.new.total", Some(7)),
                ("apply.other.natural", Some(2)),
                ("apply.other.total", Some(3)),
                ("review.total.total", None),
                ("zz.beyond", Some(1)),
                ("a.beyond", Some(4)),
                ("apply.new.total", None),
            ];
            for (id, value) in changes {
                match value {
                    Some(v) => {
                        let cell = Cell::number(v.to_string(), Decimal::from(v), None);
                        assert_eq!(map.insert(id.into(), cell.clone()), cells.insert(id, cell));
                    }
                    None => assert_eq!(map.remove(id), cells.remove(id)),
                }
                let listed: Vec<(&str, &Cell)> = cells.iter().collect();
                let expected: Vec<(&str, &Cell)> =
                    map.iter().map(|(k, c)| (k.as_str(), c)).collect();
                assert_eq!(listed, expected);
                assert_eq!(cells.len(), map.len());
                assert_eq!(
                    serde_json::to_string(&cells).unwrap(),
                    serde_json::to_string(&map).unwrap()
                );
                for id in map.keys() {
                    assert_eq!(cells.get(id), map.get(id), "{id}");
                }
                assert_eq!(cells.get("nowhere"), None);
            }
        }
    }
}
