//! What both front ends call between them and the library, written once: a folder found and
//! paired ([`folder`]), a report loaded with its prior year and checked in one call
//! ([`loaded`]), the prior-year file found beside a report ([`beside`]), and one sort order
//! per key ([`order`]). The CLI and the TUI call this layer; nothing in the library below it
//! does (`read` → `parse` → `compare` → `rules` → `review` read no folders and pair nothing).

pub mod beside;
pub mod folder;
pub mod loaded;
pub mod order;

pub use beside::{candidate_files, find_prior_beside};
pub use folder::{Folder, Kept, identities, identities_keeping, identity};
pub use loaded::{Reviewed, checked, load, standing};
