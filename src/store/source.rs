//! Reading the files an import takes in. Here, not in the importers, because the store is
//! the only code that touches disk; the importers get text and stay pure.

use std::fs;
use std::path::{Path, PathBuf};

use super::StoreError;
use super::guard::{DEFAULT_MAX_BYTES, Refusal, read_regular};

/// One file of an import's source, named by its path under the folder it was read from
/// (`tasks/back-1 - Title.md`), which is how messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Reads one source file as UTF-8 text, with the document's guards: a regular file (a FIFO
/// or a device would hang or never end) of a bounded size.
pub fn read_source(path: &Path) -> Result<String, StoreError> {
    let fail = |why: String| StoreError::Source {
        path: path.to_path_buf(),
        why,
    };
    let bytes = read_regular(path, DEFAULT_MAX_BYTES).map_err(|refusal| {
        fail(match refusal {
            Refusal::Io(e) => e.to_string(),
            Refusal::NotRegular(what) => format!("it is {what}, not a regular file"),
            Refusal::TooLarge(size) => format!("it is larger ({size} bytes) than a source may be"),
        })
    })?;
    String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "it is not UTF-8 text (a bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Every `*.md` file in each of `folders` under `root`, folder by folder, each sorted by
/// name so an import sees the same order every time. A folder that is not there is left
/// out; a `root` that is not a folder is refused.
pub fn read_markdown_folders(root: &Path, folders: &[&str]) -> Result<Vec<SourceFile>, StoreError> {
    if !root.is_dir() {
        return Err(StoreError::Source {
            path: root.to_path_buf(),
            why: "it is not a folder".to_string(),
        });
    }
    let mut out = Vec::new();
    for folder in folders {
        let dir = root.join(folder);
        if !dir.is_dir() {
            continue;
        }
        let entries = fs::read_dir(&dir).map_err(|e| StoreError::Source {
            path: dir.clone(),
            why: e.to_string(),
        })?;
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) && p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            out.push(SourceFile {
                path: format!("{folder}/{name}"),
                text: read_source(&path)?,
            });
        }
    }
    Ok(out)
}
