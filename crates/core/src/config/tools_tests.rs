//! Tools in the config: names, commands, parameters and approval checked
//! at load, with the line of a mistake.

use super::*;
use serde_json::json;

#[test]
fn parameter_schemas_are_checked() {
    let ok = json!({"type": "object", "properties": {"city": {"type": "string"},
        "days": {"type": ["integer", "null"]}, "tags": {"type": "array", "items": {"type": "string"}}},
        "required": ["city"]});
    assert_eq!(check_parameters(&ok), Ok(()));
    let cases = [
        (json!([1]), "must be a table"),
        (json!({"type": "string"}), "type = \"object\""),
        (
            json!({"type": "object", "properties": {"a": {"type": "text"}}}),
            "parameters.properties.a.type \"text\"",
        ),
        (
            json!({"type": "object", "properties": {"a": 3}}),
            "parameters.properties.a is not a schema",
        ),
        (
            json!({"type": "object", "required": ["x"]}),
            "names \"x\", which is not in its properties",
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": 1}}}}),
            "items.type 1",
        ),
        (
            json!({"type": "object", "properties": {"a": {"enum": "x"}}}),
            "enum must be a list",
        ),
    ];
    for (schema, want) in cases {
        let got = check_parameters(&schema).unwrap_err();
        assert!(got.contains(want), "{schema}: {got}");
    }
}

#[test]
fn names_follow_the_api_rules() {
    assert!(check_name("get_weather-2").is_ok());
    assert!(check_name("").is_err());
    assert!(check_name("has space").is_err());
    assert!(check_name(&"x".repeat(65)).is_err());
    assert!(check_name("天气").is_err());
}

#[test]
fn programs_are_found_from_the_config_folder() {
    let dir = Path::new("/etc/supchat");
    assert_eq!(program_path("./w.sh", dir), "/etc/supchat/w.sh");
    assert_eq!(program_path("bin/w", dir), "/etc/supchat/bin/w");
    assert_eq!(program_path("/usr/bin/w", dir), "/usr/bin/w");
    assert_eq!(program_path("jq", dir), "jq");
    assert!(find_program("sh").is_some());
    assert!(find_program("surely-no-such-program-here").is_none());
}
