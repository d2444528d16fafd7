//! What the guardian writes on a tool's stderr when it cannot run the
//! tool: the tool's output, which the model reads (in English, as a
//! shell's own words would be).

pub(super) fn cannot_run(program: &str, e: &std::io::Error) -> String {
    format!("supchat: cannot run {program}: {e}")
}
