//! `roadlog mcp` end to end: the real binary as an MCP server over stdio, driven by rmcp's
//! own client, as an agent's MCP client would drive it. What it writes is read back from disk.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{ConfigureCommandExt, TokioChildProcess};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_roadlog");

/// A temporary folder with a new document in it.
fn document() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roadlog.json");
    let out = std::process::Command::new(BIN)
        .args(["init", "--name", "Agents' shop", "--file"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, path)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Starts `roadlog mcp` on the document and connects a client to it.
async fn connect(path: &Path, extra: &[&str]) -> RunningService<RoleClient, ()> {
    let command = tokio::process::Command::new(BIN).configure(|cmd| {
        cmd.arg("mcp").arg("--file").arg(path).args(extra);
        cmd.env_remove("ROADLOG_FILE");
    });
    ().serve(TokioChildProcess::new(command).unwrap())
        .await
        .unwrap()
}

async fn call(client: &RunningService<RoleClient, ()>, tool: &str, args: Value) -> CallToolResult {
    let args = args.as_object().cloned().unwrap_or_default();
    client
        .call_tool(CallToolRequestParams::new(tool.to_string()).with_arguments(args))
        .await
        .unwrap()
}

fn text(result: &CallToolResult) -> String {
    result
        .content
        .iter()
        .filter_map(|c| c.as_text())
        .map(|t| t.text.as_str())
        .collect()
}

fn failed(result: &CallToolResult) -> bool {
    result.is_error == Some(true)
}

fn on_disk(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn an_agent_lists_the_tools_adds_a_story_and_it_is_on_disk() {
    let (_dir, path) = document();
    runtime().block_on(async {
        let client = connect(&path, &[]).await;
        let tools = client.list_all_tools().await.unwrap();
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
        for wanted in [
            "list_stories", "show_story", "list_epics", "show_epic", "list_sprints",
            "show_sprint", "current_sprint", "roadmap", "check", "add_story", "edit_story",
            "move_story", "plan_stories", "unplan_stories", "tick",
        ] {
            assert!(names.contains(&wanted), "no tool {wanted} in {names:?}");
        }
        let add = tools.iter().find(|t| t.name == "add_story").unwrap();
        assert_eq!(add.input_schema["required"], json!(["title"]));
        assert_eq!(add.input_schema["properties"]["points"]["type"], json!(["integer", "null"]));

        let added = call(
            &client,
            "add_story",
            json!({"title": "Pay by card", "points": 3, "criteria": ["Receipt sent"], "labels": ["pay"]}),
        )
        .await;
        assert!(!failed(&added), "{}", text(&added));
        assert_eq!(text(&added), "added S-1");
        let doc = on_disk(&path);
        assert_eq!(doc["stories"][0]["title"], "Pay by card");
        assert_eq!(doc["stories"][0]["points"], 3);

        let listed = call(&client, "list_stories", json!({"where": "label:pay points:>2"})).await;
        let listed: Value = serde_json::from_str(&text(&listed)).unwrap();
        assert_eq!(listed[0]["id"], "S-1");
        let none = call(&client, "list_stories", json!({"where": "status:done"})).await;
        assert_eq!(text(&none), "[]");

        // The rules hold as in the CLI: a move to done with an open criterion is refused,
        // with the CLI's message, and the server goes on.
        let refused = call(&client, "edit_story", json!({"id": "S-1", "status": "done"})).await;
        assert!(failed(&refused));
        assert!(
            text(&refused).contains("S-1 cannot be done while items are open: criterion 1 'Receipt sent'")
                && text(&refused).contains("force: true"),
            "{}",
            text(&refused)
        );
        let ticked = call(&client, "tick", json!({"id": "S-1", "criteria": [1]})).await;
        assert_eq!(text(&ticked), "updated S-1");
        let done = call(&client, "edit_story", json!({"id": "S-1", "status": "done"})).await;
        assert!(!failed(&done), "{}", text(&done));
        assert_eq!(on_disk(&path)["stories"][0]["status"], "done");

        let missing = call(&client, "show_story", json!({"id": "S-99"})).await;
        assert!(failed(&missing));
        assert!(text(&missing).starts_with("no story S-99 in "), "{}", text(&missing));
        let bad = call(&client, "show_story", json!({"id": "story nine"})).await;
        assert!(failed(&bad) && text(&bad).contains("'story nine' is not a story id"));
        let bad_where = call(&client, "list_stories", json!({"where": "points:>lots"})).await;
        assert!(failed(&bad_where), "{}", text(&bad_where));
        let checked = call(&client, "check", json!({})).await;
        assert!(!failed(&checked) && text(&checked).ends_with("no problems"), "{}", text(&checked));
        client.cancel().await.unwrap();
    });
}

#[test]
fn read_only_refuses_a_write_and_still_reads() {
    let (_dir, path) = document();
    let before = std::fs::read(&path).unwrap();
    runtime().block_on(async {
        let client = connect(&path, &["--read-only"]).await;
        let refused = call(&client, "add_story", json!({"title": "Sneaky"})).await;
        assert!(failed(&refused));
        assert!(text(&refused).contains("--read-only"), "{}", text(&refused));
        let listed = call(&client, "list_stories", json!({})).await;
        assert!(!failed(&listed));
        assert_eq!(text(&listed), "[]");
        client.cancel().await.unwrap();
    });
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
}
