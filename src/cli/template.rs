//! `roadlog template ...`: named story presets kept in the document's settings.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::WriteChange;
use super::args::{self, OrNone, or_none, replace_list};
use crate::model::{Template, TemplatePatch};
use crate::safe_text;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// List the story templates and what each presets
    List {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Add a story template (`story add --template NAME` uses it)
    Add {
        /// What it is called, e.g. bug, spike, feature (any case matches it later)
        name: String,
        #[command(flatten)]
        fields: TemplateFields,
    },
    /// Change a template; a repeated option replaces the whole list, `none` clears
    #[command(override_usage = "roadlog template edit <NAME> <CHANGE>...")]
    Edit {
        #[arg(value_name = "NAME")]
        template: String,
        #[command(flatten)]
        changes: TemplateChanges,
    },
    /// Delete a template; stories made from it keep what it gave them
    Rm { name: String },
}

#[derive(Debug, Args)]
pub struct TemplateFields {
    /// Who wants it: "As a ROLE"
    #[arg(long = "as", value_name = "ROLE", default_value = "")]
    as_a: String,
    /// What they want: "I want GOAL"
    #[arg(long = "want", value_name = "GOAL", default_value = "")]
    i_want: String,
    /// Why: "so that BENEFIT"
    #[arg(long, value_name = "BENEFIT", default_value = "")]
    so_that: String,
    /// Free text
    #[arg(long, value_name = "TEXT", default_value = "")]
    description: String,
    /// A label (repeat for more)
    #[arg(long = "label", value_name = "L")]
    labels: Vec<String>,
    /// The estimate, a whole number of points
    #[arg(long, value_name = "N", value_parser = args::points, allow_hyphen_values = true)]
    points: Option<u32>,
    /// An acceptance criterion (repeat for more)
    #[arg(long = "ac", value_name = "TEXT")]
    criteria: Vec<String>,
}

/// At least one change is required, so a bare `template edit bug` is a usage error.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct TemplateChanges {
    /// A new name
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Who wants it: "As a ROLE"
    #[arg(long = "as", value_name = "ROLE")]
    as_a: Option<String>,
    /// What they want: "I want GOAL"
    #[arg(long = "want", value_name = "GOAL")]
    i_want: Option<String>,
    /// Why: "so that BENEFIT"
    #[arg(long, value_name = "BENEFIT")]
    so_that: Option<String>,
    /// Free text
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// Replace the labels (repeat for more; `none` removes all)
    #[arg(long = "label", value_name = "L|none", value_parser = or_none(args::text))]
    labels: Vec<OrNone<String>>,
    /// The estimate, or `none` to clear it
    #[arg(long, value_name = "N|none", value_parser = or_none(args::points), allow_hyphen_values = true)]
    points: Option<OrNone<u32>>,
    /// Replace the criteria (repeat for more; `none` removes all)
    #[arg(long = "ac", value_name = "TEXT|none", value_parser = or_none(args::text))]
    criteria: Vec<OrNone<String>>,
}

impl TemplateFields {
    fn into_template(self, name: String) -> Template {
        Template {
            name,
            as_a: self.as_a,
            i_want: self.i_want,
            so_that: self.so_that,
            description: self.description,
            labels: self.labels,
            points: self.points,
            criteria: self.criteria,
            ..Template::default()
        }
    }
}

impl From<TemplateChanges> for TemplatePatch {
    fn from(c: TemplateChanges) -> TemplatePatch {
        TemplatePatch {
            name: c.name,
            as_a: c.as_a,
            i_want: c.i_want,
            so_that: c.so_that,
            description: c.description,
            labels: replace_list(c.labels),
            points: c.points.map(|p| p.0),
            criteria: replace_list(c.criteria),
        }
    }
}

/// A template with every key present, as `--json` promises.
#[derive(Serialize)]
pub struct TemplateView<'a> {
    name: &'a str,
    as_a: &'a str,
    i_want: &'a str,
    so_that: &'a str,
    description: &'a str,
    labels: &'a [String],
    points: Option<u32>,
    criteria: &'a [String],
}

impl<'a> TemplateView<'a> {
    pub fn new(t: &'a Template) -> Self {
        TemplateView {
            name: &t.name,
            as_a: &t.as_a,
            i_want: &t.i_want,
            so_that: &t.so_that,
            description: &t.description,
            labels: &t.labels,
            points: t.points,
            criteria: &t.criteria,
        }
    }
}

pub fn run(cmd: TemplateCmd, store: &Store) -> anyhow::Result<()> {
    match cmd {
        TemplateCmd::List { json } => {
            let product = store.load()?.product;
            if json {
                let views: Vec<TemplateView> =
                    product.templates().iter().map(TemplateView::new).collect();
                super::json::print(&views)?;
            } else if product.templates().is_empty() {
                outln!("no templates (add one with `roadlog template add NAME`)");
            } else {
                for t in product.templates() {
                    print_template(t);
                }
            }
        }
        TemplateCmd::Add { name, fields } => {
            let template = fields.into_template(name);
            let name = store.write_change(|p| {
                let name = template.name.trim().to_string();
                p.add_template(template)?;
                Ok(name)
            })?;
            outln!("added template {}", safe_text::line(&name));
        }
        TemplateCmd::Edit { template, changes } => {
            store.write_change(|p| p.update_template(&template, changes.into()))?;
            outln!("updated template {}", safe_text::line(template.trim()));
        }
        TemplateCmd::Rm { name } => {
            let gone = store.write_change(|p| p.remove_template(&name))?;
            outln!("removed template {}", safe_text::line(&gone.name));
        }
    }
    Ok(())
}

fn print_template(t: &Template) {
    outln!("{}", safe_text::line(&t.name));
    let parts = [
        ("as a", t.as_a.as_str()),
        ("i want", &t.i_want),
        ("so that", &t.so_that),
        ("description", &t.description),
    ];
    for (label, value) in parts.iter().filter(|(_, v)| !v.is_empty()) {
        outln!("  {label:<12}{}", safe_text::line(value));
    }
    if !t.labels.is_empty() {
        let labels: Vec<_> = t.labels.iter().map(|l| safe_text::line(l)).collect();
        outln!("  {:<12}{}", "labels", labels.join(", "));
    }
    if let Some(p) = t.points {
        outln!("  {:<12}{p}", "points");
    }
    for (n, c) in t.criteria.iter().enumerate() {
        let label = if n == 0 { "criteria" } else { "" };
        outln!("  {label:<12}{}. {}", n + 1, safe_text::line(c));
    }
}
