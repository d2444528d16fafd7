//! A small MCP server for supchat's tests, built with `rmcp`'s server
//! side: over stdio (the `supchat-mcp-fixture` program) or streamable HTTP
//! on 127.0.0.1 ([`serve_http`]). What it does is chosen by [`Behaviour`]:
//! how many tools, a slow start, an `initialize` that never answers. Its
//! tools:
//!
//! - `echo {text}`: the text back;
//! - `add {a, b}`: the sum;
//! - `picture`: an image and a text;
//! - `fails`: an error result;
//! - `wait`: never answers (until cancelled: the cancel is written to the
//!   log);
//! - `grow`: adds the tool `late` and says the list changed;
//! - `storm`: says 500 times that its list changed;
//! - `crash`: the server exits at once;
//! - `env {name}`: the value of one of its environment variables;
//! - `tty`: whether it can open a terminal (`/dev/tty`);
//! - with `many = N`: `t0` … `tN-1` as well.
//!
//! Everything it is asked, and every cancel notification, is written as a
//! line to the log file, when one is given.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rmcp::handler::server::ServerHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, CancelledNotificationParam,
    ContentBlock, InitializeRequestParams, InitializeResult, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{NotificationContext, RequestContext, RoleServer};
use rmcp::{ErrorData, ServiceExt};
use serde_json::{Value, json};

/// What the fixture does.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// `t0` … of this many more tools.
    pub many: usize,
    /// Never answer `initialize`.
    pub hang_init: bool,
    /// Wait this long before answering `initialize`.
    pub slow_start: Duration,
    /// Where to write what it is asked.
    pub log: Option<PathBuf>,
    /// Names of two tools that clean to the same offered name.
    pub twins: bool,
    /// `tools/list` pages for ever (50 tools a page, a cursor always).
    pub pages_forever: bool,
    /// A tool `huge` whose input schema is over 100 KiB.
    pub big_schema: bool,
    /// At start, a helper in a session of its own that ignores SIGTERM;
    /// its pid is written to this file.
    pub daemon: Option<PathBuf>,
}

impl Behaviour {
    /// From the fixture program's arguments: `--many N`, `--hang-init`,
    /// `--slow-start-ms N`, `--log FILE`, `--twins`, `--pages-forever`,
    /// `--big-schema`, `--daemon PIDFILE`.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Self {
        let mut b = Self::default();
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            match a.as_str() {
                "--many" => b.many = args.next().and_then(|n| n.parse().ok()).unwrap_or(0),
                "--hang-init" => b.hang_init = true,
                "--twins" => b.twins = true,
                "--slow-start-ms" => {
                    let ms = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                    b.slow_start = Duration::from_millis(ms);
                }
                "--log" => b.log = args.next().map(PathBuf::from),
                "--pages-forever" => b.pages_forever = true,
                "--big-schema" => b.big_schema = true,
                "--daemon" => b.daemon = args.next().map(PathBuf::from),
                _ => {}
            }
        }
        b
    }
}

#[derive(Clone)]
pub struct Fixture {
    behaviour: Behaviour,
    grown: Arc<AtomicBool>,
    log: Arc<Mutex<()>>,
}

fn object(v: Value) -> Arc<serde_json::Map<String, Value>> {
    match v {
        Value::Object(o) => Arc::new(o),
        _ => Arc::default(),
    }
}

fn tool(name: &str, description: &str, schema: Value) -> Tool {
    Tool::new(name.to_owned(), description.to_owned(), object(schema))
}

fn text(s: impl Into<String>) -> Vec<ContentBlock> {
    vec![ContentBlock::text(s)]
}

impl Fixture {
    pub fn new(behaviour: Behaviour) -> Self {
        Self {
            behaviour,
            grown: Arc::default(),
            log: Arc::default(),
        }
    }

    fn note(&self, line: &str) {
        let Some(path) = &self.behaviour.log else {
            return;
        };
        let _held = self.log.lock();
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "{line}");
        }
    }

    fn tools(&self) -> Vec<Tool> {
        let mut v = vec![
            tool(
                "echo",
                "Says the text back.",
                json!({"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}),
            ),
            tool(
                "add",
                "Adds two numbers.",
                json!({"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}),
            ),
            tool("picture", "Draws a picture.", json!({"type": "object"})),
            tool("fails", "Always fails.", json!({"type": "object"})),
            tool("wait", "Never answers.", json!({"type": "object"})),
            tool("grow", "Adds a tool.", json!({"type": "object"})),
            tool(
                "storm",
                "Says 500 times that the list changed.",
                json!({"type": "object"}),
            ),
            tool("crash", "Ends the server.", json!({"type": "object"})),
            tool(
                "tty",
                "Whether the server can open a terminal.",
                json!({"type": "object"}),
            ),
            tool(
                "env",
                "The value of an environment variable of the server.",
                json!({"type": "object", "properties": {"name": {"type": "string"}}}),
            ),
        ];
        if self.grown.load(Ordering::Relaxed) {
            v.push(tool("late", "Came later.", json!({"type": "object"})));
        }
        if self.behaviour.big_schema {
            let props: serde_json::Map<String, Value> = (0..3000)
                .map(|i| {
                    (
                        format!("field_{i:05}"),
                        json!({"type": "string", "description": "a field"}),
                    )
                })
                .collect();
            v.push(tool(
                "huge",
                "A tool with a very big schema.",
                json!({"type": "object", "properties": props}),
            ));
        }
        if self.behaviour.twins {
            v.push(tool("a.b", "One twin.", json!({"type": "object"})));
            v.push(tool("a b", "The other twin.", json!({"type": "object"})));
        }
        v.extend(
            (0..self.behaviour.many)
                .map(|i| tool(&format!("t{i}"), "One of many.", json!({"type": "object"}))),
        );
        v
    }
}

impl ServerHandler for Fixture {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_tool_list_changed()
                .build(),
        )
    }

    async fn initialize(
        &self,
        request: InitializeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<InitializeResult, ErrorData> {
        self.note("initialize");
        if self.behaviour.hang_init {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(self.behaviour.slow_start).await;
        context.peer.set_peer_info(request.clone());
        eprintln!("fixture: ready");
        self.negotiate_initialize(&request)
    }

    async fn list_tools(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        self.note("list");
        if self.behaviour.pages_forever {
            let page: usize = request
                .and_then(|r| r.cursor)
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            let tools = (0..50)
                .map(|i| tool(&format!("p{page}_{i}"), "Paged.", json!({"type": "object"})))
                .collect();
            let mut r = ListToolsResult::with_all_items(tools);
            r.next_cursor = Some((page + 1).to_string());
            return Ok(r);
        }
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = Value::Object(request.arguments.clone().unwrap_or_default());
        self.note(&format!("call {} {args}", request.name));
        let done = |r: CallToolResult| Ok(CallToolResponse::Complete(r));
        match request.name.as_ref() {
            "echo" => done(CallToolResult::success(text(
                args.get("text").and_then(Value::as_str).unwrap_or(""),
            ))),
            "add" => {
                let n = |k: &str| args.get(k).and_then(Value::as_f64).unwrap_or(0.0);
                done(CallToolResult::success(text(format!(
                    "{}",
                    n("a") + n("b")
                ))))
            }
            "picture" => done(CallToolResult::success(vec![
                ContentBlock::text("a red dot"),
                ContentBlock::image("iVBORw0KGgo=".repeat(100), "image/png"),
            ])),
            "fails" => done(CallToolResult::error(text("the disk is full"))),
            "wait" => {
                context.ct.cancelled().await;
                self.note("wait stopped");
                done(CallToolResult::error(text("stopped")))
            }
            "grow" => {
                self.grown.store(true, Ordering::Relaxed);
                let _ = context.peer.notify_tool_list_changed().await;
                done(CallToolResult::success(text("grew")))
            }
            "tty" => done(CallToolResult::success(text(
                match std::fs::OpenOptions::new().write(true).open("/dev/tty") {
                    Ok(_) => "a terminal",
                    Err(_) => "no terminal",
                },
            ))),
            "env" => {
                let name = args.get("name").and_then(Value::as_str).unwrap_or("");
                let v = std::env::var(name).unwrap_or_else(|_| "(unset)".to_owned());
                done(CallToolResult::success(text(v)))
            }
            "storm" => {
                for _ in 0..500 {
                    let _ = context.peer.notify_tool_list_changed().await;
                }
                done(CallToolResult::success(text("stormed")))
            }
            "crash" => {
                eprintln!("fixture: crashing on purpose");
                std::process::exit(3);
            }
            other => done(CallToolResult::success(text(format!("ran {other}")))),
        }
    }

    async fn on_cancelled(
        &self,
        notification: CancelledNotificationParam,
        _context: NotificationContext<RoleServer>,
    ) {
        self.note(&format!(
            "cancelled {}",
            notification.reason.as_deref().unwrap_or("")
        ));
    }
}

/// Serves the fixture over stdin and stdout until the client goes.
pub async fn serve_stdio(behaviour: Behaviour) {
    if let Some(pidfile) = &behaviour.daemon {
        // A helper of the kind that escapes a process group: a session of
        // its own, deaf to SIGTERM.
        if let Ok(child) = std::process::Command::new("setsid")
            .args(["sh", "-c", "trap '' TERM HUP; exec sleep 300"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
        {
            let _ = std::fs::write(pidfile, child.id().to_string());
        }
    }
    let fixture = Fixture::new(behaviour);
    if let Ok(service) = fixture.serve(rmcp::transport::stdio()).await {
        let _ = service.waiting().await;
    }
}

/// Serves the fixture over streamable HTTP on 127.0.0.1 (a port of its
/// own); the URL to give a client. It runs on the current runtime until
/// that ends.
pub async fn serve_http(behaviour: Behaviour) -> std::io::Result<String> {
    use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
    use rmcp::transport::streamable_http_server::{
        StreamableHttpServerConfig, StreamableHttpService,
    };
    let service = StreamableHttpService::new(
        move || Ok(Fixture::new(behaviour.clone())),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let svc = hyper_util::service::TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    Ok(format!("http://{addr}/mcp"))
}

/// The fixture program, built beside the tests (`cargo test` and `cargo
/// build` at the workspace root build it).
pub fn fixture_program() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/debug/deps/test-xxxx → target/debug/supchat-mcp-fixture
    let mut dir = exe.parent().map(PathBuf::from).unwrap_or_default();
    if dir.ends_with("deps") {
        dir.pop();
    }
    let p = dir.join("supchat-mcp-fixture");
    assert!(
        p.exists(),
        "{} is missing: build it with `cargo build -p supchat-testkit --bin supchat-mcp-fixture`",
        p.display()
    );
    p
}
