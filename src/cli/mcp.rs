//! `roadlog mcp`: a Model Context Protocol server over stdio, so coding agents can read the
//! backlog and the sprint and update stories. Each tool calls the same command function as
//! the CLI and returns what the CLI would print (`--json` views for reads), so every write
//! goes through the same store path (lock, merge, atomic save, the rules) and is refused
//! under `--read-only` by the store itself. A failure is a tool error carrying the CLI's
//! message; nothing a tool is given can end the server.
//!
//! tokio (which rmcp needs) lives only here: the runtime is built when `roadlog mcp` starts,
//! never on the TUI's or another command's path. It runs on one thread and tools are plain
//! functions: requests are answered in turn, like CLI commands, and a write waiting for the
//! lock holds back only the requests after it.

mod params;

use chrono::Utc;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::service::ServerInitializeError;
use rmcp::{ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde::Serialize;

use self::params::{AddStory, ById, EditStory, ListStories, MoveStory, PlanStories, Tick};
use super::json::{EpicView, SprintView, StoryView};
use super::{in_file, report, sprint, story};
use crate::model::{DoneRule, EpicId, ModelError, SprintId, StoryId};
use crate::query::Query;
use crate::store::Store;

/// What a tool answers: text on success, the CLI's error message as a tool error.
type Answer = Result<String, String>;

/// Serves MCP on stdin and stdout until the client closes them.
/// A document that is missing or unreadable is refused before serving, so a mistyped
/// `--file` in a client's configuration shows at once instead of in every tool's answer.
pub fn serve(store: Store) -> anyhow::Result<()> {
    store.load()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match Roadlog::new(store).serve(rmcp::transport::stdio()).await {
            Ok(server) => {
                server.waiting().await?;
                Ok(())
            }
            // A client that goes away before it says hello ends the session, as one that
            // closes after its last request does: there is nobody left to serve.
            Err(ServerInitializeError::ConnectionClosed(_)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    })
}

#[derive(Debug, Clone)]
struct Roadlog {
    store: Store,
    tool_router: ToolRouter<Self>,
}

fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn json(value: &impl Serialize) -> Answer {
    serde_json::to_string_pretty(value).map_err(fail)
}

fn id<T: std::str::FromStr<Err = ModelError>>(text: &str) -> Result<T, String> {
    text.parse().map_err(fail)
}

#[tool_router]
impl Roadlog {
    fn new(store: Store) -> Roadlog {
        Roadlog {
            store,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "List stories in backlog (rank) order as JSON, filtered with roadlog's `--where` language",
        annotations(read_only_hint = true)
    )]
    fn list_stories(&self, Parameters(p): Parameters<ListStories>) -> Answer {
        let query = match p.where_.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(Query::parse(text).map_err(fail)?),
            _ => None,
        };
        let product = self.store.load().map_err(fail)?.product;
        if let Some(q) = &query {
            in_file(&self.store, q.check(&product)).map_err(fail)?;
        }
        let query = query.map(|q| q.resolved(&product));
        json(&story::views(&product, |s| {
            query.as_ref().is_none_or(|q| q.matches(s))
        }))
    }

    #[tool(
        description = "Show one story in full as JSON",
        annotations(read_only_hint = true)
    )]
    fn show_story(&self, Parameters(p): Parameters<ById>) -> Answer {
        let id: StoryId = id(&p.id)?;
        let product = self.store.load().map_err(fail)?.product;
        let (s, rank) = story::found(&self.store, &product, id).map_err(fail)?;
        json(&StoryView::new(&product, s, rank))
    }

    #[tool(
        description = "List epics in rank order as JSON",
        annotations(read_only_hint = true)
    )]
    fn list_epics(&self) -> Answer {
        let product = self.store.load().map_err(fail)?.product;
        let views = EpicView::all(&product);
        json(&views)
    }

    #[tool(
        description = "Show one epic as JSON, with its stories' ids",
        annotations(read_only_hint = true)
    )]
    fn show_epic(&self, Parameters(p): Parameters<ById>) -> Answer {
        let id: EpicId = id(&p.id)?;
        let product = self.store.load().map_err(fail)?.product;
        let e = in_file(&self.store, product.epic(id)).map_err(fail)?;
        let rank = in_file(&self.store, product.epic_rank(id)).map_err(fail)?;
        json(&EpicView::new(&product, e, rank))
    }

    #[tool(
        description = "List sprints as JSON",
        annotations(read_only_hint = true)
    )]
    fn list_sprints(&self) -> Answer {
        let product = self.store.load().map_err(fail)?.product;
        let today = Utc::now().date_naive();
        let views: Vec<SprintView> = product
            .sprints()
            .iter()
            .map(|s| SprintView::new(&product, s, today))
            .collect();
        json(&views)
    }

    #[tool(
        description = "Show one sprint as JSON",
        annotations(read_only_hint = true)
    )]
    fn show_sprint(&self, Parameters(p): Parameters<ById>) -> Answer {
        let id: SprintId = id(&p.id)?;
        let product = self.store.load().map_err(fail)?.product;
        let s = in_file(&self.store, product.sprint(id)).map_err(fail)?;
        json(&SprintView::new(&product, s, Utc::now().date_naive()))
    }

    #[tool(
        description = "The active sprint's scope as JSON: the sprint (goal, dates, days left, committed and done points) and every story in it",
        annotations(read_only_hint = true)
    )]
    fn current_sprint(&self) -> Answer {
        let product = self.store.load().map_err(fail)?.product;
        let active = sprint::active(&self.store, &product).map_err(fail)?;
        let stories = story::views(&product, |s| s.sprint == Some(active.id));
        #[derive(Serialize)]
        struct Scope<'a> {
            sprint: SprintView<'a>,
            stories: Vec<StoryView<'a>>,
        }
        json(&Scope {
            sprint: SprintView::new(&product, active, Utc::now().date_naive()),
            stories,
        })
    }

    #[tool(
        description = "The roadmap as text: visions and goals, then Now / Next / Later with each epic's status, score and progress",
        annotations(read_only_hint = true)
    )]
    fn roadmap(&self) -> Answer {
        let product = self.store.load().map_err(fail)?.product;
        Ok(report::render_roadmap(&product))
    }

    #[tool(
        description = "Check the document against every rule; an error lists each broken one",
        annotations(read_only_hint = true)
    )]
    fn check(&self) -> Answer {
        match report::checked(&self.store).map_err(fail)? {
            Ok(fine) => Ok(fine),
            Err((list, summary)) => Err(format!("{list}\n{summary}")),
        }
    }

    #[tool(description = "Add a story at the bottom of the backlog; answers its id")]
    fn add_story(&self, Parameters(p): Parameters<AddStory>) -> Answer {
        let draft = p.draft().map_err(fail)?;
        let id = story::add(&self.store, draft, p.template.as_deref(), Utc::now()).map_err(fail)?;
        Ok(format!("added {id}"))
    }

    #[tool(
        description = "Change a story's fields or status; fields left out stay as they are, `clear` empties some"
    )]
    fn edit_story(&self, Parameters(p): Parameters<EditStory>) -> Answer {
        let id: StoryId = id(&p.id)?;
        let patch = p.patch().map_err(fail)?;
        if patch.is_empty() {
            return Err(format!(
                "nothing to change on {id}: give at least one field"
            ));
        }
        let rule = if p.force {
            DoneRule::Forced
        } else {
            DoneRule::Checked
        };
        story::edit(&self.store, id, patch, rule, Utc::now())
            .map_err(|e| story::with_force_hint(e, "force: true").to_string())
    }

    #[tool(
        description = "Move a story in the backlog order: top, bottom, or before / after another"
    )]
    fn move_story(&self, Parameters(p): Parameters<MoveStory>) -> Answer {
        let id: StoryId = id(&p.id)?;
        let rank = story::move_to(&self.store, id, p.place()?).map_err(fail)?;
        Ok(format!("moved {id} to rank {rank}"))
    }

    #[tool(
        description = "Plan stories into a planned or active sprint (into the active one it is a recorded scope change); answers the committed points"
    )]
    fn plan_stories(&self, Parameters(p): Parameters<PlanStories>) -> Answer {
        let (sprint_id, stories) = p.ids().map_err(fail)?;
        sprint::plan(&self.store, sprint_id, &stories, Utc::now()).map_err(fail)
    }

    #[tool(description = "Take stories out of a sprint, back to the backlog")]
    fn unplan_stories(&self, Parameters(p): Parameters<PlanStories>) -> Answer {
        let (sprint_id, stories) = p.ids().map_err(fail)?;
        sprint::unplan(&self.store, sprint_id, &stories, Utc::now()).map_err(fail)
    }

    #[tool(
        description = "Tick (or with done: false untick) a story's acceptance criteria and Definition of Done items by number"
    )]
    fn tick(&self, Parameters(p): Parameters<Tick>) -> Answer {
        let id: StoryId = id(&p.id)?;
        let patch = p.patch();
        if patch.is_empty() {
            return Err("name at least one criterion or DoD item by number".to_string());
        }
        story::edit(&self.store, id, patch, DoneRule::Checked, Utc::now()).map_err(fail)
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Roadlog {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("roadlog", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "roadlog: the product backlog in {}. Stories (S-n) sit in one ranked backlog, \
                 grouped into epics (E-n) on a Now / Next / Later roadmap, and planned into \
                 sprints (SP-n). Read with list_stories (the `where` filter: status:ready \
                 epic:E-2 sprint:none ...), current_sprint and show_story; change stories with \
                 add_story, edit_story, move_story, plan_stories and tick.",
                self.store.path().display()
            ))
    }
}
