//! What the model is told of a call that was not run (no such tool,
//! arguments that do not fit), and of a tool that printed nothing: in
//! English, which models read best.

/// What the model is given for a tool that printed nothing.
pub const NO_OUTPUT: &str = "(no output)";

pub(super) fn no_such_tool(name: &str, tools: &[&str]) -> String {
    format!(
        "error: there is no tool named {name:?} (the tools are: {})",
        if tools.is_empty() {
            "none".to_owned()
        } else {
            tools.join(", ")
        }
    )
}

pub(super) fn not_json(e: &serde_json::Error) -> String {
    format!("error: the arguments are not valid JSON ({e}); call the tool again with a JSON object")
}

pub(super) const NOT_AN_OBJECT: &str = "error: the arguments must be a JSON object";

pub(super) fn bad_schema(e: &impl std::fmt::Display) -> String {
    format!(
        "error: the tool's own parameter schema is not valid JSON Schema ({e}); the call was not run"
    )
}

/// One place where the arguments do not fit: where, what, which rule.
pub(super) fn problem(at: &str, e: &impl std::fmt::Display, rule: &str) -> String {
    format!("at {at}: {e} (rule `{rule}`)")
}

pub(super) fn do_not_fit(problems: &[String]) -> String {
    format!(
        "error: the arguments do not fit the tool's schema: {}; call the tool again with arguments that do",
        problems.join("; ")
    )
}

/// Why a call that needed the user's yes (`why`, in English) was
/// declined with no one to ask.
pub(super) fn declined_unasked(why: &str) -> String {
    format!(
        "declined: this call needs the user's yes ({why}) and no one could be asked. Do not reach it another way."
    )
}
