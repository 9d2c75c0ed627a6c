//! Both sides created an entity with the same id (two people each added "S-41"): theirs
//! keeps it and ours gets the next free id of its kind. Every string in our document that
//! is exactly the old id follows (the story itself, a blocked-by link, an epic of a story, a
//! sprint's scope records, and any reference a later version adds).

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value;

/// The counter in `next_ids` of each list's ids, so a new id is past every id ever handed
/// out. A list this version does not know counts from its largest id.
const COUNTERS: [(&str, &str); 4] = [
    ("visions", "vision"),
    ("epics", "epic"),
    ("stories", "story"),
    ("sprints", "sprint"),
];

/// Our document with colliding new ids renumbered, and the (old, new) pairs.
pub(super) fn collisions<'a>(
    base: &Value,
    ours: &'a Value,
    theirs: &Value,
) -> (Cow<'a, Value>, Vec<(String, String)>) {
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut counters: Vec<(&str, u64)> = Vec::new();
    if let Some(doc) = ours.as_object() {
        for (list, items) in doc {
            let Some(items) = items.as_array() else {
                continue;
            };
            let found = in_list(list, items, base, ours, theirs);
            let counter = COUNTERS.iter().find(|(l, _)| l == list).map(|(_, c)| *c);
            if let (Some(c), Some(last)) = (counter, found.last().and_then(|(_, new)| split(new))) {
                counters.push((c, last.1.saturating_add(1)));
            }
            renames.extend(found);
        }
    }
    if renames.is_empty() {
        return (Cow::Borrowed(ours), renames);
    }
    let map: HashMap<&str, &str> = renames
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    let mut renamed = ours.clone();
    rewrite(&mut renamed, &map);
    // The new ids are handed out now: the counter moves past them.
    for (counter, next) in counters {
        if let Some(slot) = renamed.get_mut("next_ids").and_then(|n| n.get_mut(counter)) {
            *slot = Value::from(slot.as_u64().unwrap_or(0).max(next));
        }
    }
    (Cow::Owned(renamed), renames)
}

fn in_list(
    list: &str,
    ours: &[Value],
    base: &Value,
    whole_ours: &Value,
    theirs: &Value,
) -> Vec<(String, String)> {
    fn entities<'d>(doc: &'d Value, list: &str) -> HashMap<&'d str, &'d Value> {
        doc.get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| Some((v.get("id")?.as_str()?, v)))
            .collect()
    }
    let (b, t) = (entities(base, list), entities(theirs, list));
    let colliding: Vec<&str> = ours
        .iter()
        .filter_map(|v| {
            let id = v.get("id")?.as_str()?;
            (!b.contains_key(id) && t.get(id).is_some_and(|theirs| *theirs != v)).then_some(id)
        })
        .collect();
    let mut out: Vec<(String, String)> = Vec::new();
    for id in colliding {
        let Some((prefix, _)) = split(id) else {
            continue;
        };
        let mut next = next_free(list, prefix, [base, whole_ours, theirs]);
        for (_, new) in &out {
            if let Some((p, n)) = split(new)
                && p == prefix
            {
                next = next.max(n.saturating_add(1));
            }
        }
        out.push((id.to_string(), format!("{prefix}-{next}")));
    }
    out
}

/// The first number past every id with `prefix` in the three documents and past their
/// counter for the list.
fn next_free(list: &str, prefix: &str, docs: [&Value; 3]) -> u64 {
    let counter = COUNTERS.iter().find(|(l, _)| *l == list).map(|(_, c)| *c);
    let mut next = 1;
    for doc in docs {
        if let Some(n) = counter.and_then(|c| doc.get("next_ids")?.get(c)?.as_u64()) {
            next = next.max(n);
        }
        let used = doc
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for id in used.filter_map(|v| v.get("id")?.as_str()) {
            if let Some((p, n)) = split(id)
                && p == prefix
            {
                next = next.max(n.saturating_add(1));
            }
        }
    }
    next
}

/// `doc` with every string that is exactly an old id of `renames` (old, new) replaced, as
/// [`collisions`] renumbers our document.
pub(super) fn renamed(doc: &Value, renames: &[(String, String)]) -> Value {
    let map: HashMap<&str, &str> = renames
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    let mut out = doc.clone();
    if !map.is_empty() {
        rewrite(&mut out, &map);
    }
    out
}

/// `S-41` as ("S", 41).
fn split(id: &str) -> Option<(&str, u64)> {
    let (prefix, number) = id.rsplit_once('-')?;
    Some((prefix, number.parse().ok()?))
}

fn rewrite(v: &mut Value, map: &HashMap<&str, &str>) {
    match v {
        Value::String(s) => {
            if let Some(new) = map.get(s.as_str()) {
                *s = new.to_string();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite(i, map)),
        Value::Object(fields) => fields.values_mut().for_each(|f| rewrite(f, map)),
        _ => {}
    }
}
