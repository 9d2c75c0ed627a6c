//! The three-way merge of documents, by entity and field: what lets two programs, or two git
//! branches, change one backlog without losing either's edits. Pure: JSON values in, one
//! value and a report out; the store and the git merge driver do the reading and writing.
//!
//! It works on the serialized form, so a field added to an entity later is merged like
//! every other without a change here. The rules:
//!
//! - Each top-level list of objects with an `id` (visions, epics, stories, sprints, and any
//!   such list a later version adds) is merged by id. New entities of both sides are kept;
//!   when both created the same id with different content, theirs keeps it and ours is
//!   renumbered, every string equal to the old id in our document following
//!   (`renumber.rs`). A delete wins over an untouched entity and loses to an edit, which is
//!   kept and reported; an entity deleted on one side that the other side's changes now
//!   refer to is kept too. The list order is merged by neighbours (`order.rs`).
//! - Objects merge key by key, so edits to different fields are both kept.
//! - Other lists (labels, blocked-by, acceptance criteria, status history, sprint baselines
//!   and scope changes) merge as sequences of values: what one side added is added, what one
//!   side removed is removed, in the merged order; lists of timestamped records (`at`) stay
//!   in time order.
//! - Counters (`next_ids`) and `schema` take the larger number, `updated` the later time.
//! - When both sides set one field to different values, ours (the later writer) stands and
//!   the other is recorded in the document's `conflicts` until someone settles it.

mod order;
mod rebase;
mod renumber;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use crate::model::{Conflict, PRODUCT_ENTITY as PRODUCT};

pub use rebase::{Rebased, follow, rebase};

/// A merged document and what the merge did.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub document: Value,
    pub report: MergeReport,
}

/// What a merge did, for the message that follows it ("merged 3 changes from another
/// program").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// Entities, list orders and document fields where the other side's change was taken.
    pub taken: usize,
    /// Fields both sides changed differently: ours stands, theirs is in the document.
    pub conflicts: Vec<Conflict>,
    /// Our new entities renumbered because the other side created the same id: (old, new).
    pub renumbered: Vec<(String, String)>,
    /// Entities one side deleted that were kept.
    pub kept: Vec<Kept>,
}

/// An entity deleted on one side and kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub deleted_by: Side,
    pub because: KeptBecause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptBecause {
    /// The other side edited it.
    Edited,
    /// The other side's change to this entity refers to it.
    ReferencedBy(String),
}

impl MergeReport {
    /// True when the merge took nothing from the other side and found no conflict.
    pub fn is_empty(&self) -> bool {
        self == &MergeReport::default()
    }

    /// One line for the user: "merged 3 changes from another program; 1 conflict kept
    /// (`roadlog conflicts`)". `them` names the other side.
    pub fn summary(&self, them: &str) -> String {
        let mut parts = match self.taken {
            0 if self.conflicts.is_empty() => vec![format!("nothing new from {them}")],
            0 => Vec::new(),
            1 => vec![format!("merged 1 change from {them}")],
            n => vec![format!("merged {n} changes from {them}")],
        };
        match self.conflicts.len() {
            0 => {}
            1 => parts.push(format!(
                "1 conflict with {them} kept (`roadlog conflicts` shows it)"
            )),
            n => parts.push(format!(
                "{n} conflicts with {them} kept (`roadlog conflicts` shows them)"
            )),
        }
        for (old, new) in &self.renumbered {
            parts.push(format!(
                "our new {old} is now {new} ({them} made an {old} too)"
            ));
        }
        for k in &self.kept {
            parts.push(match (&k.because, k.deleted_by) {
                (KeptBecause::Edited, Side::Theirs) => {
                    format!(
                        "kept {}, which {them} deleted, because it was edited here",
                        k.id
                    )
                }
                (KeptBecause::Edited, Side::Ours) => {
                    format!("kept {}, deleted here, because {them} edited it", k.id)
                }
                (KeptBecause::ReferencedBy(by), _) => {
                    format!(
                        "kept {}, deleted on one side, because {by} refers to it",
                        k.id
                    )
                }
            });
        }
        parts.join("; ")
    }

    /// Adds what an earlier merge of the same save did.
    pub fn absorb(&mut self, earlier: MergeReport) {
        self.taken += earlier.taken;
        self.conflicts.splice(0..0, earlier.conflicts);
        self.renumbered.splice(0..0, earlier.renumbered);
        self.kept.splice(0..0, earlier.kept);
    }
}

/// Merges `ours` and `theirs`, both changed from `base`. `at` stamps new conflicts.
pub fn merge(base: &Value, ours: &Value, theirs: &Value, at: DateTime<Utc>) -> Merged {
    if ours == theirs || base == theirs {
        return Merged {
            document: ours.clone(),
            report: MergeReport::default(),
        };
    }
    if base == ours {
        return Merged {
            document: theirs.clone(),
            report: MergeReport {
                taken: changes_taken(ours, theirs),
                ..MergeReport::default()
            },
        };
    }
    let (ours, renumbered) = renumber::collisions(base, ours, theirs);
    let mut merger = Merger {
        at,
        conflicts: Vec::new(),
        kept: Vec::new(),
        deleted: HashMap::new(),
    };
    let mut document = merger.document(base, &ours, theirs);
    merger.keep_referenced(&mut document, base, &ours, theirs);
    record_conflicts(&mut document, &merger.conflicts);
    let taken = changes_taken(&ours, &document);
    Merged {
        document,
        report: MergeReport {
            taken,
            conflicts: merger.conflicts,
            renumbered,
            kept: merger.kept,
        },
    }
}

/// An entity a side deleted (untouched by the other): gone, unless something the other side
/// changed refers to it.
struct Deleted {
    list: String,
    by: Side,
}

struct Merger {
    at: DateTime<Utc>,
    conflicts: Vec<Conflict>,
    kept: Vec<Kept>,
    /// By id: ids of different kinds differ in their prefix.
    deleted: HashMap<String, Deleted>,
}

impl Merger {
    fn document(&mut self, base: &Value, ours: &Value, theirs: &Value) -> Value {
        let (Some(b), Some(o), Some(t)) = (base.as_object(), ours.as_object(), theirs.as_object())
        else {
            // Not documents: the whole value is one field.
            return self
                .value(PRODUCT, "", Some(base), Some(ours), Some(theirs))
                .unwrap_or(Value::Null);
        };
        let mut out = Map::new();
        for key in keys(Some(b), o, t) {
            let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
            let merged = if key == "next_ids" || key == "schema" {
                larger(bv, ov, tv)
            } else if let Some((bl, ol, tl)) = entity_lists(bv, ov, tv) {
                Some(Value::Array(self.entities(Scope::Top(key), bl, ol, tl)))
            } else {
                self.value(PRODUCT, key, bv, ov, tv)
            };
            if let Some(v) = merged {
                out.insert(key.clone(), v);
            }
        }
        Value::Object(out)
    }

    /// One field (`field` is its path inside `entity`), absent when `None`.
    fn value(
        &mut self,
        entity: &str,
        field: &str,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Option<Value> {
        if ours == theirs || base == theirs {
            return ours.cloned();
        }
        if base == ours {
            return theirs.cloned();
        }
        match (ours, theirs) {
            (Some(Value::Object(o)), Some(Value::Object(t))) => {
                let b = base.and_then(Value::as_object);
                let mut out = Map::new();
                for key in keys(b, o, t) {
                    let path = join(field, key);
                    let merged = self.value(
                        entity,
                        &path,
                        b.and_then(|b| b.get(key)),
                        o.get(key),
                        t.get(key),
                    );
                    if let Some(v) = merged {
                        out.insert(key.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            (Some(Value::Array(o)), Some(Value::Array(t))) => {
                let base = base.filter(|b| b.is_array());
                if let Some((b, o, t)) = entity_lists(base, ours, theirs) {
                    let scope = Scope::Nested { entity, field };
                    return Some(Value::Array(self.entities(scope, b, o, t)));
                }
                let b = base
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                Some(Value::Array(sequence(b, o, t)))
            }
            _ if last_key(field) == "updated" => later(ours, theirs),
            _ => {
                self.conflicts.push(Conflict {
                    entity: entity.to_string(),
                    field: field.to_string(),
                    ours: ours.cloned().unwrap_or(Value::Null),
                    theirs: theirs.cloned().unwrap_or(Value::Null),
                    at: self.at,
                    extra: Default::default(),
                });
                ours.cloned()
            }
        }
    }

    /// A list of entities, merged by id.
    fn entities(
        &mut self,
        scope: Scope,
        base: &[Value],
        ours: &[Value],
        theirs: &[Value],
    ) -> Vec<Value> {
        let (b, o, t) = (by_id(base), by_id(ours), by_id(theirs));
        let mut merged: HashMap<&str, Value> = HashMap::new();
        for id in ids(ours).chain(ids(theirs)).chain(ids(base)) {
            if merged.contains_key(id) {
                continue;
            }
            let (bv, ov, tv) = (b.get(id).copied(), o.get(id).copied(), t.get(id).copied());
            let (entity, field) = scope.place(id);
            let kept = match (bv, ov, tv) {
                (_, Some(_), Some(_)) => self.value(&entity, &field, bv, ov, tv),
                (Some(b), Some(side), None) | (Some(b), None, Some(side)) => {
                    let by = if tv.is_none() {
                        Side::Theirs
                    } else {
                        Side::Ours
                    };
                    if side == b {
                        if let Scope::Top(list) = scope {
                            let list = list.clone();
                            self.deleted.insert(id.to_string(), Deleted { list, by });
                        }
                        None
                    } else {
                        self.kept.push(Kept {
                            id: scope.name(id),
                            deleted_by: by,
                            because: KeptBecause::Edited,
                        });
                        Some(side.clone())
                    }
                }
                (None, Some(side), None) | (None, None, Some(side)) => Some(side.clone()),
                (_, None, None) => None,
            };
            if let Some(v) = kept {
                merged.insert(id, v);
            }
        }
        let keep: HashSet<&str> = merged.keys().copied().collect();
        let order = order::merge(
            &ids(base).collect::<Vec<_>>(),
            &ids(ours).collect::<Vec<_>>(),
            &ids(theirs).collect::<Vec<_>>(),
            &keep,
        );
        order
            .into_iter()
            .filter_map(|id| merged.remove(id))
            .collect()
    }

    /// Brings back each deleted entity that an entity changed or added by either side now
    /// refers to (a story added to an epic the other side deleted), from the side that kept
    /// it, after the same neighbour there; and what that one refers to in turn.
    fn keep_referenced(
        &mut self,
        document: &mut Value,
        base: &Value,
        ours: &Value,
        theirs: &Value,
    ) {
        if self.deleted.is_empty() {
            return;
        }
        let mut wanted: Vec<(String, String)> = Vec::new();
        if let Some(doc) = document.as_object() {
            for (list, items) in doc {
                let before = by_id(
                    base.get(list)
                        .and_then(Value::as_array)
                        .map_or(&[], Vec::as_slice),
                );
                for item in items.as_array().map_or(&[][..], Vec::as_slice) {
                    if let Some(id) = id_of(item)
                        && before.get(id) != Some(&item)
                    {
                        let refs = strings(item).filter(|s| self.deleted.contains_key(*s));
                        wanted.extend(refs.map(|s| (s.to_string(), id.to_string())));
                    }
                }
            }
        }
        while let Some((target, by)) = wanted.pop() {
            let Some(d) = self.deleted.remove(&target) else {
                continue;
            };
            let keeper = match d.by {
                Side::Theirs => ours,
                Side::Ours => theirs,
            };
            let list = keeper
                .get(&d.list)
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let (Some(at), Some(Value::Array(into))) = (
                list.iter().position(|v| id_of(v) == Some(target.as_str())),
                document.get_mut(&d.list),
            ) else {
                continue;
            };
            let place = list[..at]
                .iter()
                .rev()
                .filter_map(id_of)
                .find_map(|prev| into.iter().position(|v| id_of(v) == Some(prev)))
                .map_or(0, |i| i + 1);
            into.insert(place, list[at].clone());
            let refs = strings(&list[at]).filter(|s| self.deleted.contains_key(*s));
            wanted.extend(refs.map(|s| (s.to_string(), target.clone())));
            self.kept.push(Kept {
                id: target,
                deleted_by: d.by,
                because: KeptBecause::ReferencedBy(by),
            });
        }
    }
}

/// Where a list of entities sits: at the top of the document (each entity its own place for
/// conflicts) or inside an entity's field (`goals[G-1].target`).
#[derive(Clone, Copy)]
enum Scope<'a> {
    Top(&'a String),
    Nested { entity: &'a str, field: &'a str },
}

impl Scope<'_> {
    fn place(&self, id: &str) -> (String, String) {
        match self {
            Scope::Top(_) => (id.to_string(), String::new()),
            Scope::Nested { entity, field } => (entity.to_string(), format!("{field}[{id}]")),
        }
    }

    fn name(&self, id: &str) -> String {
        match self {
            Scope::Top(_) => id.to_string(),
            Scope::Nested { entity, field } => format!("{entity} {field}[{id}]"),
        }
    }
}

/// Merges lists of plain values (and objects without ids) as sequences: an item is a value
/// and its occurrence, so two equal labels stay two.
fn sequence(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let (kb, ko, kt) = (occurrences(base), occurrences(ours), occurrences(theirs));
    let (sb, so, st): (HashSet<_>, HashSet<_>, HashSet<_>) = (
        kb.iter().collect(),
        ko.iter().collect(),
        kt.iter().collect(),
    );
    let keep: HashSet<(String, usize)> = ko
        .iter()
        .chain(&kt)
        .filter(|k| !(sb.contains(k) && (!so.contains(k) || !st.contains(k))))
        .cloned()
        .collect();
    let values: HashMap<&(String, usize), &Value> =
        ko.iter().zip(ours).chain(kt.iter().zip(theirs)).collect();
    let mut out: Vec<Value> = order::merge(&kb, &ko, &kt, &keep)
        .iter()
        .filter_map(|k| values.get(k).map(|v| (*v).clone()))
        .collect();
    if !out.is_empty() && out.iter().all(|v| timestamp(v.get("at")).is_some()) {
        out.sort_by_key(|v| timestamp(v.get("at")));
    }
    out
}

fn occurrences(items: &[Value]) -> Vec<(String, usize)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|v| {
            let text = v.to_string();
            let n = seen.entry(text.clone()).or_insert(0);
            *n += 1;
            (text, *n)
        })
        .collect()
}

/// Adds the new conflicts to the document's `conflicts`, each replacing an open one on the
/// same entity and field.
fn record_conflicts(document: &mut Value, conflicts: &[Conflict]) {
    let Some(doc) = document.as_object_mut().filter(|_| !conflicts.is_empty()) else {
        return;
    };
    let list = doc
        .entry("conflicts")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = list else {
        return;
    };
    for c in conflicts {
        list.retain(|old| {
            old.get("entity").and_then(Value::as_str) != Some(c.entity.as_str())
                || old.get("field").and_then(Value::as_str) != Some(c.field.as_str())
        });
        if let Ok(v) = serde_json::to_value(c) {
            list.push(v);
        }
    }
}

/// How many things differ between our document and the merge: one per entity added,
/// removed or changed, per entity moved in its list, and per other top-level field
/// (conflict records aside).
pub(super) fn changes_taken(ours: &Value, merged: &Value) -> usize {
    let (Some(o), Some(m)) = (ours.as_object(), merged.as_object()) else {
        return usize::from(ours != merged);
    };
    keys(None, o, m)
        .into_iter()
        .filter(|k| *k != "conflicts")
        .map(|k| match entity_lists(None, o.get(k), m.get(k)) {
            Some((_, ol, ml)) => entity_changes(ol, ml),
            None => usize::from(o.get(k) != m.get(k)),
        })
        .sum()
}

fn entity_changes(a: &[Value], b: &[Value]) -> usize {
    let (ia, ib) = (by_id(a), by_id(b));
    let edited = ia.iter().filter(|(id, v)| ib.get(*id) != Some(*v)).count()
        + ib.keys().filter(|id| !ia.contains_key(*id)).count();
    let positions: HashMap<&str, usize> = ids(a).enumerate().map(|(i, id)| (id, i)).collect();
    let common: Vec<(usize, usize)> = ids(b)
        .filter_map(|id| positions.get(id).copied())
        .enumerate()
        .collect();
    edited + order::moved_count(&common)
}

/// `Some` when each present side is a list of objects with string ids, and one is not empty.
fn entity_lists<'a>(
    base: Option<&'a Value>,
    ours: Option<&'a Value>,
    theirs: Option<&'a Value>,
) -> Option<(&'a [Value], &'a [Value], &'a [Value])> {
    let list = |v: Option<&'a Value>| -> Option<&'a [Value]> {
        match v {
            None | Some(Value::Null) => Some(&[]),
            Some(Value::Array(items)) if items.iter().all(|i| id_of(i).is_some()) => {
                Some(items.as_slice())
            }
            Some(_) => None,
        }
    };
    let (b, o, t) = (list(base)?, list(ours)?, list(theirs)?);
    (!b.is_empty() || !o.is_empty() || !t.is_empty()).then_some((b, o, t))
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

fn ids(items: &[Value]) -> impl Iterator<Item = &str> {
    items.iter().filter_map(id_of)
}

fn by_id(items: &[Value]) -> HashMap<&str, &Value> {
    items
        .iter()
        .filter_map(|v| id_of(v).map(|id| (id, v)))
        .collect()
}

/// The keys of the three objects, each once, in sorted order (deterministic).
fn keys<'a>(
    base: Option<&'a Map<String, Value>>,
    ours: &'a Map<String, Value>,
    theirs: &'a Map<String, Value>,
) -> BTreeSet<&'a String> {
    base.into_iter()
        .flat_map(|b| b.keys())
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect()
}

/// Every string inside a value, keys aside.
fn strings(v: &Value) -> impl Iterator<Item = &str> {
    let mut stack = vec![v];
    std::iter::from_fn(move || {
        while let Some(v) = stack.pop() {
            match v {
                Value::String(s) => return Some(s.as_str()),
                Value::Array(items) => stack.extend(items),
                Value::Object(map) => stack.extend(map.values()),
                _ => {}
            }
        }
        None
    })
}

fn join(field: &str, key: &str) -> String {
    if field.is_empty() {
        key.to_string()
    } else {
        format!("{field}.{key}")
    }
}

fn last_key(field: &str) -> &str {
    field.rsplit('.').next().unwrap_or(field)
}

/// Counters never go back: the larger number of the two sides, field by field.
fn larger(base: Option<&Value>, ours: Option<&Value>, theirs: Option<&Value>) -> Option<Value> {
    match (ours, theirs) {
        (Some(Value::Object(o)), Some(Value::Object(t))) => {
            let b = base.and_then(Value::as_object);
            let merged = keys(b, o, t)
                .into_iter()
                .filter_map(|k| {
                    larger(b.and_then(|b| b.get(k)), o.get(k), t.get(k)).map(|v| (k.clone(), v))
                })
                .collect();
            Some(Value::Object(merged))
        }
        (Some(o), Some(t)) => match (o.as_u64(), t.as_u64()) {
            (Some(a), Some(b)) => Some(Value::from(a.max(b))),
            _ => Some(o.clone()),
        },
        (one, other) => one.or(other).cloned(),
    }
}

fn timestamp(v: Option<&Value>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v?.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn later(ours: Option<&Value>, theirs: Option<&Value>) -> Option<Value> {
    match (timestamp(ours), timestamp(theirs)) {
        (Some(o), Some(t)) if t > o => theirs.cloned(),
        _ => ours.cloned(),
    }
}

#[cfg(test)]
mod tests;
