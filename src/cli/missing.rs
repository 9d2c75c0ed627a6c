//! What to say when there is no document: which file was looked for, why that one, and the
//! exact command that creates it. The store only knows the path; how it was chosen
//! (`--file`, `$ROADLOG_FILE`, the data folder) is the command line's, so the advice is here.

use std::path::Path;

use crate::store::{FILE_NAME, Located, StoreError};

/// Turns a "no document" refusal into advice for the way the file was chosen; any other
/// error passes through unchanged.
pub fn explain(e: anyhow::Error, located: &Located, cwd: &Path) -> anyhow::Error {
    match e.downcast_ref::<StoreError>() {
        Some(StoreError::Missing { path }) if path == located.path() => {
            anyhow::anyhow!("{}", advice(located, cwd))
        }
        _ => e,
    }
}

fn advice(located: &Located, cwd: &Path) -> String {
    let shown = |p: &Path| p.display().to_string();
    match located {
        Located::Flag(p) => format!(
            "no roadlog document at {} (named by --file); create it with `roadlog init --file {}`, \
             or check the path",
            shown(p),
            shown(p)
        ),
        Located::Env(p) => format!(
            "no roadlog document at {} (named by $ROADLOG_FILE); create it with `roadlog init` \
             (which uses $ROADLOG_FILE too), or change $ROADLOG_FILE",
            shown(p)
        ),
        // Found a moment ago and gone now: another program removed it.
        Located::Ancestor(p) => format!(
            "{} was removed while roadlog was starting; restore it (git checkout, a backup) \
             or create a new one with `roadlog init --file {}`",
            shown(p),
            shown(p)
        ),
        Located::Config(p) => format!(
            "no roadlog document at {} (the config file's `document`; `roadlog config path` \
             shows the file); create it with `roadlog init --file {}`, or change `document`",
            shown(p),
            shown(p)
        ),
        Located::DataDir(p) => format!(
            "no roadlog document yet: none in {cwd} or any folder above it, and none at {data}\n  \
             a backlog for this folder:  roadlog init   (creates {here})\n  \
             your personal backlog:      roadlog init --file {data}\n  \
             or look around first:       roadlog demo",
            cwd = shown(cwd),
            data = shown(p),
            here = shown(&cwd.join(FILE_NAME)),
        ),
    }
}
