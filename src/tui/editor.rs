//! Editing the draft in an external editor: `$EDITOR`, then `$VISUAL`, then
//! `vi`, on a temporary file that is removed afterwards.

use std::process::Command;

/// The editor command line to use.
pub fn editor_command() -> String {
    ["EDITOR", "VISUAL"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_owned())
}

/// Opens the editor on `draft` and returns the edited text (and a warning
/// when the editor failed after the text was saved). The draft goes
/// to a private temporary file (0600, a name no one can guess), removed
/// afterwards whatever happens.
pub fn edit(draft: &str) -> Result<(String, Option<String>), String> {
    use std::io::Write;
    let mut file = tempfile::Builder::new()
        .prefix("supchat-draft-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| supchat_i18n::tr!("editor-no-temp-file", e = e.to_string()))?;
    file.write_all(draft.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| supchat_i18n::tr!("editor-cannot-write", e = supchat_i18n::io_reason(&e)))?;
    let path = file.path().to_path_buf();
    let cmd = editor_command();
    // Through the shell, so EDITOR="code --wait" works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    // Read by path: editors often replace the file rather than write it.
    let text = std::fs::read_to_string(&path);
    drop(file);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => text
            .map(|t| (t, None))
            .map_err(|e| supchat_i18n::tr!("editor-cannot-read", e = supchat_i18n::io_reason(&e))),
        // Saved, then an error (vim's :cq, a failing hook): the text the
        // user wrote is kept, and what the editor said is told.
        Ok(s) => match text {
            Ok(t) if t != draft => Ok((
                t,
                Some(supchat_i18n::tr!(
                    "editor-failed-kept",
                    cmd = cmd.as_str(),
                    status = s.to_string()
                )),
            )),
            _ => Err(supchat_i18n::tr!(
                "editor-failed",
                cmd = cmd.as_str(),
                status = s.to_string()
            )),
        },
        Err(e) => Err(supchat_i18n::tr!(
            "editor-cannot-run",
            cmd = cmd.as_str(),
            e = e.to_string()
        )),
    }
}
