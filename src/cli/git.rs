//! `git-setup`, `merge-driver` and `git-resolve`: git as the way teams scale out, with the
//! store's three-way merge by entity doing the merging.

use std::path::Path;

use crate::safe_text;
use crate::store::{GitMerge, Store};

use super::conflicts::{settle_hint, shown};

pub fn setup(store: &Store) -> anyhow::Result<()> {
    let program = std::env::current_exe()?;
    let wrote = store.git_setup(&program)?;
    if wrote.is_empty() {
        outln!(
            "git is already set up to merge {} by entity: nothing changed",
            store.path().display()
        );
    }
    for line in wrote {
        outln!("{}", safe_text::line(&line));
    }
    Ok(())
}

/// What git runs as `roadlog merge-driver %O %A %B`: the result goes into `%A`, and a
/// conflict left in it makes the exit code 1, so git reports the file as conflicted.
pub fn driver(base: &Path, ours: &Path, theirs: &Path, template: &Store) -> anyhow::Result<()> {
    let store = template.at_same_limits(ours);
    let merge = store.merge_driver(base, theirs)?;
    eprintln!("roadlog: {}", merge.report.summary("the other branch"));
    finish(&merge, "then `git add` the file and commit")
}

pub fn resolve(store: &Store) -> anyhow::Result<()> {
    let resolved = store.git_resolve()?;
    outln!(
        "merged {} by entity from git's three versions: {}",
        store.path().display(),
        resolved.merge.report.summary("the other branch")
    );
    if resolved.staged {
        outln!("staged it (git add); finish with `git commit`");
    }
    finish(&resolved.merge, "then `git add` the file")
}

/// Fails, naming each conflict and broken rule, when the merge left anything to settle.
fn finish(merge: &GitMerge, then: &str) -> anyhow::Result<()> {
    if merge.is_clean() {
        return Ok(());
    }
    let mut lines = Vec::new();
    for c in &merge.report.conflicts {
        lines.push(format!(
            "CONFLICT {} {}: changed on both branches; ours {} stands, theirs {} is kept in the document ({})",
            safe_text::line(&c.entity),
            safe_text::line(&c.field),
            shown(&c.ours),
            shown(&c.theirs),
            settle_hint(c)
        ));
    }
    for p in &merge.problems {
        lines.push(format!("the merge breaks a rule, fix it by hand: {p}"));
    }
    anyhow::bail!("{}\n{then}", lines.join("\n"))
}
