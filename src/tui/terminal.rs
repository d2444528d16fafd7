//! Terminal setup and teardown. Whatever way supchat ends (quit, error,
//! panic, SIGTERM, SIGHUP) the terminal is given back as it was: raw mode
//! off, main screen, no mouse reports, no bracketed paste, no keyboard flags.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::Command;
use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;

use super::screen::Screen;
use super::theme::Background;

/// The chat's screen: frames go out through a buffer, one write each.
pub type Term = Screen<CrosstermBackend<BufWriter<Stdout>>>;

/// The terminal's size now, asked of stdout (one call, no file opened);
/// None where it cannot be told. A frame checks it: crossterm can lose a
/// resize that comes together with keys.
pub fn size_now() -> Option<(u16, u16)> {
    #[cfg(unix)]
    {
        let mut ws = libc::winsize {
            ws_row: 0,
            ws_col: 0,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCGWINSZ only fills `ws`, which lives through the call.
        let r = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) };
        (r == 0 && ws.ws_col > 0 && ws.ws_row > 0).then_some((ws.ws_col, ws.ws_row))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// A screen of the terminal's size on stdout.
fn screen() -> io::Result<Term> {
    let (w, h) = terminal::size()?;
    // A frame of a large screen in colour is tens of KiB.
    let out = BufWriter::with_capacity(1 << 16, io::stdout());
    Screen::new(CrosstermBackend::new(out), w, h)
}

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
    screen()
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
    screen()
}

/// Asks the terminal for its background colour (OSC 11), followed by a
/// device-attributes query that every terminal answers, so that one which
/// does not know OSC 11 costs no waiting. Raw mode must be on; run before
/// the input task starts reading. `None` when there is no answer.
#[cfg(unix)]
pub fn query_background() -> Option<Background> {
    use std::time::{Duration, Instant};
    let mut out = io::stdout();
    out.write_all(b"\x1b]11;?\x1b\\\x1b[c").ok()?;
    out.flush().ok()?;
    let deadline = Instant::now() + Duration::from_millis(300);
    let mut got = Vec::new();
    while !answered(&got) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || got.len() > 4096 {
            break;
        }
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = libc::c_int::try_from(left.as_millis()).unwrap_or(300);
        // SAFETY: one valid pollfd, for the duration of the call.
        if unsafe { libc::poll(&mut fds, 1, ms) } <= 0 {
            break;
        }
        let mut buf = [0u8; 256];
        // SAFETY: reads at most buf.len() bytes into buf.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        let Ok(n) = usize::try_from(n) else { break };
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    parse_background(&got)
}

#[cfg(not(unix))]
pub fn query_background() -> Option<Background> {
    None
}

/// The device-attributes answer (`ESC [ ? … c`) has arrived.
fn answered(got: &[u8]) -> bool {
    got.windows(3)
        .position(|w| w == b"\x1b[?")
        .is_some_and(|i| got[i..].contains(&b'c'))
}

/// Reads `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` out of what the terminal sent.
pub fn parse_background(got: &[u8]) -> Option<Background> {
    let text = String::from_utf8_lossy(got);
    let start = text.find("]11;rgb:")? + "]11;rgb:".len();
    let rest = &text[start..];
    let end = rest.find(['\x07', '\x1b']).unwrap_or(rest.len());
    let parts: Vec<u8> = rest[..end]
        .split('/')
        .map(|h| {
            let h: String = h.chars().take(4).collect();
            let v = u32::from_str_radix(&h, 16).ok()?;
            // 1 to 4 hex digits scale to 0-255.
            let max = (1u32 << (4 * h.len() as u32)) - 1;
            u8::try_from(v * 255 / max.max(1)).ok()
        })
        .collect::<Option<_>>()?;
    let [r, g, b] = parts[..] else { return None };
    let light = 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) > 128_000;
    Some(if light {
        Background::Light
    } else {
        Background::Dark
    })
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
        let _ = writeln!(err, "{}", supchat_i18n::tr("fatal-internal-error"));
        std::process::exit(101);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_answers_are_read() {
        let dark = b"\x1b]11;rgb:1e1e/1e1e/2e2e\x1b\\\x1b[?62;22c";
        assert_eq!(parse_background(dark), Some(Background::Dark));
        let light = b"\x1b]11;rgb:ffff/fdfd/f6f6\x07\x1b[?1;2c";
        assert_eq!(parse_background(light), Some(Background::Light));
        assert_eq!(
            parse_background(b"\x1b]11;rgb:f/f/f\x07"),
            Some(Background::Light)
        );
        assert_eq!(parse_background(b"\x1b[?1;2c"), None, "no OSC 11 answer");
        assert_eq!(parse_background(b"\x1b]11;rgb:zz/00/00\x07"), None);
        assert!(answered(b"\x1b]11;rgb:0/0/0\x07\x1b[?62c"));
        assert!(!answered(b"\x1b]11;rgb:0/0/0\x07"));
    }
}
