//! `roadlog roadmap` and `roadlog check`: read-only views of the whole document.

use crate::model::{Horizon, Product};
use crate::safe_text;
use crate::store::{Checked, Store};

use super::conflicts::{settle_hint, shown};
use super::epic::{progress_text, score_heading, score_text};
use super::json::RoadmapRow;
use super::table::Table;

pub fn roadmap(store: &Store, json: bool) -> anyhow::Result<()> {
    let product = store.load()?.product;
    if json {
        let rows: Vec<RoadmapRow> = Horizon::ALL
            .iter()
            .flat_map(|h| product.epics().iter().filter(move |e| e.horizon == *h))
            .map(|e| RoadmapRow::new(&product, e))
            .collect();
        return super::json::print(&rows);
    }
    outln!("{}", render_roadmap(&product).trim_end());
    Ok(())
}

pub fn render_roadmap(product: &Product) -> String {
    let mut out = format!("{}: roadmap\n", safe_text::line(product.name()));
    if !product.visions().is_empty() {
        out.push_str("\nVisions\n");
    }
    for v in product.visions() {
        out.push_str(&format!("  {}  {}\n", v.id, safe_text::line(&v.title)));
        if !v.statement.is_empty() {
            out.push_str(&format!("      {}\n", safe_text::line(&v.statement)));
        }
        for g in &v.goals {
            out.push_str(&format!(
                "      goal: {}\n",
                safe_text::line(&g.to_string())
            ));
        }
    }
    for horizon in Horizon::ALL {
        let title = match horizon {
            Horizon::Now => "Now",
            Horizon::Next => "Next",
            Horizon::Later => "Later",
        };
        out.push_str(&format!("\n{title}\n"));
        let mut table = Table::new(
            &[
                "ID",
                "STATUS",
                score_heading(product),
                "PROGRESS",
                "TARGET",
                "TITLE",
            ],
            5,
        );
        for e in product.epics().iter().filter(|e| e.horizon == *horizon) {
            table.row(vec![
                e.id.to_string(),
                e.status.to_string(),
                score_text(product, e),
                progress_text(product, e.id),
                super::table::or_dash(e.target.map(|d| super::dates().date(d))),
                e.title.clone(),
            ]);
        }
        if table.is_empty() {
            out.push_str("  (no epics)\n");
        } else {
            for line in table
                .render(super::table::output_width().saturating_sub(2))
                .lines()
            {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

/// Prints every broken rule and every open merge conflict; a file that does not even parse
/// is reported by the store's error. Only reads, so it is safe on a file in the middle of a
/// merge.
pub fn check(store: &Store) -> anyhow::Result<()> {
    match verdict(store, store.check()?) {
        Ok(fine) => outln!("{fine}"),
        Err((list, summary)) => {
            outln!("{list}");
            anyhow::bail!("{summary}")
        }
    }
    Ok(())
}

/// `Ok("FILE: no problems")`, or `Err((one broken rule a line, "N problem(s) in FILE"))`:
/// `roadlog check` prints the list and fails with the summary, as the MCP tool does.
pub fn checked(store: &Store) -> anyhow::Result<Result<String, (String, String)>> {
    Ok(verdict(store, store.check()?))
}

fn verdict(store: &Store, checked: Checked) -> Result<String, (String, String)> {
    let Checked {
        problems,
        conflicts: open,
    } = checked;
    let path = store.path().display();
    if problems.is_empty() && open.is_empty() {
        return Ok(format!("{path}: no problems"));
    }
    let mut list: Vec<String> = problems
        .iter()
        .map(|p| safe_text::line(&p.to_string()).into_owned())
        .collect();
    for c in &open {
        list.push(format!(
            "open conflict on {} {}: ours {} stands, theirs was {} (settle: {})",
            crate::safe_text::line(&c.entity),
            crate::safe_text::line(&c.field),
            shown(&c.ours),
            shown(&c.theirs),
            settle_hint(c)
        ));
    }
    let mut counts = Vec::new();
    if !problems.is_empty() {
        counts.push(format!("{} problem(s)", problems.len()));
    }
    if !open.is_empty() {
        counts.push(format!("{} open conflict(s)", open.len()));
    }
    let summary = format!("{} in {path}", counts.join(" and "));
    Err((list.join("\n"), summary))
}
