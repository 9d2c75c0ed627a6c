//! The rotating set of backups beside the document: before each save the version it
//! replaces is kept in `.<file>.backups/` (the last `settings.backups` of them, 20 unless
//! set; the oldest pruned), each with the document's permission bits, so a bad edit, a bad
//! merge or a bad import can be taken back with `roadlog restore N`. A restore is itself a
//! save, so the version it replaced becomes backup 1 and restoring that undoes it.
//!
//! Backups are named by the moment they were taken (`20261202T063012.123456789Z.json`), so
//! their order is their names' and their time needs no metadata; a file in the folder
//! whose name is not such a stamp is not ours, and is neither listed nor pruned.

use std::collections::BTreeMap;
use std::fs::{self, DirBuilder};
use std::io::ErrorKind;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::{IfTaken, Store, StoreError, side_file};

const STAMP: &str = "%Y%m%dT%H%M%S%.9fZ";
const SUFFIX: &str = ".json";

/// One kept version, as `roadlog backups` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// 1 is the newest.
    pub number: usize,
    pub path: PathBuf,
    /// When it was replaced by the next version.
    pub taken: DateTime<Utc>,
    /// What the next version (the next newer backup, or the document) changed, in a line.
    pub summary: String,
}

/// The moment in a backup's file name, if it is one of ours.
fn taken(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(SUFFIX)?;
    // A second backup in the same nanosecond is `STAMP-2.json`.
    let stamp = stem.split_once('-').map_or(stem, |(s, _)| s);
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

impl Store {
    /// The folder the backups are kept in, beside the document (through a link, beside
    /// its target): `.roadlog.json.backups`.
    pub fn backup_folder(&self) -> PathBuf {
        let real = self.real_path();
        let mut name = std::ffi::OsString::from(".");
        name.push(real.file_name().unwrap_or_default());
        name.push(".backups");
        real.with_file_name(name)
    }

    /// Our backups, oldest first, with when each was taken.
    fn backup_files(&self) -> Result<Vec<(DateTime<Utc>, PathBuf)>, StoreError> {
        let folder = self.backup_folder();
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(io(folder, "read", source)),
        };
        let mut out: Vec<(DateTime<Utc>, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter_map(|p| taken(&p).map(|t| (t, p)))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Keeps the version on disk, which a save is about to replace, as the newest backup,
    /// and prunes the oldest beyond `keep` (none are kept when `keep` is 0). Called under
    /// the lock, so two writers never prune each other's new backup.
    ///
    /// The backup is a second name (a hard link) for the document's file: no byte is
    /// written, and the file keeps the document's permission bits and owner. The save then
    /// puts a new file in the document's place, never writing into this one, so the backup
    /// keeps the old bytes; a kill at any moment leaves the backup whole, as the folder
    /// names it. A file system without hard links gets a copy, as a side file.
    /// Returns the backup's path when it is a link, for [`Store::commit`] to take back if
    /// the save fails before the document is replaced.
    pub(super) fn keep_backup(&self, keep: usize) -> Result<Option<PathBuf>, StoreError> {
        let mut linked = None;
        if keep > 0 {
            let folder = self.backup_folder();
            let mut dir = DirBuilder::new();
            // The document's read bits, and the search bit wherever one may read: a backup
            // of a private document stays private.
            let mode = self.mode().unwrap_or(0o644) & 0o666;
            dir.mode(mode | ((mode & 0o444) >> 2));
            match dir.create(&folder) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                Err(source) => return Err(io(folder, "create", source)),
            }
            let path = folder.join(format!("{}{SUFFIX}", Utc::now().format(STAMP)));
            if let Ok(link) = side_file::link_at_free_name(&self.real_path(), &path) {
                fs::File::open(&folder)
                    .and_then(|f| f.sync_all())
                    .map_err(|source| io(folder, "write", source))?;
                linked = Some(link);
            } else {
                let previous = self.read_bytes()?;
                self.write_side_file(&path, &previous, IfTaken::NextFree)?;
            }
        }
        let files = self.backup_files()?;
        let extra = files.len().saturating_sub(keep);
        for (_, path) in files.into_iter().take(extra) {
            match fs::remove_file(&path) {
                // Another writer pruned it first (one that found the lock file deleted).
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(source) => return Err(io(path, "remove", source)),
                Ok(()) => {}
            }
        }
        Ok(linked)
    }

    /// The backups, newest first (number 1), each with a line on what the version after
    /// it changed.
    pub fn backups(&self) -> Result<Vec<Backup>, StoreError> {
        let files = self.backup_files()?;
        let mut newer = self.load()?.bytes;
        let mut out = Vec::with_capacity(files.len());
        for (number, (taken, path)) in files.into_iter().rev().enumerate() {
            let bytes = self.read_backup(&path)?;
            out.push(Backup {
                number: number + 1,
                summary: summary(&bytes, &newer),
                path,
                taken,
            });
            newer = bytes;
        }
        Ok(out)
    }

    /// A backup's bytes, read with the document's guards (regular files, the size limit).
    fn read_backup(&self, path: &Path) -> Result<Vec<u8>, StoreError> {
        self.at_same_limits(path).read_bytes()
    }

    /// Brings backup `number` (1 the newest) back as the document: a save like any other,
    /// under the lock, so the version it replaces becomes backup 1. A backup that does not
    /// parse or breaks a rule is refused, and the document stays as it is.
    pub fn restore(&self, number: usize) -> Result<Backup, StoreError> {
        let files = self.backup_files()?;
        let count = files.len();
        let Some((taken, path)) = number
            .checked_sub(1)
            .and_then(|i| files.into_iter().rev().nth(i))
        else {
            return Err(StoreError::NoBackup {
                path: self.path.clone(),
                number,
                count,
            });
        };
        let bytes = self.read_backup(&path)?;
        let product = super::decode(&path, &bytes)?;
        self.refuse_invalid(&product)?;
        let mut lock = self.lock()?;
        let on_disk = self.read_bytes()?;
        let summary = summary(&on_disk, &bytes);
        if on_disk != bytes {
            let keep = product.backups_kept();
            let draft = super::save::Outgoing::verbatim(bytes);
            let expected = super::save::Expected::bytes(on_disk);
            self.commit(&mut lock, expected, draft, keep)?;
        }
        Ok(Backup {
            number,
            path,
            taken,
            summary,
        })
    }
}

fn io(path: PathBuf, action: &'static str, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path,
        source,
    }
}

/// How many ids a summary names before it counts the rest.
const NAMED: usize = 4;

/// What changed from `older` to `newer`, in one line: the entities added, removed and
/// changed (with the fields, for one), and any other part of the document (settings, ...).
/// Works on the JSON, so it needs no model of what a version holds.
pub fn summary(older: &[u8], newer: &[u8]) -> String {
    let (Ok(old), Ok(new)) = (
        serde_json::from_slice::<Value>(older),
        serde_json::from_slice::<Value>(newer),
    ) else {
        return "not a document roadlog can read".into();
    };
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return "not a document roadlog can read".into();
    };
    let mut added = Vec::new();
    let mut removed = Vec::new();
    let mut moved = Vec::new();
    let mut changed: Vec<(String, Vec<String>)> = Vec::new();
    let mut other = Vec::new();
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        // Bookkeeping that changes with every save says nothing on its own.
        if key == "updated" || key == "next_ids" {
            continue;
        }
        let (a, b) = (old.get(key), new.get(key));
        if a == b {
            continue;
        }
        match (by_id(a), by_id(b)) {
            (Some(a), Some(b)) => {
                for (id, entity) in &b {
                    match a.get(id) {
                        None => added.push(id.clone()),
                        Some(before) if before != entity => {
                            changed.push((id.clone(), fields(before, entity)));
                        }
                        Some(_) => {}
                    }
                }
                removed.extend(a.keys().filter(|id| !b.contains_key(*id)).cloned());
                // Order is position (the backlog's rank): a move is a change too.
                moved.extend(moves(old.get(key), new.get(key)));
            }
            _ => other.push(key.clone()),
        }
    }
    let mut parts = Vec::new();
    match changed.as_slice() {
        [] => {}
        [(id, fields)] => parts.push(format!("changed {id} ({})", fields.join(", "))),
        many => parts.push(format!(
            "changed {}",
            named(&many.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())
        )),
    }
    if !added.is_empty() {
        parts.push(format!("added {}", named(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", named(&removed)));
    }
    if !moved.is_empty() {
        parts.push(format!("moved {}", named(&moved)));
    }
    if !other.is_empty() {
        parts.push(format!("changed {}", other.join(", ")));
    }
    if parts.is_empty() {
        "no change to the content".into()
    } else {
        parts.join("; ")
    }
}

/// The ids both lists hold that changed place: the fewest whose moving turns one order into
/// the other (those off a longest run that kept its order), in the new order.
fn moves(older: Option<&Value>, newer: Option<&Value>) -> Vec<String> {
    let ids = |list: Option<&Value>| -> Vec<String> {
        list.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| Some(v.get("id")?.as_str()?.to_string()))
            .collect()
    };
    let (old, new) = (ids(older), ids(newer));
    let at: BTreeMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    // Each common id of the new order, with its old place.
    let common: Vec<(&str, usize)> = new
        .iter()
        .filter_map(|id| Some((id.as_str(), *at.get(id.as_str())?)))
        .collect();
    // Longest increasing run of old places (patience sorting): what stayed in order.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; common.len()];
    for (i, (_, place)) in common.iter().enumerate() {
        let k = tails.partition_point(|&t| common[t].1 < *place);
        before[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = vec![false; common.len()];
    let mut at_end = tails.last().copied();
    while let Some(i) = at_end {
        kept[i] = true;
        at_end = before[i];
    }
    common
        .iter()
        .zip(kept)
        .filter(|(_, kept)| !kept)
        .map(|((id, _), _)| id.to_string())
        .collect()
}

/// A list of objects with ids, by id.
fn by_id(list: Option<&Value>) -> Option<BTreeMap<String, &Value>> {
    let list = list?.as_array()?;
    list.iter()
        .map(|v| Some((v.get("id")?.as_str()?.to_string(), v)))
        .collect()
}

/// The fields that differ between two versions of an entity.
fn fields(a: &Value, b: &Value) -> Vec<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return Vec::new();
    };
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| *k != "updated" && a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// "S-1, S-2, S-3, S-4 and 5 more".
fn named(ids: &[String]) -> String {
    let shown = ids[..ids.len().min(NAMED)].join(", ");
    match ids.len().saturating_sub(NAMED) {
        0 => shown,
        n => format!("{shown} and {n} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::summary;

    fn doc(ids: &[&str]) -> Vec<u8> {
        let stories: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id})).collect();
        serde_json::to_vec(&serde_json::json!({"schema": 1, "stories": stories}))
            .unwrap_or_default()
    }

    #[test]
    fn a_move_is_named_as_the_fewest_stories_that_moved() {
        let before = doc(&["S-1", "S-2", "S-3", "S-4"]);
        assert_eq!(
            summary(&before, &doc(&["S-2", "S-3", "S-4", "S-1"])),
            "moved S-1"
        );
        // Two neighbours swapped: either one moved.
        let swapped = summary(&before, &doc(&["S-2", "S-1", "S-3", "S-4"]));
        assert!(
            ["moved S-1", "moved S-2"].contains(&swapped.as_str()),
            "{swapped}"
        );
        assert_eq!(
            summary(&before, &doc(&["S-4", "S-1", "S-2", "S-3"])),
            "moved S-4"
        );
        assert_eq!(
            summary(&before, &doc(&["S-1", "S-3", "S-5", "S-4"])),
            "added S-5; removed S-2",
            "a removal alone moves nothing"
        );
        assert_eq!(summary(&before, &before), "no change to the content");
    }
}
