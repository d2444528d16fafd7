//! The MCP servers' panel (F9) and the footer's word on them: a server
//! ready with its tools, one that failed (why, and its stderr), one off;
//! at the three sizes. The servers are real: the test MCP server and a
//! program that fails at once.

use super::*;
use supchat_core::mcp::Hub;

/// A hub of three servers, started and settled: `fx` (the test server,
/// found on PATH), `db` (fails, saying why on stderr), `web` (off).
fn hub(rt: &tokio::runtime::Runtime) -> Hub {
    let fixture = supchat_testkit::mcp::fixture_program();
    let dir = fixture.parent().unwrap().to_owned();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![dir];
    paths.extend(std::env::split_paths(&path));
    // SAFETY: only adds the fixture's folder; read by this process's
    // children.
    unsafe { std::env::set_var("PATH", std::env::join_paths(paths).unwrap()) };
    let text = r#"
[mcp_servers.fx]
command = ["supchat-mcp-fixture"]

[mcp_servers.db]
command = ["sh", "-c", "echo 'Error: cannot connect to the database at localhost:5432' >&2; exit 1"]

[mcp_servers.web]
url = "https://example.com/mcp"
enabled = false
"#;
    let cfg = supchat_core::config::load_from_str(text, std::path::Path::new("/cfg/config.toml"))
        .unwrap();
    let hub = Hub::new(&cfg, std::path::Path::new("/"), rt.handle().clone());
    hub.start_enabled();
    rt.block_on(hub.settled());
    hub
}

/// A chat of `w` by `h` with `hub`'s servers, told of their state, 11 s
/// later (the footer's word of the change gone).
fn told(hub: &Hub, w: u16, h: u16) -> Scene {
    let mut s = Scene::new(w, h);
    s.app = App::new(&Config::default(), (w, h)).with_mcp(hub.clone());
    let t = s.t0;
    s.app.update(Event::McpChanged, t);
    s.app.update(Event::Tick, s.at(11_000));
    s
}

#[test]
fn the_mcp_panel_shows_each_servers_state() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let hub = hub(&rt);
    for &(w, h) in SIZES {
        let mut s = told(&hub, w, h);
        let t = s.t0;
        // The footer says one failed (once the word of the change is gone).
        let footer = s.screen(11_000);
        assert!(
            footer.contains("F9 MCP: 1 failed"),
            "the footer names the failure:\n{footer}"
        );
        s.app.update(key(KeyCode::F(9)), t);
        insta::assert_snapshot!(format!("mcp_panel_{w}x{h}"), s.screen(11_000));
    }
    // Down selects the next server: the failed one's stderr goes.
    let mut s = Scene::new(80, 24);
    s.app = App::new(&Config::default(), (80, 24)).with_mcp(hub.clone());
    let t = s.t0;
    s.app.update(key(KeyCode::F(9)), t);
    assert!(s.screen(0).contains("│ Error: cannot connect"));
    s.app.update(key(KeyCode::Down), t);
    let screen = s.screen(0);
    assert!(!screen.contains("│ Error: cannot connect"), "{screen}");
    assert!(screen.contains("›● fx  ready · 10 tools"), "{screen}");
    hub.stop_all();
}

/// More servers than the panel has rows (40x16): the selected one is in
/// sight, the first as the last.
#[test]
fn the_selected_server_stays_in_sight_on_a_small_screen() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let text: String = (0..8)
        .map(|i| {
            format!("[mcp_servers.s{i}]\nurl = \"https://example.com/{i}\"\nenabled = false\n")
        })
        .collect();
    let cfg = supchat_core::config::load_from_str(&text, std::path::Path::new("/cfg/config.toml"))
        .unwrap();
    let hub = Hub::new(&cfg, std::path::Path::new("/"), rt.handle().clone());
    let mut s = Scene::new(40, 16);
    s.app = App::new(&Config::default(), (40, 16)).with_mcp(hub);
    let t = s.t0;
    s.app.update(key(KeyCode::F(9)), t);
    let screen = s.screen(0);
    assert!(screen.contains("│›○ s0  off"), "{screen}");
    for i in 1..8 {
        s.app.update(key(KeyCode::Down), t);
        let screen = s.screen(0);
        assert!(screen.contains(&format!("│›○ s{i}  off")), "{i}:\n{screen}");
    }
    s.app.update(key(KeyCode::Home), t);
    assert!(s.screen(0).contains("│›○ s0  off"));
}

/// The panel and the footer's word in Chinese, at the three sizes.
#[test]
fn the_mcp_panel_in_chinese() {
    supchat_i18n::set_for_this_thread(supchat_i18n::Lang::ZhCn);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let hub = hub(&rt);
    for &(w, h) in SIZES {
        let mut s = told(&hub, w, h);
        let t = s.t0;
        s.app.update(key(KeyCode::F(9)), t);
        insta::assert_snapshot!(format!("zh_mcp_panel_{w}x{h}"), s.screen(11_000));
    }
    hub.stop_all();
}
