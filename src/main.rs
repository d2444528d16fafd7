//! The `supchat` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use supchat::cli::{Cli, EXIT_FAILED, fail, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(EXIT_FAILED, format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(run(cli))
}
