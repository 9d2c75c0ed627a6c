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
//!   "base": { ... },                    the file's version those edits were made on
//!   "draft": {                          an open, unsaved form, if any
//!     "what": "Edit S-4",
//!     "form": "story S-4",              which form, for the UI that reopens it
//!     "focus": "Title",                 the field being typed in
//!     "fields": [ { "name": "Title", "text": "..." } ]   the fields typed into
//!   }
//! }
//! ```
//!
//! `product` (with its `base`) and `draft` are each left out when there is none. The base
//! is what makes the edits safe to bring back: they are merged three ways with the file
//! as it is by then, so changes others saved meanwhile stay.
//!
//! Reading one back ([`read`]) refuses, with the reason, a file that does not parse, is not
//! a recovery file, comes from a newer roadlog, or belongs to another document; the store
//! never deletes such a file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::model::Product;

/// Appended to the document's file name.
pub const RECOVERY_SUFFIX: &str = ".recovery";

/// The format version written in `roadlog_recovery`.
const VERSION: u32 = 1;

/// What to keep. The store knows no UI: a draft is named fields of text.
#[derive(Debug, Clone, Copy)]
pub struct Recovery<'a> {
    pub product: Option<&'a Product>,
    /// The bytes of the file version `product`'s edits were made on.
    pub base: Option<&'a [u8]>,
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
    /// Which form it was, in the UI's own words, so the UI can open the same one again;
    /// opaque to the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// The name of the field being typed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
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
    base: Option<Box<RawValue>>,
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
        // Copied in as written: the base must stay byte for byte the version it was.
        base: recovery.product.and(recovery.base).and_then(raw),
        draft: recovery.draft,
    };
    // Plain data into a Vec: cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `bytes` (a document as read from disk) as JSON to copy in verbatim; `None` if they are
/// not JSON, which a base that was loaded always is.
fn raw(bytes: &[u8]) -> Option<Box<RawValue>> {
    let text = std::str::from_utf8(bytes).ok()?;
    RawValue::from_string(text.trim_end().to_string()).ok()
}

/// A recovery file read back.
#[derive(Debug, Clone)]
pub struct Recovered {
    pub path: PathBuf,
    pub written: DateTime<Utc>,
    pub reason: String,
    /// The unsaved document and the bytes of the version it was based on: to be merged
    /// with the file as it is now.
    pub edits: Option<(Product, Vec<u8>)>,
    pub draft: Option<Draft>,
}

#[derive(Deserialize)]
struct Probe {
    roadlog_recovery: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Stored {
    document: PathBuf,
    written: DateTime<Utc>,
    #[serde(default)]
    reason: String,
    product: Option<Box<RawValue>>,
    base: Option<Box<RawValue>>,
    draft: Option<Draft>,
}

/// Reads the recovery file at `path`, which must belong to `document` (its real path); the
/// error says why it cannot be used.
pub fn read(path: &Path, document: &Path, bytes: &[u8]) -> Result<Recovered, String> {
    // Short reasons: the TUI shows them on its one-line footer.
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "it is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    match probe.roadlog_recovery.as_ref().and_then(|v| v.as_u64()) {
        None => return Err("it is not a roadlog recovery file".into()),
        Some(v) if v > u64::from(VERSION) => {
            return Err(format!("it is from a newer roadlog (format {v})"));
        }
        Some(_) => {}
    }
    let stored: Stored =
        serde_json::from_slice(bytes).map_err(|e| format!("it is incomplete ({e})"))?;
    if stored.document != document {
        return Err(format!(
            "it belongs to another document, {}",
            stored.document.display()
        ));
    }
    let edits = match (stored.product, stored.base) {
        (None, _) => None,
        (Some(_), None) => {
            return Err("its edits lack the version they were made on".into());
        }
        (Some(product), Some(base)) => {
            let product = super::codec::decode(path, product.get().as_bytes())
                .map_err(|e| format!("its document does not read ({e})"))?;
            // Written without the document's final newline (see `raw`).
            let mut base = base.get().as_bytes().to_vec();
            base.push(b'\n');
            Some((product, base))
        }
    };
    if edits.is_none() && stored.draft.is_none() {
        return Err("it holds nothing to restore".into());
    }
    Ok(Recovered {
        path: path.to_path_buf(),
        written: stored.written,
        reason: stored.reason,
        edits,
        draft: stored.draft,
    })
}

/// Whether `file_name` is one of the names recovery files of the document `document_name`
/// get: `NAME.recovery`, or `NAME-N.recovery` when that was taken. Its number (1 for the
/// first) orders them by age.
pub fn number(document_name: &str, file_name: &str) -> Option<u32> {
    let rest = file_name
        .strip_prefix(document_name)?
        .strip_suffix(RECOVERY_SUFFIX)?;
    if rest.is_empty() {
        return Some(1);
    }
    let n = rest.strip_prefix('-')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with('0') {
        return None;
    }
    n.parse().ok()
}
