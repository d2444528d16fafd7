//! Opening a path the model named, beneath the working folder, so that
//! what is checked is what is read. Checking a path and then opening it
//! leaves a gap: a folder swapped for a symbolic link in between reads
//! outside (`/etc/passwd`), a file swapped for a FIFO blocks the read.
//! So the path is opened first, relative to the opened folder, and the
//! opened file is checked:
//!
//! - with `openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)` where the
//!   kernel has it (Linux 5.6): links are followed only while they stay
//!   inside the folder, all in the kernel, in one step;
//! - else one component at a time with `openat(O_NOFOLLOW)`: no link is
//!   followed at all (a link inside the folder is refused too);
//! - never blocking on open (`O_NONBLOCK`: a FIFO opens at once, and is
//!   then refused as not a regular file).
//!
//! No crate does this for us (cap-std does, with a tree of dependencies
//! larger than this file); `libc` is already here.

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path};

/// Opens `rel` (relative, no `..`: checked by the caller) beneath `root`.
/// `dir`: a folder is wanted (else a regular file).
pub fn open(root: &Path, rel: &Path, dir: bool) -> io::Result<File> {
    let root = File::open(root)?;
    let file = match open2(&root, rel, dir) {
        // No openat2 (an older kernel, or a sandbox that forbids it).
        Err(e) if matches!(e.raw_os_error(), Some(libc::ENOSYS | libc::EPERM)) => {
            open_by_components(&root, rel, dir)?
        }
        other => other?,
    };
    Ok(file)
}

fn flags(dir: bool) -> libc::c_int {
    let kind = if dir { libc::O_DIRECTORY } else { 0 };
    libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOCTTY | libc::O_NONBLOCK | kind
}

fn c_path(p: &Path) -> io::Result<CString> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
}

/// `openat2` with the path held beneath `root`.
fn open2(root: &File, rel: &Path, dir: bool) -> io::Result<File> {
    let path = c_path(rel)?;
    // SAFETY: open_how is plain data; zero is a valid value of each field.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = flags(dir) as u64;
    how.resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_MAGICLINKS;
    // SAFETY: a valid directory descriptor, a NUL-terminated path, and a
    // pointer to `how` with its size; the result is checked.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            root.as_raw_fd(),
            path.as_ptr(),
            &how as *const libc::open_how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel gave us this new descriptor; the File owns it.
    Ok(unsafe { File::from_raw_fd(fd as libc::c_int) })
}

/// One component at a time, following no link.
fn open_by_components(root: &File, rel: &Path, dir: bool) -> io::Result<File> {
    let parts: Vec<&std::ffi::OsStr> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p),
            _ => None,
        })
        .collect();
    let mut at = root.try_clone()?;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let name = c_path(Path::new(part))?;
        let f = if last { flags(dir) } else { flags(true) } | libc::O_NOFOLLOW;
        // SAFETY: a valid directory descriptor and a NUL-terminated name.
        let fd = unsafe { libc::openat(at.as_raw_fd(), name.as_ptr(), f) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a new descriptor, now owned.
        at = unsafe { File::from_raw_fd(fd) };
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_refuse_a_link_out_and_open_what_is_inside() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "inside").unwrap();
        std::fs::write(d.path().join("secret.txt"), "outside").unwrap();
        std::os::unix::fs::symlink(d.path(), root.join("out")).unwrap();
        let r = File::open(&root).unwrap();
        for way in [open2, open_by_components] {
            let read = |p: &str| {
                way(&r, Path::new(p), false).map(|mut f| {
                    let mut s = String::new();
                    io::Read::read_to_string(&mut f, &mut s).unwrap();
                    s
                })
            };
            match read("sub/a.txt") {
                Ok(s) => assert_eq!(s, "inside"),
                // A sandbox without openat2: the other way is tried.
                Err(e) if e.raw_os_error() == Some(libc::ENOSYS) => continue,
                Err(e) => panic!("{e}"),
            }
            assert!(read("out/secret.txt").is_err(), "a link out is refused");
        }
    }
}
