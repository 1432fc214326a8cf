//! The review store: one record per report identity (agency + year) with its revisions,
//! annotations, sign-off and an append-only audit log, written atomically.
