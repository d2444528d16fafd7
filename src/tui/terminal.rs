//! Terminal setup and teardown. Whatever way supchat ends (quit, error,
//! panic, SIGTERM, SIGHUP) the terminal is given back as it was: raw mode
//! off, main screen, no mouse reports, no bracketed paste, no keyboard flags.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::Command;
use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Mouse reports for buttons and the wheel only (modes 1000 + SGR 1006).
/// crossterm's `EnableMouseCapture` also asks for every motion (1002,
/// 1003), which would wake the app on each move of the mouse.
struct EnableWheel;

impl Command for EnableWheel {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1006h")
    }
}

/// Every mouse mode off (those another program may have left on too).
struct DisableMouse;

impl Command for DisableMouse {
    fn write_ansi(&self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        f.write_str("\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l")
    }
}

/// Whether the terminal is in supchat's mode (so restoring twice is harmless).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static KEYBOARD_FLAGS: AtomicBool = AtomicBool::new(false);

/// Enters the alternate screen, raw mode, bracketed paste and mouse capture;
/// asks for the kitty keyboard protocol where the terminal has it (so that
/// Shift+Enter is told apart from Enter).
pub fn enter() -> io::Result<Term> {
    let kitty = terminal::supports_keyboard_enhancement().unwrap_or(false);
    KEYBOARD_FLAGS.store(kitty, Ordering::SeqCst);
    ACTIVE.store(true, Ordering::SeqCst);
    enable_modes()?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Whether the terminal speaks the kitty keyboard protocol (so Shift+Enter
/// is told apart from Enter). Known once [`enter`] ran.
pub fn shift_enter_works() -> bool {
    KEYBOARD_FLAGS.load(Ordering::SeqCst)
}

/// Raw mode and the screen modes supchat runs in.
fn enable_modes() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste, EnableWheel)?;
    if KEYBOARD_FLAGS.load(Ordering::SeqCst) {
        execute!(
            out,
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )?;
    }
    Ok(())
}

/// Gives the terminal back. Safe to call more than once, from a panic hook
/// or a signal handler path.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if KEYBOARD_FLAGS.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, PopKeyboardEnhancementFlags);
    }
    let _ = execute!(
        out,
        DisableMouse,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Leaves the screen for a child program ($EDITOR), keeping the state to
/// come back to with [`resume`].
pub fn suspend() -> io::Result<()> {
    let mut out = io::stdout();
    if KEYBOARD_FLAGS.load(Ordering::SeqCst) {
        execute!(out, PopKeyboardEnhancementFlags)?;
    }
    execute!(
        out,
        DisableMouse,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )?;
    terminal::disable_raw_mode()
}

pub fn resume() -> io::Result<()> {
    enable_modes()
}

/// A blank screen and a terminal object that knows it is blank, without
/// asking the terminal anything.
pub fn fresh() -> io::Result<Term> {
    let mut out = io::stdout();
    execute!(out, terminal::Clear(terminal::ClearType::All))?;
    Terminal::new(CrosstermBackend::new(out))
}

/// A panic anywhere (the loop, a stream task, the input task) ends the app:
/// the terminal is restored, the panic message printed, and the process
/// exits with 101. Without the exit, a panic in a background task would
/// leave the app drawing over a restored terminal.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Held until the exit: the loop, still running on another thread,
        // cannot draw over the restored terminal.
        let _screen = io::stdout().lock();
        restore();
        previous(info);
        let mut err = io::stderr();
        let _ = writeln!(
            err,
            "supchat: stopped by an internal error (a bug; please report it with the message above)"
        );
        std::process::exit(101);
    }));
}
