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

/// Opens the editor on `draft` and returns the edited text.
pub fn edit(draft: &str) -> Result<String, String> {
    let path = std::env::temp_dir().join(format!("supchat-draft-{}.md", std::process::id()));
    std::fs::write(&path, draft).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let cmd = editor_command();
    // Through the shell, so EDITOR="code --wait" works.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{cmd} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    let text = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => text.map_err(|e| format!("cannot read the draft back: {e}")),
        Ok(s) => Err(format!("`{cmd}` exited with {s}")),
        Err(e) => Err(format!("cannot run `{cmd}`: {e}")),
    }
}
