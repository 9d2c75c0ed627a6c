//! Bytes to product and back. Saving is canonical (pretty JSON, fields in a fixed order,
//! a final newline), so an unchanged product saves byte-for-byte the same and git diffs show
//! only what changed. Loading detects merge conflicts, foreign files and newer schemas
//! before serde does, so the message says what the file really is.

mod parallel;
mod stream;

use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::StoreError;
use crate::model::{Conflict, Problem, Product, SCHEMA_VERSION};
pub(super) use stream::{Layout, Streamed};

pub fn encode(product: &Product) -> Vec<u8> {
    // Serialising plain data structs into a Vec cannot fail: no I/O, string keys only.
    let mut bytes = serde_json::to_vec_pretty(product).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

pub fn decode(path: &Path, bytes: &[u8]) -> Result<Product, StoreError> {
    // One full parse in the common case (a sound file of this version): the schema probe
    // costs as much as a parse on a large file, so it runs first only for files that are not
    // objects, and after a failed parse, to say what the file is rather than what broke.
    refuse_non_object(path, bytes)?;
    match parse(bytes) {
        Ok(mut product) => {
            check_schema(path, u64::from(product.schema()))?;
            product.repair_counters();
            Ok(product)
        }
        Err(e) => {
            // Conflict markers never parse as JSON, so the scan for them (50 ms at 100k
            // stories) waits for a failed parse.
            refuse_conflict_markers(path, bytes)?;
            check_schema(path, read_schema(path, bytes)?)?;
            Err(parse_error(path, &e))
        }
    }
}

/// [`decode`] of the file `source` yields, read in windows and never held whole
/// (`stream.rs`), with its digest and where its stories lie. `None` where that read cannot
/// prove the product the same as `decode`'s, or `decode` would fail: the caller then reads
/// and decodes the file whole, for the same product or the same error.
pub(super) fn decode_streamed(source: impl Read, max_bytes: u64) -> Option<Streamed> {
    let mut streamed = stream::read(source, max_bytes)?;
    check_schema(Path::new(""), u64::from(streamed.product.schema())).ok()?;
    streamed.product.repair_counters();
    Some(streamed)
}

/// What a check tells of a document: its broken rules and its open merge conflicts.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub problems: Vec<Problem>,
    pub conflicts: Vec<Conflict>,
}

/// [`decode`] and then [`Product::problems`], for a check: the same errors, the same
/// problems, but the stories of a large file in canonical layout are judged piece by piece
/// on all cores and never held all at once, so the check's memory is about the file's.
pub fn judge(path: &Path, bytes: &[u8]) -> Result<Checked, StoreError> {
    refuse_non_object(path, bytes)?;
    if let Some((skeleton, problems)) = std::str::from_utf8(bytes).ok().and_then(parallel::judge) {
        check_schema(path, u64::from(skeleton.schema()))?;
        return Ok(Checked {
            problems,
            conflicts: skeleton.conflicts().to_vec(),
        });
    }
    let product = decode(path, bytes)?;
    Ok(Checked {
        problems: product.problems(),
        conflicts: product.conflicts().to_vec(),
    })
}

/// Checks UTF-8 once for the whole file, which is quicker than serde_json checking each
/// string on its own (15% of a load). A file that is not UTF-8 goes to the checking parser,
/// whose error names the line. A large backlog is read on all cores where its layout allows
/// (`parallel`); whatever that path does not prove sound is parsed whole, as before.
fn parse(bytes: &[u8]) -> serde_json::Result<Product> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parallel::parse(text).map_or_else(|| serde_json::from_str(text), Ok),
        Err(_) => serde_json::from_slice(bytes),
    }
}

/// Schema 1 is the first released shape, so nothing older exists yet. A future change of
/// shape raises SCHEMA_VERSION and adds an upgrade step in `decode`, from the older `Value`.
fn check_schema(path: &Path, schema: u64) -> Result<(), StoreError> {
    if schema == 0 {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: "its 'schema' is 0, not a version number".to_string(),
        });
    }
    if schema > u64::from(SCHEMA_VERSION) {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: schema,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Reads only the `schema` field, so a foreign JSON file is named as such rather than
/// reported as a missing field somewhere deep inside.
fn read_schema(path: &Path, bytes: &[u8]) -> Result<u64, StoreError> {
    #[derive(Deserialize)]
    struct Probe {
        schema: Option<Value>,
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| parse_error(path, &e))?;
    match probe.schema {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => Ok(n.as_u64().unwrap_or(1)),
        Some(other) => Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: format!("its 'schema' is {other}, not a version number"),
        }),
        None => Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: "it has no 'schema' field".to_string(),
        }),
    }
}

/// serde reads a struct from an array too, so `[5]` would pass for schema 5: anything but an
/// object is named for what it is.
fn refuse_non_object(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        refuse_conflict_markers(path, bytes)?;
        let value: Value = serde_json::from_slice(bytes).map_err(|e| parse_error(path, &e))?;
        let what = match value {
            Value::Array(_) => "a JSON array",
            Value::String(_) => "a JSON string",
            Value::Number(_) => "a JSON number",
            Value::Bool(_) => "a JSON boolean",
            Value::Null => "JSON null",
            Value::Object(_) => "a JSON object",
        };
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            why: format!("it holds {what}, not an object"),
        });
    }
    Ok(())
}

fn parse_error(path: &Path, e: &serde_json::Error) -> StoreError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the error states them separately.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    StoreError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn refuse_conflict_markers(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    match conflict_marker_line(bytes) {
        Some(line) => Err(StoreError::ConflictMarkers {
            path: path.to_path_buf(),
            line,
        }),
        None => Ok(()),
    }
}

fn conflict_marker_line(bytes: &[u8]) -> Option<usize> {
    bytes
        .split(|b| *b == b'\n')
        .position(|line| {
            line.starts_with(b"<<<<<<< ")
                || line.starts_with(b">>>>>>> ")
                || line == b"======="
                || line == b"<<<<<<<"
        })
        .map(|i| i + 1)
}
