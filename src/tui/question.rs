//! Questions asked before something is lost: discarding a changed form, deleting an item.
//! The question names the item and what refers to it; the answers it offers are written from
//! the key map.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Block;

use crate::model::{EpicId, EpicStories, Product, SprintId, StoryId, StoryStatus, VisionId};
use crate::wording::counted;

use super::action::{Action, QuestionAction};
use super::app::{App, Effect, Pane};
use super::build::RoadItem;
use super::finish::Finish;
use super::keymap::{Context, hint};
use super::overlay::Overlay;
use super::picker::Choice;
use super::theme::Theme;
use super::widgets::{cell, centered_box};

/// What a "yes" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    DiscardForm,
    DeleteStory(StoryId),
    /// The stories marked with `v`.
    DeleteStories(Vec<StoryId>),
    /// Deleting an epic: "yes" detaches its stories, the other answer deletes them too.
    DeleteEpic(EpicId),
    DeleteVision(VisionId),
    /// `q` after a failed or refused save: "yes" saves again, then quits.
    Quit,
    /// Stories with items open about to be marked done: "yes" sets the status anyway.
    SetStatus {
        stories: Vec<StoryId>,
        status: StoryStatus,
    },
    /// The form under the question sets done with items open: "yes" saves it anyway.
    SaveForm,
    /// `S` in the Sprint view: "yes" starts the sprint.
    StartSprint(SprintId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub lines: Vec<String>,
    /// The answers in the question's own words ("start", "not now"): the box's last line
    /// and the footer both show them, with the keys the key map binds.
    pub answers: Vec<(QuestionAction, String)>,
    pub then: Then,
}

impl Question {
    /// The box's lines: the question, then its answers.
    pub fn box_lines(&self) -> Vec<String> {
        let mut lines = self.lines.clone();
        lines.push(answers_line(&self.answers));
        lines
    }
}

/// "y start · n not now".
fn answers_line(answers: &[(QuestionAction, String)]) -> String {
    answers
        .iter()
        .map(|(answer, word)| hint(Context::Confirm, &Action::Question(*answer), word))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The answers "delete" and "keep", with the stronger yes between when there is one.
pub(super) fn answers(yes: &str, all: Option<&str>, no: &str) -> Vec<(QuestionAction, String)> {
    let mut out = vec![(QuestionAction::Yes, yes.to_string())];
    out.extend(all.map(|all| (QuestionAction::All, all.to_string())));
    out.push((QuestionAction::No, no.to_string()));
    out
}

impl App {
    /// `q` while the last save failed or was refused: quitting now would lose edits.
    pub fn ask_quit(&mut self, why: String) {
        self.overlays.push(Overlay::Question(Question {
            lines: vec![
                "Your last edits are not saved.".into(),
                format!("Why: {why}."),
            ],
            answers: vec![
                (QuestionAction::Yes, "save again".into()),
                (QuestionAction::QuitAnyway, "quit anyway".into()),
                (QuestionAction::No, "stay".into()),
            ],
            then: Then::Quit,
        }));
    }

    pub(super) fn ask_discard(&mut self) {
        self.overlays.push(Overlay::Question(Question {
            lines: vec!["Discard the changes in this form?".into()],
            answers: answers("discard", None, "keep editing"),
            then: Then::DiscardForm,
        }));
    }

    /// `d`: asks before deleting what is selected, naming it and what refers to it.
    pub(super) fn ask_delete(&mut self) {
        let p = &self.product;
        let asked = match self.focus {
            // With marks, `d` deletes the marked stories, even a single one.
            Pane::Backlog | Pane::Sprint if !self.marked.is_empty() => {
                Some(marked_question(self.targets()))
            }
            Pane::Backlog => self
                .backlog
                .list
                .selected()
                .and_then(|id| story_question(p, id)),
            Pane::Sprint => self
                .sprint
                .list
                .selected()
                .and_then(|id| story_question(p, id)),
            Pane::Roadmap => match self.roadmap.list.selected() {
                Some(RoadItem::Epic(id)) => epic_question(p, id),
                Some(RoadItem::Vision(id)) => vision_question(p, id),
                // A goal is a line of its vision: the vision's form removes it.
                Some(RoadItem::Goal(_)) | None => None,
            },
        };
        if let Some(question) = asked {
            self.overlays.push(Overlay::Question(question));
        }
    }

    /// The answer to the open question. Closing it gives the keys back to what is under it
    /// (the form a discard question asked about). `All` is the epic's "delete its stories
    /// too"; to any other question it is a yes.
    pub(super) fn answer(&mut self, answer: QuestionAction) -> Effect {
        if !matches!(self.overlays.top(), Some(Overlay::Question(_))) {
            return Effect::None;
        }
        let Some(Overlay::Question(question)) = self.overlays.pop() else {
            return Effect::None;
        };
        if question.then == Then::Quit {
            match answer {
                QuestionAction::Yes | QuestionAction::All => self.sync.retry(),
                QuestionAction::QuitAnyway => self.sync.discard(),
                QuestionAction::No | QuestionAction::Later => return Effect::None,
            }
            self.quit = true;
            return Effect::None;
        }
        let epic_stories = match answer {
            // Only the quit question offers to quit.
            QuestionAction::No | QuestionAction::Later | QuestionAction::QuitAnyway => {
                return Effect::None;
            }
            QuestionAction::Yes => EpicStories::Detach,
            QuestionAction::All => EpicStories::Delete,
        };
        let result = match question.then {
            Then::DiscardForm => {
                self.close_form();
                return Effect::None;
            }
            Then::SetStatus { stories, status } => {
                return self.apply_choice(stories, Choice::Status(status));
            }
            Then::SaveForm => return self.save_form(Finish::Anyway),
            Then::StartSprint(id) => return self.start_sprint(id),
            Then::DeleteStory(id) => self.commit_delete_story(id).map(|effect| ((), effect)),
            Then::DeleteStories(list) => {
                self.marked.clear();
                let what = format!("deleted {} stories", list.len());
                self.commit(what, |p| {
                    list.iter().try_for_each(|id| p.remove_story(*id).map(drop))
                })
            }
            Then::DeleteEpic(id) => self.commit(format!("deleted {id}"), |p| {
                p.remove_epic(id, epic_stories).map(drop)
            }),
            Then::DeleteVision(id) => {
                self.commit(format!("deleted {id}"), |p| p.remove_vision(id).map(drop))
            }
            // Answered above.
            Then::Quit => return Effect::None,
        };
        match result {
            Ok(((), effect)) => effect,
            Err(e) => {
                self.message = Some(e.to_string());
                Effect::None
            }
        }
    }
}

fn story_question(p: &Product, id: StoryId) -> Option<Question> {
    let s = p.story(id).ok()?;
    let blocks = p.stories_blocked_by(id);
    let mut lines = vec![format!("Delete {id} '{}'?", s.title)];
    if !blocks.is_empty() {
        lines.push(format!("It blocks {} (those links go).", ids(&blocks)));
    }
    Some(Question {
        lines,
        answers: answers("delete", None, "keep"),
        then: Then::DeleteStory(id),
    })
}

fn marked_question(marked: Vec<StoryId>) -> Question {
    let noun = if marked.len() == 1 {
        "story"
    } else {
        "stories"
    };
    let lines = vec![
        format!("Delete {} marked {noun}: {}?", marked.len(), ids(&marked)),
        "Their blocked-by links go too.".into(),
    ];
    Question {
        lines,
        answers: answers("delete", None, "keep"),
        then: Then::DeleteStories(marked),
    }
}

/// An epic's question names its stories, and offers to delete them too.
fn epic_question(p: &Product, id: EpicId) -> Option<Question> {
    let e = p.epic(id).ok()?;
    let n = p.stories().iter().filter(|s| s.epic == Some(id)).count();
    let mut lines = vec![format!("Delete {id} '{}'?", e.title)];
    let answers = if n == 0 {
        lines.push("No stories belong to it.".into());
        answers("delete", None, "keep")
    } else {
        lines.push(format!(
            "{} to it.",
            counted(n, "story belongs", "stories belong")
        ));
        let all = Some("delete them too");
        answers("delete, detach its stories", all, "keep")
    };
    Some(Question {
        lines,
        answers,
        then: Then::DeleteEpic(id),
    })
}

fn vision_question(p: &Product, id: VisionId) -> Option<Question> {
    let v = p.vision(id).ok()?;
    let n = p.vision_epics(id).len();
    let lines = vec![
        format!("Delete {id} '{}'?", v.title),
        match n {
            1 => "1 epic serves it; it stays, without a vision.".to_string(),
            n => format!("{n} epics serve it; they stay, without a vision."),
        },
    ];
    Some(Question {
        lines,
        answers: answers("delete", None, "keep"),
        then: Then::DeleteVision(id),
    })
}

fn ids(list: &[StoryId]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A question's box: its lines, wrapped, in the middle of `area`.
pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme, question: &[String]) {
    let lines: Vec<Line> = question.iter().map(|q| Line::from(cell(q))).collect();
    let block = Block::bordered()
        .border_style(theme.focus)
        .title(" Confirm ");
    centered_box(frame, area, 70, &lines, block);
}
