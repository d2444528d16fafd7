//! The test MCP server over stdio (see `supchat_testkit::mcp`).

fn main() {
    let behaviour = supchat_testkit::mcp::Behaviour::from_args(std::env::args().skip(1));
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        std::process::exit(1);
    };
    rt.block_on(supchat_testkit::mcp::serve_stdio(behaviour));
}
