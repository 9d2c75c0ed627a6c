//! Shell completions and the man page come from the clap definitions: they name every real
//! subcommand and option, and need no document.

use clap::CommandFactory;

fn top_level() -> Vec<String> {
    roadlog::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

fn run(args: &[&str]) -> String {
    let empty = tempfile::tempdir().expect("a temporary folder");
    let out = super::roadlog(empty.path())
        .env("XDG_DATA_HOME", empty.path())
        .args(args)
        .output()
        .expect("roadlog runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn completions_name_every_subcommand_and_option_for_each_shell() {
    let names = top_level();
    assert!(names.len() > 10 && names.iter().any(|n| n == "story"));
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        // fish writes long options without their dashes (`-l read-only`).
        for name in names
            .iter()
            .map(String::as_str)
            .chain(["add", "read-only", "where"])
        {
            assert!(script.contains(name), "{shell}: no {name:?}");
        }
    }
    assert!(run(&["completions", "fish"]).contains("complete -c roadlog"));
    let out = super::roadlog(std::path::Path::new("."))
        .args(["completions", "tcsh"])
        .output()
        .expect("roadlog runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_names_every_subcommand_and_the_global_options() {
    // roff escapes every hyphen.
    let page = run(&["man"]).replace("\\-", "-");
    assert!(page.contains(".TH roadlog 1"), "a roff man page: {page}");
    for name in top_level() {
        assert!(page.contains(&name), "no {name:?} in the man page");
    }
    for option in ["--read-only", "--file"] {
        assert!(page.contains(option), "no {option:?}");
    }
}
