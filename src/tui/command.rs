//! The `:` command line: a filter expression in the `--where` language ([`Query`]) that
//! narrows the backlog. The expression shows in the header; Esc clears it.

use crate::query::Query;

use super::app::{App, Mode, Pane};

impl App {
    pub(super) fn start_command(&mut self) {
        let current = self.backlog.query.as_ref().map(ToString::to_string);
        self.command = Some(current.unwrap_or_default());
        self.mode = Mode::Command;
    }

    pub(super) fn command_text(&mut self, text: &str) {
        if let Some(c) = self.command.as_mut() {
            c.extend(text.chars().filter(|c| !c.is_control()));
        }
    }

    pub(super) fn command_backspace(&mut self) {
        if let Some(c) = self.command.as_mut() {
            c.pop();
        }
    }

    pub(super) fn cancel_command(&mut self) {
        self.command = None;
        self.mode = Mode::Normal;
    }

    /// Enter: applies the expression to the backlog, or says what is wrong and stays open.
    pub(super) fn run_command(&mut self) {
        let text = self.command.clone().unwrap_or_default();
        let query = Query::parse(&text).and_then(|q| {
            q.check(&self.product)
                .map_err(|e| crate::query::QueryError::BadValue {
                    key: "filter",
                    value: text.clone(),
                    why: e.to_string(),
                })?;
            Ok(q)
        });
        match query {
            Ok(q) => {
                self.backlog.query = (!q.is_empty()).then_some(q);
                self.cancel_command();
                self.focus = Pane::Backlog;
                self.rebuild_lists();
                self.backlog.list.first();
                let n = self.backlog.list.len();
                self.message = Some(format!("{n} stories match"));
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }
}
