use super::*;

#[test]
fn words_with_an_at_that_name_files_are_attached() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("notes.txt"), "生命周期\n").unwrap();
    let png = [
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
    ];
    std::fs::write(d.path().join("shot.png"), png).unwrap();
    std::fs::write(d.path().join("blob.bin"), [1, 0, 2]).unwrap();
    assert_eq!(
        candidates("see @notes.txt, and @shot.png! mail @alice"),
        ["notes.txt", "shot.png", "alice"]
    );
    let got = load("see @notes.txt and @shot.png, not @alice", d.path(), false).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (
            got[0].name.as_str(),
            got[0].mime.as_str(),
            got[0].data.as_str()
        ),
        ("notes.txt", "text/plain", "生命周期\n")
    );
    assert_eq!(got[1].mime, "image/png");
    assert_eq!(got[1].data, supchat_chat::text::base64(&png));
    let e = load("@blob.bin", d.path(), false).unwrap_err();
    assert!(e.contains("not text"), "{e}");
    std::fs::write(d.path().join("big.txt"), "x".repeat(TEXT_CAP as usize + 1)).unwrap();
    // The file's own size is said, not a rounded one equal to the cap.
    let e = load("@big.txt", d.path(), false).unwrap_err();
    assert!(e.contains("it is 262145 bytes"), "{e}");
    assert!(e.contains("at most 262144"), "{e}");
}

/// Files that came in a paste, lie outside the working folder, are
/// hidden or look like secrets are asked about before they are sent.
#[test]
fn what_asks_before_it_is_sent() {
    let d = tempfile::tempdir().unwrap();
    let work = d.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("notes.txt"), "n").unwrap();
    std::fs::write(work.join(".env"), "K=v").unwrap();
    std::fs::write(d.path().join("outside.txt"), "o").unwrap();
    assert_eq!(to_confirm("see @notes.txt", &work, &[]), None);
    let asks = to_confirm("see @notes.txt", &work, &["notes.txt".into()]).unwrap();
    assert_eq!(asks, "send notes.txt (it came in a paste)?");
    let asks = to_confirm("and @.env", &work, &[]).unwrap();
    assert!(
        asks.contains("a hidden file") && asks.contains("looks like a key"),
        "{asks}"
    );
    let out = d.path().join("outside.txt");
    let asks = to_confirm(&format!("@{}", out.display()), &work, &[]).unwrap();
    assert!(
        asks.starts_with(CONFIRM) && asks.contains("outside the working folder"),
        "{asks}"
    );
    // A link with an innocent name to a secret is the secret.
    std::os::unix::fs::symlink(work.join(".env"), work.join("notes2.txt")).unwrap();
    let asks = to_confirm("@notes2.txt", &work, &[]).unwrap();
    assert!(asks.contains("a hidden file"), "{asks}");
    // A word that names no file is not asked about (it is text).
    assert_eq!(to_confirm("@../nothing.txt", &work, &[]), None);
}

#[test]
fn a_quoted_path_with_spaces_is_one_word_and_a_dropped_file_is_read_back() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a b.txt"), "spaced\n").unwrap();
    assert_eq!(
        candidates("read @\"a b.txt\" and @c.txt; mail@x.y @\"unclosed"),
        ["a b.txt", "c.txt", "\"unclosed"]
    );
    let got = load(&format!("{} please", mention("a b.txt")), d.path(), false).unwrap();
    assert_eq!(got[0].data, "spaced\n");
    // In quotes it must be a file: said, not sent as text.
    let missing = load("@\"no such.txt\" please", d.path(), false).unwrap_err();
    assert!(
        missing.contains("cannot attach \"no such.txt\": no such file")
            && missing.contains("delete the @")
            // What the chat offers to send as text on a second Enter; a
            // quoted word never is.
            && !missing.starts_with("nothing to attach at"),
        "{missing}"
    );
    assert!(
        load("@nosuch.txt and @alice", d.path(), false)
            .unwrap()
            .is_empty()
    );
    // Strict: a word that reads as a path but names nothing is said.
    let e = load("@nosuch.txt and @alice", d.path(), true).unwrap_err();
    assert!(e.contains("nothing to attach at \"nosuch.txt\""), "{e}");
    assert!(
        load("ask @alice about v1.2", d.path(), true)
            .unwrap()
            .is_empty()
    );
    assert!(load("see @src/missing", d.path(), true).is_err());
    assert_eq!(mention("/tmp/plain.txt"), "@/tmp/plain.txt");
    // As terminals paste a dropped file.
    for pasted in [
        "file:///tmp/a%20b.png",
        "'/tmp/a b.png'",
        "/tmp/a\\ b.png",
        "\"/tmp/a b.png\"",
    ] {
        assert_eq!(dropped(pasted), ["/tmp/a b.png"], "{pasted}");
    }
    assert_eq!(dropped("file:///tmp/%E4%BD%A0.md"), ["/tmp/你.md"]);
    // Several files dropped at once.
    assert_eq!(
        dropped("file:///tmp/my%20file.txt file:///tmp/notes.txt"),
        ["/tmp/my file.txt", "/tmp/notes.txt"]
    );
    assert_eq!(
        dropped("'/tmp/a b.png'\n/tmp/c\\ d.rs"),
        ["/tmp/a b.png", "/tmp/c d.rs"]
    );
    assert!(dropped("just some text").is_empty());
    assert!(dropped("/etc/hosts is the file.").is_empty(), "a sentence");
    assert!(dropped("/tmp/folder/").is_empty());
    assert!(dropped("").is_empty());
}

#[test]
fn names_complete_in_the_folder() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("src")).unwrap();
    std::fs::write(d.path().join("src/main.rs"), "").unwrap();
    std::fs::write(d.path().join("notes.txt"), "").unwrap();
    std::fs::write(d.path().join(".hidden"), "").unwrap();
    assert_eq!(complete("no", d.path(), 10), ["notes.txt"]);
    assert_eq!(complete("", d.path(), 10), ["notes.txt", "src/"]);
    assert_eq!(complete("src/m", d.path(), 10), ["src/main.rs"]);
}

/// In Chinese: the question and the refusals read in Chinese, and the
/// question is known as one in either language (Enter again approves it).
#[test]
fn the_question_and_refusals_read_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("notes.txt"), "n").unwrap();
    std::fs::write(d.path().join(".env"), "K=v").unwrap();
    let asks = to_confirm("see @notes.txt", d.path(), &["notes.txt".into()]).unwrap();
    assert_eq!(asks, "确认发送 notes.txt（来自粘贴）？");
    assert!(is_question(&asks));
    assert!(is_question("send notes.txt (it came in a paste)?"));
    let asks = to_confirm("@.env @notes.txt", d.path(), &["notes.txt".into()]).unwrap();
    assert!(
        asks.contains("是隐藏文件；.env 看起来是密钥或机密文件"),
        "{asks}"
    );
    assert!(asks.contains("）、notes.txt（"), "{asks}");
    let e = load("@missing.txt", d.path(), true).unwrap_err();
    assert_eq!(
        e,
        "找不到要附加的文件“missing.txt”（去掉 @ 即作为普通文字发送）"
    );
    assert!(names_nothing(&e) && !is_question(&e));
    assert!(names_nothing(
        "nothing to attach at \"x.txt\": no such file (without the @ it is text)"
    ));
    let chips = chips("@deploy/.env", true);
    assert_eq!(chips[0].1, ["粘贴", "隐藏", "疑似密钥"]);
}
