//! The modules of this crate form layers (see the crate's doc): a module
//! may use those below it, never one above, so there are no circles.

use std::fs;

use std::path::Path;
use supchat_testkit::rust_files;

/// Lowest first.
const LAYERS: &[&str] = &[
    "private", "proc", "config", "mcp", "engine", "tools", "store", "attach", "session",
];

/// The layer a file belongs to: its first folder or file name under src.
fn layer_of(src: &Path, file: &Path) -> Option<usize> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?.trim_end_matches(".rs");
    LAYERS.iter().position(|l| *l == name)
}

#[test]
fn layers_only_look_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut offenders = Vec::new();
    let mut checked = 0;
    for file in &files {
        let Some(own) = layer_of(&src, file) else {
            continue;
        };
        checked += 1;
        let text = fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (i, layer) in LAYERS.iter().enumerate() {
                if i > own && code.contains(&format!("crate::{layer}")) {
                    offenders.push(format!(
                        "{}:{}: {} uses {layer}, a layer above it",
                        file.display(),
                        n + 1,
                        LAYERS[own]
                    ));
                }
            }
        }
    }
    assert!(checked > 20, "the walk found the source");
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
