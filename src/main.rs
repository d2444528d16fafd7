//! The `supchat` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use supchat::cli::{Cli, EXIT_FAILED, fail, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // One thread for the screen and the network: a token read from the
    // socket reaches the screen without waking another thread (at 200
    // tokens/s the cross-thread wake-ups were a quarter of the CPU). Work
    // that blocks (key commands, file writes, $EDITOR, clipboard tools)
    // goes to tokio's blocking pool.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_FAILED, format!("cannot start the async runtime: {e}")),
    };
    let code = runtime.block_on(run(cli));
    // A blocking read still waiting (ask's y/n prompt, stopped by Ctrl+C)
    // must not keep the process: what matters was awaited already.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    code
}
