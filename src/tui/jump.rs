//! The global jump (Ctrl-p): one fuzzy list of every story, epic, vision and sprint by id
//! and title; choosing one shows it where it lives, clearing whatever would hide it.

use super::app::{App, Pane, RoadmapView};
use super::build::RoadItem;
use super::overlay::Overlay;
use super::picker::{Choice, Opt, Picker, Target};

impl App {
    pub(super) fn open_jump(&mut self) {
        let p = &self.product;
        let opt = |label: String, target| Opt {
            label,
            choice: Choice::Jump(target),
        };
        let mut options: Vec<Opt> = Vec::new();
        options.extend(
            p.stories()
                .iter()
                .map(|s| opt(format!("{} {}", s.id, s.title), Target::Story(s.id))),
        );
        options.extend(
            p.epics()
                .iter()
                .map(|e| opt(format!("{} {} (epic)", e.id, e.title), Target::Epic(e.id))),
        );
        options.extend(p.visions().iter().map(|v| {
            opt(
                format!("{} {} (vision)", v.id, v.title),
                Target::Vision(v.id),
            )
        }));
        options.extend(p.sprints().iter().map(|s| {
            let label = format!("{} {} (sprint, {})", s.id, s.name, s.state);
            opt(label, Target::Sprint(s.id))
        }));
        let picker = Picker::new("Jump to".into(), Vec::new(), options);
        self.overlays.push(Overlay::Picker(Box::new(picker)));
    }

    pub(super) fn jump(&mut self, target: Target) {
        match target {
            Target::Story(id) => {
                self.focus = Pane::Backlog;
                self.backlog.filter.clear();
                self.backlog.epic = None;
                self.backlog.query = None;
                self.rebuild_lists();
                self.select_story(id);
            }
            Target::Epic(id) => self.show_road(RoadItem::Epic(id)),
            Target::Vision(id) => self.show_road(RoadItem::Vision(id)),
            // The Sprint view shows only the current sprint; any sprint opens in its form.
            Target::Sprint(id) if self.derived.sprint == Some(id) => self.focus = Pane::Sprint,
            Target::Sprint(id) => self.open_form(super::form::Target::Sprint(id)),
        }
    }

    fn show_road(&mut self, item: RoadItem) {
        self.focus = Pane::Roadmap;
        self.roadmap.filter.clear();
        self.roadmap.view = RoadmapView::Board;
        self.rebuild_lists();
        self.select_road(item);
    }
}
