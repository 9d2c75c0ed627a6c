//! `roadlog completions SHELL` and `roadlog man`: generated from the same clap definitions
//! that parse the command line, so they can never list an option the program lacks.

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

pub fn completions(shell: Shell) -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "roadlog", &mut out);
    print_bytes(&out)
}

pub fn man() -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    print_bytes(&out)
}

fn print_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    outln!("{}", String::from_utf8_lossy(bytes).trim_end());
    Ok(())
}
