//! The `:` command line: a filter expression in the `--where` language ([`Query`]) that
//! narrows the backlog. The expression shows in the header; Esc clears it.

use crate::query::Query;

use super::action::CommandAction;
use super::app::{App, Pane};
use super::overlay::Overlay;

impl App {
    /// `:` opens the line on the expression in force, to edit it.
    pub(super) fn start_command(&mut self) {
        let current = self.backlog.query.as_ref().map(ToString::to_string);
        self.overlays
            .push(Overlay::Command(current.unwrap_or_default()));
    }

    /// The keys of the `:` line on top.
    pub(super) fn command_key(&mut self, action: CommandAction) {
        let Some(Overlay::Command(line)) = self.overlays.top_mut() else {
            return;
        };
        match action {
            CommandAction::Char(c) if !c.is_control() => line.push(c),
            CommandAction::Char(_) => {}
            CommandAction::Paste(text) => line.extend(text.chars().filter(|c| !c.is_control())),
            CommandAction::Backspace => {
                line.pop();
            }
            CommandAction::Run => {
                let text = line.clone();
                self.run_command(text);
            }
            CommandAction::Cancel => {
                self.overlays.pop();
            }
        }
    }

    /// Enter: applies the expression to the backlog, or says what is wrong and stays open.
    fn run_command(&mut self, text: String) {
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
                self.overlays.pop();
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
