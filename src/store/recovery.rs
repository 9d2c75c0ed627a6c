//! The recovery file: what a program could not save before it had to stop (a lock never
//! released, a full disk, a file changed by someone else, a dropped terminal), kept beside
//! the document so that nothing typed is lost. It is never the document itself: the next
//! start reads it and offers it back.
//!
//! Its name is the document's with `.recovery` appended (`roadlog.json.recovery`), or, when
//! that exists already, `roadlog.json-2.recovery`, `-3`, ... so an earlier one is never
//! replaced. It holds one JSON object:
//!
//! ```text
//! {
//!   "roadlog_recovery": 1,              the format's version
//!   "document": "/home/po/roadlog.json", the file it belongs to
//!   "written": "2026-11-23T12:00:00Z",
//!   "reason": "waiting for the lock held by pid 4242",
//!   "product": { ... },                 the unsaved document, as it would have been saved
//!   "draft": {                          an open, unsaved form, if any
//!     "what": "Edit S-4",
//!     "fields": [ { "name": "title", "text": "..." } ]
//!   }
//! }
//! ```
//!
//! `product` and `draft` are each left out when there is none.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Product;

/// Appended to the document's file name.
pub const RECOVERY_SUFFIX: &str = ".recovery";

/// The format version written in `roadlog_recovery`.
const VERSION: u32 = 1;

/// What to keep. The store knows no UI: a draft is named fields of text.
#[derive(Debug, Clone, Copy)]
pub struct Recovery<'a> {
    pub product: Option<&'a Product>,
    pub draft: Option<&'a Draft>,
    /// Why it could not be saved, in words for the person who finds the file.
    pub reason: &'a str,
    pub written: DateTime<Utc>,
}

/// A form being typed that was never saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// What the form was for ("New story", "Edit S-4").
    pub what: String,
    pub fields: Vec<DraftField>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftField {
    pub name: String,
    pub text: String,
}

#[derive(Serialize)]
struct File<'a> {
    roadlog_recovery: u32,
    document: &'a Path,
    written: DateTime<Utc>,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<&'a Product>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<&'a Draft>,
}

/// The file's bytes for `document`.
pub fn encode(document: &Path, recovery: &Recovery) -> Vec<u8> {
    let file = File {
        roadlog_recovery: VERSION,
        document,
        written: recovery.written,
        reason: recovery.reason,
        product: recovery.product,
        draft: recovery.draft,
    };
    // Plain data into a Vec: cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
