//! Long text in `$EDITOR` (falling back to `vi`). The one place the UI writes a file
//! itself: an external editor can only edit a file, so the text goes to a private
//! temporary file (mode 0600, removed when dropped), not to the document, which only the
//! store writes.

use std::io::Write as _;
use std::process::Command;

use anyhow::{Context as _, bail};

use super::form::Target;

/// Text for the editor, and what it belongs to: handed to the loop in
/// [`Effect::Editor`](super::app::Effect::Editor) and back with the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
    pub target: Target,
    pub text: String,
}

/// Opens `text` in the user's editor on the current terminal and returns what was saved.
/// The caller suspends the UI first and restores it after.
pub fn edit(text: &str) -> anyhow::Result<String> {
    let mut file = tempfile::Builder::new()
        .prefix("roadlog-")
        .suffix(".md")
        .tempfile()
        .context("cannot create a temporary file for the editor")?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    let editor = std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    // Through the shell, as git does, so EDITOR may carry arguments ("code --wait").
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot run the editor '{editor}'"))?;
    if !status.success() {
        bail!("the editor '{editor}' failed ({status}); nothing changed");
    }
    std::fs::read_to_string(file.path()).context("cannot read the edited text back")
}
