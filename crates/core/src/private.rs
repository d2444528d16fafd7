//! Files and folders supchat makes are the user's alone: folders 0700,
//! files 0600 (they hold conversations and keys). Only what is made here
//! gets the mode; what exists already keeps its own. On other systems than
//! Unix, the system's defaults.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Makes `dir` and the folders above it that are missing, each 0700.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// Options that make a file 0600 when they create it.
pub fn options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}

/// A new file at `path` (0600); an existing one is an error, not
/// overwritten.
pub fn create_new(path: &Path) -> io::Result<File> {
    options().write(true).create_new(true).open(path)
}

/// Takes from group and others what an existing `path` (of this user)
/// lets them do: `mode` is the mode it gets (0700, 0600). True when it
/// was changed; a path that is missing, or another user's, is left.
pub fn tighten(path: &Path, mode: u32) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return false;
        };
        // SAFETY: geteuid has no preconditions.
        let mine = meta.uid() == unsafe { libc::geteuid() };
        if !mine || meta.file_type().is_symlink() || meta.mode() & 0o077 == 0 {
            return false;
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        false
    }
}

/// Writes `data` to `path`, made 0600 if it is new, its folder 0700.
pub fn write(path: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    let mut f = options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    io::Write::write_all(&mut f, data)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    /// An existing folder and database left open to others (an older
    /// supchat, umask 022) are made the user's alone, once.
    #[test]
    fn what_exists_open_to_others_is_tightened_once() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("sessions.db");
        std::fs::write(&db, "x").unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(tighten(&dir, 0o700));
        assert!(tighten(&db, 0o600));
        assert_eq!((mode(&dir), mode(&db)), (0o700, 0o600));
        assert!(!tighten(&db, 0o600), "said once");
        assert!(!tighten(&dir.join("missing"), 0o600));
    }

    #[test]
    fn folders_and_files_made_are_the_users_alone() {
        let d = tempfile::tempdir().unwrap();
        let deep = d.path().join("a/b");
        create_dir(&deep).unwrap();
        assert_eq!(mode(&d.path().join("a")), 0o700);
        assert_eq!(mode(&deep), 0o700);
        let f = deep.join("x.txt");
        write(&f, b"hello").unwrap();
        assert_eq!(mode(&f), 0o600);
        assert!(create_new(&f).is_err(), "an existing file is kept");
    }
}
