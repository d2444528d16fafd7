use super::*;

fn folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("work");
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(root.join("notes.txt"), "生命周期\n").unwrap();
    std::fs::write(d.path().join("secret.txt"), "the key").unwrap();
    std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("escape")).unwrap();
    std::os::unix::fs::symlink("src", root.join("inside")).unwrap();
    let root = root.canonicalize().unwrap();
    (d, root)
}

#[test]
fn files_under_the_folder_are_read() {
    let (_d, root) = folder();
    let args = json!({"path": "src/main.rs"});
    assert_eq!(
        run(Builtin::ReadFile, &args, &root, None).unwrap(),
        "fn main() {}\n"
    );
    let args = json!({"path": "./notes.txt"});
    assert_eq!(
        run(Builtin::ReadFile, &args, &root, None).unwrap(),
        "生命周期\n"
    );
    // A link that stays inside is followed.
    let args = json!({"path": "inside/main.rs"});
    assert!(run(Builtin::ReadFile, &args, &root, None).is_ok());
}

#[test]
fn dot_dot_absolute_paths_and_links_out_are_refused() {
    let (d, root) = folder();
    let refused = |p: &str| run(Builtin::ReadFile, &json!({ "path": p }), &root, None).unwrap_err();
    assert!(refused("../secret.txt").contains("uses \"..\""));
    assert!(refused("src/../../secret.txt").contains("uses \"..\""));
    let abs = d.path().join("secret.txt");
    assert!(refused(abs.to_str().unwrap()).contains("absolute path"));
    assert!(refused("/etc/passwd").contains("absolute path"));
    assert!(refused("escape").contains("leads outside"));
    assert!(refused("missing.txt").contains("no such file"));
    assert!(refused("src").contains("is a folder"));
    let list = |p: &str| run(Builtin::ListDir, &json!({ "path": p }), &root, None);
    assert!(list("..").unwrap_err().contains("uses \"..\""));
    assert!(list("/").unwrap_err().contains("absolute"));
}

/// A folder swapped for a link out while the model reads through it:
/// what is checked is what is opened, so nothing outside is ever read.
#[test]
fn a_folder_swapped_for_a_link_out_never_leaks() {
    let (d, root) = folder();
    std::fs::write(d.path().join("secret.txt"), "OUTSIDE").unwrap();
    std::fs::create_dir_all(root.join("swap")).unwrap();
    std::fs::write(root.join("swap/secret.txt"), "inside").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (root, outside, stop) = (root.clone(), d.path().to_owned(), stop.clone());
        std::thread::spawn(move || {
            let (real, link, parked) = (root.join("swap"), root.join("swap"), root.join("parked"));
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::rename(&real, &parked);
                let _ = std::os::unix::fs::symlink(&outside, &link);
                std::thread::yield_now();
                let _ = std::fs::remove_file(&link);
                let _ = std::fs::rename(&parked, &real);
            }
        })
    };
    for _ in 0..2000 {
        if let Ok(text) = run(
            Builtin::ReadFile,
            &json!({"path": "swap/secret.txt"}),
            &root,
            None,
        ) {
            assert_eq!(text, "inside", "read outside the folder");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
}

/// A call checked as harmless whose path is a link swapped to a
/// secret before it runs: the opened file is judged, and refused.
#[test]
fn the_opened_file_is_judged_not_only_the_path_named() {
    let (_d, root) = folder();
    std::fs::write(root.join(".env"), "K=secret").unwrap();
    std::os::unix::fs::symlink(".env", root.join("plain.txt")).unwrap();
    let guard = super::super::secrets::Secrets::default();
    let err = run(
        Builtin::ReadFile,
        &json!({"path": "plain.txt"}),
        &root,
        Some(&guard),
    )
    .unwrap_err();
    assert!(err.contains("needs the user's yes"), "{err}");
    // Approved by the user: read.
    let ok = run(
        Builtin::ReadFile,
        &json!({"path": "plain.txt"}),
        &root,
        None,
    )
    .unwrap();
    assert_eq!(ok, "K=secret");
}

#[test]
fn big_binary_and_special_files() {
    let (_d, root) = folder();
    std::fs::write(root.join("big.txt"), "é".repeat(READ_CAP)).unwrap();
    let out = run(Builtin::ReadFile, &json!({"path": "big.txt"}), &root, None).unwrap();
    assert!(out.len() <= READ_CAP + 80, "{}", out.len());
    assert!(out.ends_with(&format!(
        "[truncated: the first 64 KiB of {} bytes]",
        2 * READ_CAP
    )));
    std::fs::write(root.join("b.bin"), [0x7f, b'E', b'L', b'F', 0, 1]).unwrap();
    let err = run(Builtin::ReadFile, &json!({"path": "b.bin"}), &root, None).unwrap_err();
    assert!(err.contains("not a text file"), "{err}");
    let fifo = root.join("pipe");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let err = run(Builtin::ReadFile, &json!({"path": "pipe"}), &root, None).unwrap_err();
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn folders_are_listed_sorted_and_capped() {
    let (_d, root) = folder();
    let out = run(Builtin::ListDir, &json!({}), &root, None).unwrap();
    assert_eq!(
        out,
        ".: 4 entries\nescape@\ninside@\nnotes.txt  13 bytes\nsrc/\n"
    );
    let many = root.join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..LIST_CAP + 5 {
        std::fs::write(many.join(format!("f{i:05}")), "").unwrap();
    }
    let out = run(Builtin::ListDir, &json!({"path": "many"}), &root, None).unwrap();
    assert!(out.starts_with("many: 1005 entries\nf00000  0 bytes\n"));
    assert!(
        out.ends_with("[and 5 more]\n"),
        "{}",
        &out[out.len() - 40..]
    );
}

#[test]
fn now_says_utc_and_local_time() {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_705_314_600);
    let v: Value = serde_json::from_str(&now(t)).unwrap();
    assert_eq!(v["utc"], "2024-01-15T10:30:00Z");
    assert_eq!(v["unix"], 1_705_314_600);
    assert!(
        v["local"]
            .as_str()
            .is_some_and(|l| l.starts_with("2024-01-1"))
    );
    assert!(v["weekday"].is_string());
}
