//! The parse floor of docs/PERFORMANCE.md: read a file and run serde_json over it into
//! `IgnoredAny`, which checks the JSON and builds nothing. What `roadlog check` costs beyond
//! this is building the model. Run: `cargo run --release --example parse_floor -- FILE`.

use std::process::ExitCode;

use serde::de::IgnoredAny;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse_floor FILE");
        return ExitCode::FAILURE;
    };
    let parsed = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice::<IgnoredAny>(&bytes).map_err(|e| e.to_string()));
    match parsed {
        Ok(IgnoredAny) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", path.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
