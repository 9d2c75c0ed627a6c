//! The store on real files: byte-stable round trips, unknown fields kept, broken files never
//! overwritten, concurrent edits detected, permissions kept, litter removed, the right file
//! found.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use roadlog::demo::sample;
use roadlog::model::{Place, Product, StoryDraft, StoryId};
use roadlog::store::{FILE_NAME, Located, Store, StoreError, decode, encode, locate};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> DateTime<Utc> {
    today().and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// A folder with the 40-story sample saved in it as `roadlog.json`.
fn saved_sample() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    store.create(&sample(today(), 40).unwrap()).unwrap();
    (dir, store)
}

fn add_story(p: &mut Product, title: &str) -> Result<StoryId, roadlog::model::ModelError> {
    let draft = StoryDraft {
        title: title.into(),
        ..StoryDraft::default()
    };
    p.add_story(draft, Place::Bottom, now())
}

fn write_json(path: &Path, doc: &Value) {
    fs::write(path, serde_json::to_vec_pretty(doc).unwrap()).unwrap();
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

#[test]
fn an_unchanged_document_saves_byte_for_byte_the_same() {
    let (_dir, store) = saved_sample();
    let on_disk = fs::read(store.path()).unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(loaded.bytes, on_disk);
    assert_eq!(encode(&loaded.product), on_disk);
    assert!(on_disk.ends_with(b"}\n"));

    let saved = store.save_over(&loaded.product, &loaded.bytes).unwrap();
    assert_eq!(saved, on_disk);
    let (_, after) = store.update(|_| Ok(())).unwrap();
    assert_eq!(after, loaded.product);
    assert_eq!(fs::read(store.path()).unwrap(), on_disk);
}

#[test]
fn a_change_shows_in_the_file_as_a_small_diff() {
    let (_dir, store) = saved_sample();
    let before = fs::read_to_string(store.path()).unwrap();
    store
        .update(|p| {
            let first = p.stories()[0].id;
            p.update_story(
                first,
                roadlog::model::StoryPatch {
                    title: Some("A new title".into()),
                    ..Default::default()
                },
                p.stories()[0].updated,
            )
        })
        .unwrap();
    let after = fs::read_to_string(store.path()).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("\"title\": \"A new title\""));
}

#[test]
fn unknown_fields_at_every_level_survive_a_save() {
    let (_dir, store) = saved_sample();
    let mut doc = read_json(store.path());
    let big: Value = serde_json::from_str("12345678901234567890").unwrap();
    doc["x_future"] = json!({"nested": [1, 2.5, "text", null], "flag": true});
    doc["x_big"] = big.clone();
    doc["x_ratio"] = json!(0.1);
    doc["stories"][0]["x_estimate_hours"] = json!(0.1);
    doc["stories"][0]["x_big"] = big.clone();
    doc["epics"][0]["x_owner_team"] = json!("payments");
    doc["visions"][0]["x_big"] = big.clone();
    doc["sprints"][0]["x_retro"] = json!({"went_well": ["pairing"], "score": 0.1});
    write_json(store.path(), &doc);

    store.update(|p| add_story(p, "One more")).unwrap();
    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.contains("\"x_big\": 12345678901234567890"), "{text}");
    assert!(text.contains("\"x_ratio\": 0.1\n") || text.contains("\"x_ratio\": 0.1,"));
    let saved = read_json(store.path());
    assert_eq!(saved["x_future"], doc["x_future"]);
    assert_eq!(saved["x_big"], big);
    assert_eq!(saved["x_ratio"].as_f64(), Some(0.1));
    assert_eq!(saved["stories"][0]["x_estimate_hours"].as_f64(), Some(0.1));
    assert_eq!(saved["stories"][0]["x_big"], big);
    assert_eq!(saved["epics"][0]["x_owner_team"], "payments");
    assert_eq!(saved["visions"][0]["x_big"], big);
    assert_eq!(saved["sprints"][0]["x_retro"], doc["sprints"][0]["x_retro"]);
    assert_eq!(
        saved["stories"].as_array().unwrap().len(),
        roadlog::demo::BASE_STORIES + 1
    );

    // Once saved, the file with its unknown fields is stable too.
    let bytes = fs::read(store.path()).unwrap();
    store.update(|_| Ok(())).unwrap();
    assert_eq!(fs::read(store.path()).unwrap(), bytes);
    assert_eq!(encode(&store.load().unwrap().product), bytes);
}

#[test]
fn unknown_fields_in_sprint_records_and_settings_survive_a_save() {
    let (_dir, store) = saved_sample();
    let mut doc = read_json(store.path());
    doc["settings"] = json!({"x_wsjf": {"weights": [1, 2]}});
    doc["sprints"][0]["result"]["x_mood"] = json!("good");
    doc["sprints"][6]["baseline"]["x_note"] = json!("agreed");
    doc["sprints"][6]["baseline"]["stories"][0]["x_confidence"] = json!(0.1);
    doc["sprints"][6]["scope_changes"][0]["x_why"] = json!("urgent");
    // SP-7 is the active sprint: the one with a baseline and a scope change.
    write_json(store.path(), &doc);

    store.update(|p| add_story(p, "One more")).unwrap();
    let saved = read_json(store.path());
    // An unknown setting keeps the settings object although every known setting is default.
    assert_eq!(saved["settings"], doc["settings"]);
    for path in [
        "/sprints/0/result/x_mood",
        "/sprints/6/baseline/x_note",
        "/sprints/6/baseline/stories/0/x_confidence",
        "/sprints/6/scope_changes/0/x_why",
    ] {
        assert_eq!(saved.pointer(path), doc.pointer(path), "{path}");
    }
}

#[test]
fn a_file_from_before_sprint_records_saves_byte_identically() {
    // The fixtures predate baselines, results, scope changes and settings.
    for name in ["small.json", "unknown-fields.json"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid")
            .join(name);
        let bytes = fs::read(&path).unwrap();
        let product = decode(&path, &bytes).unwrap();
        let again = encode(&product);
        let text = String::from_utf8(again.clone()).unwrap();
        assert!(
            !text.contains("baseline") && !text.contains("\"settings\""),
            "{name}"
        );
        assert_eq!(again, bytes, "{name}");
    }
}

#[test]
fn a_file_from_before_typed_goals_saves_byte_identically_and_reads_them_typed() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/untyped-goals.json");
    let bytes = fs::read(&path).unwrap();
    let product = decode(&path, &bytes).unwrap();
    assert_eq!(encode(&product), bytes);
    let goals = &product.visions()[0].goals;
    let conversion = &goals[0];
    assert_eq!(conversion.baseline().map(|q| q.value), Some(3.1));
    assert_eq!(conversion.target_quantity().map(|q| q.value), Some(4.0));
    assert_eq!(conversion.unit().map(|u| u.name()), Some("%".to_string()));
    assert_eq!(conversion.direction(), Some(roadlog::model::Direction::Up));
    // "2m40s" is not a number with a unit: kept as text, so the goal has no direction.
    assert_eq!(goals[1].baseline(), None);
    assert_eq!(goals[1].metric.as_ref().map(|m| m.as_str()), Some("2m40s"));
    assert_eq!(goals[1].direction(), None);
    assert_eq!(goals[2].to_string(), "Faster pages: p95 load time");
    assert_eq!(goals[3].to_string(), "Fewer tickets: -> 400/month");
    assert_eq!(goals[3].extra["x_owner"], "support");
}

#[test]
fn unknown_fields_inside_nested_values_survive_a_save() {
    let (_dir, store) = saved_sample();
    let mut doc = read_json(store.path());
    doc["next_ids"]["x_release"] = json!(7);
    doc["visions"][0]["goals"][0]["x_baseline_date"] = json!("2026-01-01");
    doc["stories"][0]["acceptance_criteria"][0]["x_done_by"] = json!("ana");
    doc["stories"][0]["history"][0]["x_by"] = json!("ben");
    write_json(store.path(), &doc);

    store.update(|p| add_story(p, "One more")).unwrap();
    let saved = read_json(store.path());
    assert_eq!(saved["next_ids"]["x_release"], 7);
    assert_eq!(
        saved["visions"][0]["goals"][0]["x_baseline_date"],
        "2026-01-01"
    );
    assert_eq!(
        saved["stories"][0]["acceptance_criteria"][0]["x_done_by"],
        "ana"
    );
    assert_eq!(saved["stories"][0]["history"][0]["x_by"], "ben");
}

/// Breaks line 7 of the saved sample; returns the file's bytes and that line's indentation.
fn corrupt(store: &Store) -> (Vec<u8>, usize) {
    let text = fs::read_to_string(store.path()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let indent = lines[6].len() - lines[6].trim_start().len();
    lines[6].insert(indent, '@');
    let broken = lines.join("\n") + "\n";
    fs::write(store.path(), &broken).unwrap();
    (broken.into_bytes(), indent)
}

#[test]
fn a_corrupt_file_is_never_overwritten_and_the_error_says_where() {
    let (_dir, store) = saved_sample();
    let (broken, indent) = corrupt(&store);
    let err = store.update(|p| add_story(p, "lost?")).unwrap_err();
    match &err {
        StoreError::Parse { line, column, .. } => {
            assert_eq!((*line, *column), (7, indent + 1), "{err}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains(&store.path().display().to_string()),
        "{message}"
    );
    assert!(
        message.contains(&format!("line 7, column {}", indent + 1)),
        "{message}"
    );
    assert_eq!(fs::read(store.path()).unwrap(), broken);
    assert!(store.load().is_err());
    // A session that loaded the file before it broke does not write over it either.
    let (_dir2, good) = saved_sample();
    let held = good.load().unwrap();
    let err = store.save_over(&held.product, &held.bytes).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(fs::read(store.path()).unwrap(), broken);
}

#[test]
fn a_truncated_file_is_refused_with_its_position() {
    let (_dir, store) = saved_sample();
    let full = fs::read(store.path()).unwrap();
    let half = &full[..full.len() / 2];
    fs::write(store.path(), half).unwrap();
    let err = store.update(|p| add_story(p, "lost?")).unwrap_err();
    assert!(
        matches!(err, StoreError::Parse { line, .. } if line > 1),
        "{err}"
    );
    assert_eq!(fs::read(store.path()).unwrap(), half);
}

#[test]
fn conflict_markers_are_named_with_their_line() {
    let (_dir, store) = saved_sample();
    let text = fs::read_to_string(store.path()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(4, "<<<<<<< HEAD");
    lines.insert(6, "=======");
    lines.insert(8, ">>>>>>> feature");
    let merged = lines.join("\n") + "\n";
    fs::write(store.path(), &merged).unwrap();
    let err = store.update(|p| add_story(p, "lost?")).unwrap_err();
    assert!(
        matches!(err, StoreError::ConflictMarkers { line: 5, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("git conflict markers at line 5"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(store.path()).unwrap(), merged);
}

#[test]
fn foreign_and_newer_files_are_refused_with_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("other.json"));
    let cases = [
        (
            json!({"name": "my-package", "version": "1.0.0"}),
            "it has no 'schema' field",
        ),
        (
            json!({"schema": "https://json-schema.org/draft/2020-12/schema", "name": "x"}),
            "its 'schema' is \"https://json-schema.org/draft/2020-12/schema\", not a version number",
        ),
        (
            json!({"schema": 0, "name": "x"}),
            "its 'schema' is 0, not a version number",
        ),
    ];
    for (doc, why) in cases {
        write_json(store.path(), &doc);
        let before = fs::read(store.path()).unwrap();
        let err = store.update(|p| add_story(p, "x")).unwrap_err();
        assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
        assert!(err.to_string().ends_with(why), "{err}");
        assert!(
            err.to_string().contains("is not a roadlog document"),
            "{err}"
        );
        assert_eq!(fs::read(store.path()).unwrap(), before);
    }

    // JSON that is not an object at all is foreign too, whatever it holds.
    for (text, what) in [
        ("[5]\n", "a JSON array"),
        ("[1, \"x\"]\n", "a JSON array"),
        ("\"roadlog\"\n", "a JSON string"),
        ("42\n", "a JSON number"),
        ("null\n", "JSON null"),
    ] {
        fs::write(store.path(), text).unwrap();
        let err = store.update(|p| add_story(p, "x")).unwrap_err();
        assert!(matches!(err, StoreError::Foreign { .. }), "{text}: {err:?}");
        assert!(
            err.to_string()
                .ends_with(&format!("it holds {what}, not an object")),
            "{err}"
        );
        assert_eq!(fs::read_to_string(store.path()).unwrap(), text);
    }

    let mut newer = serde_json::to_value(sample(today(), 40).unwrap()).unwrap();
    newer["schema"] = json!(2);
    write_json(store.path(), &newer);
    let before = fs::read(store.path()).unwrap();
    let err = store.update(|p| add_story(p, "x")).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 2,
                supported: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("written by a newer roadlog (schema 2; this one reads up to 1)")
    );
    assert!(store.load().is_err());
    assert_eq!(fs::read(store.path()).unwrap(), before);
}

#[test]
fn a_document_that_breaks_the_rules_is_not_written_over() {
    let (_dir, store) = saved_sample();
    let mut doc = read_json(store.path());
    doc["sprints"][7]["state"] = json!("active");
    doc["stories"][0]["epic"] = json!("E-99");
    write_json(store.path(), &doc);
    let before = fs::read(store.path()).unwrap();
    let err = store.update(|p| add_story(p, "x")).unwrap_err();
    let StoreError::Invalid { problems, .. } = &err else {
        panic!("expected the broken rules, got {err:?}");
    };
    assert_eq!(problems.len(), 2, "{problems:?}");
    let message = err.to_string();
    assert!(
        message.contains("more than one sprint is active: SP-7, SP-8"),
        "{message}"
    );
    assert!(
        message.contains("belongs to E-99, which does not exist"),
        "{message}"
    );
    assert_eq!(fs::read(store.path()).unwrap(), before);
    // Readers still see it, so `roadlog check` can list the problems.
    assert_eq!(store.load().unwrap().product.problems().len(), 2);
}

#[test]
fn a_refused_change_writes_nothing() {
    let (_dir, store) = saved_sample();
    let before = fs::read(store.path()).unwrap();
    let err = store
        .update(|p| {
            add_story(p, "half done")?;
            p.move_story(StoryId(9999), Place::Top)
        })
        .unwrap_err();
    assert!(err.to_string().starts_with("no story S-9999 in "), "{err}");
    assert_eq!(fs::read(store.path()).unwrap(), before);
}

#[test]
fn create_refuses_an_existing_file() {
    let (_dir, store) = saved_sample();
    let before = fs::read(store.path()).unwrap();
    let err = store.create(&Product::new("other")).unwrap_err();
    assert!(matches!(err, StoreError::Exists { .. }), "{err:?}");
    assert!(err.to_string().contains("already exists"));
    assert_eq!(fs::read(store.path()).unwrap(), before);

    // And it makes the folder when there is none.
    let dir = tempfile::tempdir().unwrap();
    let deep = Store::at(dir.path().join("a/b/roadlog.json"));
    deep.create(&Product::new("deep")).unwrap();
    assert_eq!(deep.load().unwrap().product.name(), "deep");
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join("none.json"));
    let err = store.update(|p| add_story(p, "x")).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }));
    assert!(err.to_string().contains("roadlog init"));
    assert!(!store.path().exists());
}

#[test]
fn save_over_refuses_when_someone_else_wrote_in_between() {
    let (_dir, store) = saved_sample();
    let mine = store.load().unwrap();
    store.update(|p| add_story(p, "theirs")).unwrap();
    let theirs = fs::read(store.path()).unwrap();

    let mut edited = mine.product.clone();
    add_story(&mut edited, "mine").unwrap();
    let err = store.save_over(&edited, &mine.bytes).unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(
        fs::read(store.path()).unwrap(),
        theirs,
        "their edit is kept"
    );

    // Reloaded, the same edit goes through.
    let fresh = store.load().unwrap();
    let mut edited = fresh.product.clone();
    add_story(&mut edited, "mine").unwrap();
    let saved = store.save_over(&edited, &fresh.bytes).unwrap();
    assert_eq!(fs::read(store.path()).unwrap(), saved);
    let titles: Vec<String> = store
        .load()
        .unwrap()
        .product
        .stories()
        .iter()
        .map(|s| s.title.clone())
        .collect();
    assert!(titles.ends_with(&["theirs".to_string(), "mine".to_string()]));
}

fn titles(store: &Store) -> Vec<String> {
    let p = store.load().unwrap().product;
    p.stories().iter().map(|s| s.title.clone()).collect()
}

/// The TUI's save after another program saved: both edits are kept, the colliding new id
/// renumbered, and what was merged is said.
#[test]
fn a_save_after_another_programs_save_merges_both() {
    let (_dir, store) = saved_sample();
    let mine = store.load().unwrap();
    let (theirs_id, _) = store.update(|p| add_story(p, "theirs")).unwrap();

    let mut edited = mine.product.clone();
    let mine_id = add_story(&mut edited, "mine").unwrap();
    assert_eq!(mine_id, theirs_id, "both sides handed out the same id");
    let first = edited.stories()[0].id;
    edited
        .update_story(
            first,
            roadlog::model::StoryPatch {
                title: Some("renamed here".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    let saved = store.save_merged(&edited, &mine.bytes).unwrap();
    assert_eq!(fs::read(store.path()).unwrap(), saved.bytes);
    let (merged, report) = saved.merged.expect("a merge");
    let all = titles(&store);
    assert_eq!(all[0], "renamed here");
    assert!(
        all.ends_with(&["theirs".to_string(), "mine".to_string()]),
        "{all:?}"
    );
    let new_id = StoryId(mine_id.0 + 1);
    assert_eq!(merged.story(new_id).unwrap().title, "mine");
    assert_eq!(merged.story(theirs_id).unwrap().title, "theirs");
    assert_eq!(
        report.renumbered,
        [(mine_id.to_string(), new_id.to_string())]
    );
    assert!(
        report
            .summary("another program")
            .starts_with("merged 1 change from another program")
    );
    assert_eq!(store.load().unwrap().product, merged);

    // Saving again on top of the merge is a plain save.
    let again = store.save_merged(&merged, &saved.bytes).unwrap();
    assert!(again.merged.is_none());
    assert_eq!(again.bytes, saved.bytes);
}

#[test]
fn a_same_field_edit_on_both_sides_keeps_ours_and_records_theirs_in_the_file() {
    let (_dir, store) = saved_sample();
    let mine = store.load().unwrap();
    let first = mine.product.stories()[0].id;
    let retitle = |p: &mut Product, title: &str| {
        let patch = roadlog::model::StoryPatch {
            title: Some(title.into()),
            ..Default::default()
        };
        p.update_story(first, patch, now())
    };
    store.update(|p| retitle(p, "theirs")).unwrap();
    let mut edited = mine.product.clone();
    retitle(&mut edited, "ours").unwrap();
    let (merged, report) = store
        .save_merged(&edited, &mine.bytes)
        .unwrap()
        .merged
        .unwrap();
    assert_eq!(merged.story(first).unwrap().title, "ours");
    assert_eq!(report.conflicts.len(), 1);
    let on_disk = store.load().unwrap().product;
    let open = on_disk.conflicts();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].entity, first.to_string());
    assert_eq!(open[0].field, "title");
    assert_eq!(
        (open[0].ours.clone(), open[0].theirs.clone()),
        (json!("ours"), json!("theirs"))
    );
}

#[test]
fn a_merge_that_would_break_a_rule_saves_nothing_and_says_why() {
    let (_dir, store) = saved_sample();
    let mine = store.load().unwrap();
    let ids: Vec<StoryId> = mine
        .product
        .stories()
        .iter()
        .map(|s| s.id)
        .take(2)
        .collect();
    let block = |p: &mut Product, story: StoryId, by: StoryId| {
        let patch = roadlog::model::StoryPatch {
            blocked_by: Some(vec![by]),
            ..Default::default()
        };
        p.update_story(story, patch, now())
    };
    store.update(|p| block(p, ids[0], ids[1])).unwrap();
    let theirs = fs::read(store.path()).unwrap();
    let mut edited = mine.product.clone();
    block(&mut edited, ids[1], ids[0]).unwrap();
    let err = store.save_merged(&edited, &mine.bytes).unwrap_err();
    assert!(
        matches!(err, StoreError::MergeBreaksRules { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("blocked-by cycle"), "{err}");
    assert_eq!(
        fs::read(store.path()).unwrap(),
        theirs,
        "their save is kept"
    );
}

#[test]
fn save_over_refuses_a_product_that_breaks_the_rules() {
    let (_dir, store) = saved_sample();
    let loaded = store.load().unwrap();
    let mut doc = serde_json::to_value(&loaded.product).unwrap();
    doc["stories"][0]["blocked_by"] = json!([doc["stories"][0]["id"].clone()]);
    let broken: Product = serde_json::from_value(doc).unwrap();
    let err = store.save_over(&broken, &loaded.bytes).unwrap_err();
    assert!(matches!(err, StoreError::Invalid { .. }), "{err:?}");
    assert_eq!(fs::read(store.path()).unwrap(), loaded.bytes);
}

#[test]
fn permission_bits_are_kept_across_a_save() {
    let (_dir, store) = saved_sample();
    for mode in [0o644, 0o664, 0o600, 0o640] {
        fs::set_permissions(store.path(), fs::Permissions::from_mode(mode)).unwrap();
        store.update(|p| add_story(p, "x")).unwrap();
        let after = fs::metadata(store.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(after, mode, "{mode:o} became {after:o}");
    }
}

/// A pid that belonged to a process which has ended.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn stale_temporary_files_are_removed_by_the_next_write() {
    let (dir, store) = saved_sample();
    let dead = dead_pid();
    let stale = [
        format!(".roadlog.json.roadlog-{dead}-1.tmp"),
        format!(".roadlog.json.roadlog-{dead}-17.tmp"),
    ];
    let keep = [
        // A user's own file that only looks like litter.
        ".roadlog.json.backup".to_string(),
        ".roadlog.json.a1B2c3".to_string(),
        format!(".roadlog.json.roadlog-{dead}-1.tmp.keep"),
        format!(".other.json.roadlog-{dead}-1.tmp"),
        // A live writer's file: this very process is alive.
        format!(".roadlog.json.roadlog-{}-1.tmp", std::process::id()),
        "notes.txt".to_string(),
    ];
    for name in stale.iter().chain(&keep) {
        fs::write(dir.path().join(name), "{ half a docu").unwrap();
    }
    let _ = store.load().unwrap(); // readers do not touch them
    assert!(dir.path().join(&stale[0]).exists());
    store.update(|p| add_story(p, "x")).unwrap();
    for name in &stale {
        assert!(!dir.path().join(name).exists(), "{name} left behind");
    }
    for name in &keep {
        assert!(dir.path().join(name).exists(), "{name} was removed");
    }
}

#[test]
fn the_lock_file_is_as_private_as_the_document() {
    let (dir, store) = saved_sample();
    let lock = dir.path().join(format!("{FILE_NAME}.lock"));
    for mode in [0o600, 0o640, 0o664] {
        fs::set_permissions(store.path(), fs::Permissions::from_mode(mode)).unwrap();
        let _ = fs::remove_file(&lock);
        store.update(|p| add_story(p, "x")).unwrap();
        let got = fs::metadata(&lock).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, mode, "lock file {got:o} beside a {mode:o} document");
        // Released, it names no holder.
        assert_eq!(fs::read_to_string(&lock).unwrap(), "");
    }
}

#[test]
fn a_document_reached_through_a_symlink_stays_a_symlink() {
    let (dir, store) = saved_sample();
    let link_dir = dir.path().join("elsewhere");
    fs::create_dir(&link_dir).unwrap();
    let link = link_dir.join(FILE_NAME);
    std::os::unix::fs::symlink(store.path(), &link).unwrap();
    let through_link = Store::at(&link);
    through_link
        .update(|p| add_story(p, "via the link"))
        .unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let target = store.load().unwrap().product;
    assert_eq!(target.stories().last().unwrap().title, "via the link");
    // Writers using either name lock the same file.
    assert!(!link_dir.join(format!("{FILE_NAME}.lock")).exists());
}

fn tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().join("repo/sub/deeper");
    fs::create_dir_all(&cwd).unwrap();
    (dir, cwd)
}

#[test]
fn locate_takes_flag_then_env_then_nearest_parent_then_config_then_data_dir() {
    let (dir, cwd) = tree();
    let flag = dir.path().join("flag.json");
    let env = dir.path().join("env.json");
    let repo = dir.path().join("repo").join(FILE_NAME);
    let sub = dir.path().join("repo/sub").join(FILE_NAME);

    let found = locate(None, None, None, &cwd);
    assert!(
        matches!(&found, Located::DataDir(p) if p.ends_with("roadlog/roadlog.json")),
        "{found:?}"
    );
    // The config file's `document` comes before the data folder, after everything else.
    let configured = dir.path().join("configured.json");
    assert_eq!(
        locate(None, None, Some(&configured), &cwd),
        Located::Config(configured.clone())
    );
    assert_eq!(
        locate(None, Some(&env), Some(&configured), &cwd),
        Located::Env(env.clone())
    );

    fs::write(&repo, "{}").unwrap();
    assert_eq!(
        locate(None, None, None, &cwd),
        Located::Ancestor(repo.clone())
    );
    assert_eq!(
        locate(None, None, Some(&configured), &cwd),
        Located::Ancestor(repo.clone()),
        "a roadlog.json here or above wins over the config's document"
    );
    fs::write(&sub, "{}").unwrap();
    assert_eq!(
        locate(None, None, None, &cwd),
        Located::Ancestor(sub.clone())
    );
    fs::write(cwd.join(FILE_NAME), "{}").unwrap();
    assert_eq!(
        locate(None, None, None, &cwd),
        Located::Ancestor(cwd.join(FILE_NAME))
    );
    // A folder named roadlog.json is not a document.
    let (_dir2, cwd2) = tree();
    fs::create_dir(cwd2.join(FILE_NAME)).unwrap();
    assert!(matches!(
        locate(None, None, None, &cwd2),
        Located::DataDir(_)
    ));

    assert_eq!(
        locate(None, Some(&env), None, &cwd),
        Located::Env(env.clone())
    );
    assert_eq!(
        locate(None, Some(Path::new("")), None, &cwd),
        Located::Ancestor(cwd.join(FILE_NAME)),
        "an empty $ROADLOG_FILE counts as unset"
    );
    assert_eq!(
        locate(Some(&flag), Some(&env), None, &cwd),
        Located::Flag(flag.clone())
    );
    assert_eq!(locate(Some(&flag), Some(&env), None, &cwd).path(), flag);
}

#[test]
fn decode_reads_what_encode_writes() {
    let product = sample(today(), 60).unwrap();
    let bytes = encode(&product);
    let back = decode(Path::new("mem.json"), &bytes).unwrap();
    assert_eq!(back, product);
}

/// A report goes beside the document and never replaces a file already there (someone may
/// have added notes to last time's review).
#[test]
fn reports_never_overwrite_an_existing_file() {
    let (dir, store) = saved_sample();
    let first = store.write_report("SP-2-review.md", "one").unwrap();
    assert_eq!(first, dir.path().join("SP-2-review.md"));
    fs::write(&first, "one, with my notes").unwrap();
    let second = store.write_report("SP-2-review.md", "two").unwrap();
    assert_eq!(second, dir.path().join("SP-2-review-2.md"));
    assert_eq!(fs::read_to_string(&first).unwrap(), "one, with my notes");
    assert_eq!(fs::read_to_string(&second).unwrap(), "two");
}

#[test]
fn a_read_only_store_refuses_every_write_and_creates_nothing() {
    let (dir, store) = saved_sample();
    fs::remove_file(dir.path().join(format!("{FILE_NAME}.lock"))).unwrap();
    let store = store.with_access(roadlog::store::Access::ReadOnly);
    let before = fs::read(store.path()).unwrap();
    let loaded = store.load().unwrap();
    let refused = |e: StoreError| assert!(matches!(e, StoreError::ReadOnly { .. }), "{e}");
    refused(store.update(|p| add_story(p, "x")).unwrap_err());
    refused(store.save_over(&loaded.product, &loaded.bytes).unwrap_err());
    refused(store.write_report("SP-1-review.md", "text").unwrap_err());
    refused(
        Store::at(dir.path().join("new.json"))
            .with_access(roadlog::store::Access::ReadOnly)
            .create(&loaded.product)
            .unwrap_err(),
    );
    assert!(!store.is_writable());
    assert_eq!(fs::read(store.path()).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [FILE_NAME], "no lock file, report or new document");
}
/// A save that finds the lock taken tells its hook before it waits (the TUI's badge), naming
/// the holder, and goes on once the lock is free. The lock is a real one, on the real file.
#[test]
fn a_save_waiting_for_the_lock_says_who_holds_it_then_saves() {
    use std::io::Write;
    let (dir, store) = saved_sample();
    let loaded = store.load().unwrap();
    let mut held = fs::File::create(dir.path().join("roadlog.json.lock")).unwrap();
    held.lock().unwrap();
    writeln!(held, "4242").unwrap();
    let mut edited = loaded.product.clone();
    add_story(&mut edited, "Saved after the wait").unwrap();
    let (told_tx, told_rx) = std::sync::mpsc::channel();
    let store = store.on_lock_wait(std::sync::Arc::new(
        move |wait: &roadlog::store::LockWait| {
            let _ = told_tx.send(wait.clone());
        },
    ));
    let saver = {
        let store = store.clone();
        let expected = loaded.bytes.clone();
        std::thread::spawn(move || store.save_over(&edited, &expected))
    };
    let wait = told_rx.recv().unwrap();
    assert_eq!(wait.holder, Some(4242));
    assert_eq!(
        fs::read(store.path()).unwrap(),
        loaded.bytes,
        "nothing written yet"
    );
    held.unlock().unwrap();
    let saved = saver.join().unwrap().unwrap();
    assert_eq!(fs::read(store.path()).unwrap(), saved);
    assert!(
        String::from_utf8(saved)
            .unwrap()
            .contains("Saved after the wait")
    );
}

/// What could not be saved goes to a recovery file beside the document, with the
/// document's permission bits, never replacing an earlier one.
#[test]
fn recovery_files_keep_the_document_and_a_draft_with_the_document_mode() {
    use roadlog::store::{Draft, DraftField, Recovery};
    let (dir, store) = saved_sample();
    fs::set_permissions(store.path(), fs::Permissions::from_mode(0o640)).unwrap();
    let mut product = store.load().unwrap().product;
    add_story(&mut product, "Never saved").unwrap();
    let draft = Draft {
        what: "New story".into(),
        form: Some("new-story".into()),
        focus: Some("Title".into()),
        fields: vec![DraftField {
            name: "title".into(),
            text: "Half typed".into(),
        }],
    };
    let base = fs::read(store.path()).unwrap();
    let recovery = Recovery {
        product: Some(&product),
        base: Some(&base),
        draft: Some(&draft),
        reason: "waiting for the lock held by pid 4242",
        written: now(),
    };
    let first = store.write_recovery(&recovery).unwrap();
    assert_eq!(first, dir.path().join("roadlog.json.recovery"));
    let mode = fs::metadata(&first).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "{mode:o}");
    let doc = read_json(&first);
    assert_eq!(doc["roadlog_recovery"], 1);
    assert_eq!(doc["reason"], "waiting for the lock held by pid 4242");
    assert_eq!(doc["draft"]["fields"][0]["text"], "Half typed");
    let kept: Product = serde_json::from_value(doc["product"].clone()).unwrap();
    assert_eq!(kept, product);

    let only_draft = Recovery {
        product: None,
        ..recovery
    };
    let second = store.write_recovery(&only_draft).unwrap();
    assert_eq!(second, dir.path().join("roadlog.json-2.recovery"));
    assert!(read_json(&second).get("product").is_none());
    assert_eq!(
        read_json(&first)["draft"]["what"],
        "New story",
        "the first one kept"
    );
}

/// The store lists a document's recovery files oldest first, reads each back whole (the
/// unsaved document, the exact version it was based on, the draft), and deletes one only
/// when asked, and only if it is one of this document's.
#[test]
fn recovery_files_are_listed_read_back_and_deleted() {
    use roadlog::store::{Draft, DraftField, Recovery};
    let (dir, store) = saved_sample();
    assert!(store.recoveries().is_empty());
    let base = fs::read(store.path()).unwrap();
    let mut product = store.load().unwrap().product;
    add_story(&mut product, "Never saved").unwrap();
    let draft = Draft {
        what: "Edit S-4".into(),
        form: Some("story S-4".into()),
        focus: Some("Title".into()),
        fields: vec![DraftField {
            name: "Title".into(),
            text: "Half typed\r with a tab\t".into(),
        }],
    };
    let both = Recovery {
        product: Some(&product),
        base: Some(&base),
        draft: Some(&draft),
        reason: "the terminal went away",
        written: now(),
    };
    let first = store.write_recovery(&both).unwrap();
    let only_draft = Recovery {
        product: None,
        base: None,
        ..both
    };
    let second = store.write_recovery(&only_draft).unwrap();
    // Look-alikes of other documents and of other files are not ours.
    for other in [
        "roadlog.json.recovery.bak",
        "other.json.recovery",
        "roadlog.json-02.recovery",
        "roadlog.json-x.recovery",
    ] {
        fs::write(dir.path().join(other), "{}").unwrap();
    }
    // Numbered names sort by number, not as text.
    let tenth = dir.path().join("roadlog.json-10.recovery");
    fs::copy(&second, &tenth).unwrap();
    assert_eq!(store.recoveries(), [first.clone(), second.clone(), tenth]);

    let read = store.read_recovery(&first).unwrap();
    assert_eq!(read.path, first);
    assert_eq!(read.reason, "the terminal went away");
    assert_eq!(read.written, now());
    assert_eq!(read.draft.as_ref(), Some(&draft));
    let (kept, kept_base) = read.edits.unwrap();
    assert_eq!(kept, product);
    assert!(kept_base == base, "the base comes back byte for byte");
    let read = store.read_recovery(&second).unwrap();
    assert!(read.edits.is_none());
    assert_eq!(read.draft, Some(draft));

    let look_alike = dir.path().join("roadlog.json.recovery.bak");
    let refused = store.delete_recovery(&look_alike).unwrap_err();
    assert!(
        refused.to_string().contains("roadlog.json.recovery.bak"),
        "{refused}"
    );
    assert!(look_alike.exists());
    let read_only = store.clone().with_access(roadlog::store::Access::ReadOnly);
    assert!(matches!(
        read_only.delete_recovery(&first),
        Err(StoreError::ReadOnly { .. })
    ));
    assert!(first.exists());
    store.delete_recovery(&first).unwrap();
    assert!(!first.exists());
    assert!(second.exists(), "only the one asked for goes");
}

/// A recovery file that does not parse, is not a recovery file, comes from a newer
/// roadlog or names another document is refused with a message naming it, and is kept
/// byte for byte.
#[test]
fn a_corrupt_or_foreign_recovery_file_is_named_and_kept() {
    let (dir, store) = saved_sample();
    let other = dir.path().join("elsewhere.json");
    let cases = [
        (
            "roadlog.json.recovery",
            "{\"roadlog_recovery\": 1, \"draft\": {".to_string(),
            "not valid JSON",
        ),
        (
            "roadlog.json-2.recovery",
            "{\"title\": \"notes\"}".to_string(),
            "not a roadlog recovery file",
        ),
        (
            "roadlog.json-3.recovery",
            json!({"roadlog_recovery": 9, "document": store.path(), "written": now()}).to_string(),
            "newer roadlog",
        ),
        (
            "roadlog.json-4.recovery",
            json!({"roadlog_recovery": 1, "document": other, "written": now(), "reason": "",
                   "draft": {"what": "New story", "fields": []}})
            .to_string(),
            "another document",
        ),
    ];
    for (name, text, _) in &cases {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let before = fs::read(store.path()).unwrap();
    assert_eq!(store.recoveries().len(), cases.len());
    for (name, text, why) in &cases {
        let path = dir.path().join(name);
        let error = store.read_recovery(&path).unwrap_err().to_string();
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(error.contains(why), "{name}: {error}");
        assert!(error.contains("kept"), "{error}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            *text,
            "{name} untouched"
        );
    }
    assert_eq!(fs::read(store.path()).unwrap(), before);
}

/// A program that takes no lock (a script, an editor saving by rename) writes the file
/// while an edit is under way: the edit's save finds their document where it expected its
/// own base, merges both, and does so at once, without waiting for the lock it holds.
#[test]
fn a_file_renamed_in_by_a_lockless_program_during_an_edit_is_merged_at_once() {
    let (_dir, store) = saved_sample();
    let store = store.with_lock_timeout(std::time::Duration::from_secs(3));
    // Saved twice, so the file also carries the note of a canonical save (a spliced edit).
    store.update(|p| add_story(p, "Second save")).unwrap();
    let started = std::time::Instant::now();
    let (_, product) = store
        .update(|p| {
            let mut theirs: Value =
                serde_json::from_slice(&fs::read(store.path()).unwrap()).unwrap();
            theirs["name"] = json!("Renamed by a script");
            let temp = store.path().with_extension("script");
            fs::write(&temp, serde_json::to_vec(&theirs).unwrap()).unwrap();
            fs::rename(&temp, store.path()).unwrap();
            add_story(p, "Ours, meanwhile")
        })
        .unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "the save waited for its own lock: {:?}",
        started.elapsed()
    );
    let on_disk = store.load().unwrap().product;
    assert_eq!(on_disk, product);
    assert_eq!(on_disk.name(), "Renamed by a script");
    assert!(
        on_disk
            .stories()
            .iter()
            .any(|s| s.title == "Ours, meanwhile")
    );
    assert!(on_disk.stories().iter().any(|s| s.title == "Second save"));
}
