//! The `:` command line: a filter expression in the `--where` language ([`Query`]) that
//! narrows the backlog (the expression shows in the header; Esc clears it), or `by DATE`,
//! which draws the backlog's waterline at what gets done by then (`by sprint`: back at the
//! next sprint).

use crate::query::Query;

use super::action::CommandAction;
use super::app::{App, Pane};
use super::derived::{Waterline, WaterlineAt};
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

    /// `w` in the Backlog: back at the next sprint from a date, else the `:` line on `by `.
    pub(super) fn waterline_key(&mut self) {
        if let WaterlineAt::Date(_) = self.backlog.waterline {
            self.set_waterline(WaterlineAt::NextSprint);
        } else {
            self.overlays.push(Overlay::Command("by ".into()));
        }
    }

    /// `by DATE` or `by sprint`: where the waterline is drawn. Says what is wrong and stays
    /// open on a bad date, or when there is no forecast to draw it from.
    fn run_by(&mut self, rest: &str) {
        let rest = rest.trim();
        let at = if rest.is_empty() || rest.eq_ignore_ascii_case("sprint") {
            WaterlineAt::NextSprint
        } else {
            match crate::model::parse_date(rest) {
                Some(d) => WaterlineAt::Date(d),
                None => {
                    self.message = Some(format!(
                        "'{rest}' is not a date (YYYY-MM-DD); 'by sprint' draws it at the next sprint"
                    ));
                    return;
                }
            }
        };
        if let (WaterlineAt::Date(_), Some(Err(why))) = (at, &self.derived.forecast) {
            self.message = Some(format!("no waterline by a date: {why}"));
            return;
        }
        self.overlays.pop();
        self.set_waterline(at);
    }

    fn set_waterline(&mut self, at: WaterlineAt) {
        self.backlog.waterline = at;
        self.focus = Pane::Backlog;
        self.product_changed();
        self.message = Some(match self.derived.waterline {
            Some(Waterline::Date {
                date,
                stories,
                points,
                ..
            }) => format!(
                "waterline: {stories} stories ({points:.0} pts) done by {} with 85% confidence",
                self.dates.date(date)
            ),
            Some(Waterline::Sprint { sprint, .. }) => format!("waterline: what fits {sprint}"),
            None => "no planned sprint with a capacity: no waterline".into(),
        });
    }

    /// Enter: applies the expression to the backlog, or says what is wrong and stays open.
    fn run_command(&mut self, text: String) {
        let words = text.trim_start();
        let by = words
            .split_once(char::is_whitespace)
            .map_or((words, ""), |(w, rest)| (w, rest));
        if by.0.eq_ignore_ascii_case("by") {
            self.run_by(by.1);
            return;
        }
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
