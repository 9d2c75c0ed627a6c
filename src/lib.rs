//! roadlog: a terminal backlog manager. Module map, in the order of dependence:
//!
//! - [`safe_text`]: document text made safe for a terminal and for Markdown; display widths. Pure.
//! - [`wording`]: counts written out ("1 day", "2 days") for the CLI and the TUI. Pure.
//! - [`model`]: the product (visions, epics, stories, sprints) and every rule about it. Pure.
//! - [`demo`]: the built-in sample product, scalable for benchmarks. Pure.
//! - [`query`]: the `--where` filter language over stories (CLI and TUI). Pure.
//! - [`config`]: the user's config file (key remaps, theme colours, default document, date
//!   format) parsed from its text. Pure; the store finds and reads the file.
//! - [`review`]: the sprint review report (Markdown or JSON), shared by the CLI and the TUI. Pure.
//! - [`store`]: the only code that touches disk: find, load, lock, save atomically, merge
//!   documents three ways (by entity and field), git set-up and merge driver.
//! - [`git`]: the commit log of the repository a document lives in, read with the git binary.
//! - [`import`]: Backlog.md, Jira CSV and Taskwarrior sources into the model. Pure.
//! - [`export`]: the document as Markdown, CSV, JSON and a JSON Schema. Pure.
//! - [`cli`]: the command line; one function per command over the store and the model.
//! - [`tui`]: the terminal UI: keys to actions, actions to the model and the store, state to frames.

pub mod cli;
pub mod config;
pub mod demo;
pub mod export;
pub mod git;
pub mod import;
pub mod model;
pub mod query;
pub mod review;
pub mod safe_text;
pub mod store;
pub mod tui;
pub mod wording;
