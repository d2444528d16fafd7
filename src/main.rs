//! The `supchat` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use supchat::cli::{EXIT_FAILED, fail, parse, run};

fn main() -> ExitCode {
    // Run as a tool's guardian (see `supchat_core::proc::guard`): before
    // anything else, as a small program of its own.
    #[cfg(target_os = "linux")]
    {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        if args.get(1).and_then(|a| a.to_str()) == Some(supchat_core::proc::guard::ARG) {
            let code = supchat_core::proc::guard::run(&args[2..]);
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
        }
        // Tools run under a guardian from here on: this very binary, even
        // if its file is replaced meanwhile (an upgrade).
        supchat_core::proc::guard::enable(std::path::PathBuf::from("/proc/self/exe"));
    }
    // The language is decided first, so that `--help` speaks it.
    let cli = parse();
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
        Err(e) => {
            return fail(
                EXIT_FAILED,
                supchat_i18n::tr!("cli-no-runtime", error = e.to_string()),
            );
        }
    };
    let code = runtime.block_on(run(cli));
    // A blocking read still waiting (ask's y/n prompt, stopped by Ctrl+C)
    // must not keep the process: what matters was awaited already.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    code
}
