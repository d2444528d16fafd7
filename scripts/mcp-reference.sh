#!/usr/bin/env bash
# Installs the official reference MCP server `mcp-server-time` (PyPI) into a
# virtual environment of its own, for the reference check in
# tests/mcp_reference.rs, and prints the path of its program. Run it, then:
#   SUPCHAT_MCP_TIME="$(scripts/mcp-reference.sh)" cargo test --test mcp_reference
# A second run reuses the environment.
set -euo pipefail
version="2026.10.19"
dir="${SUPCHAT_MCP_REFERENCE_DIR:-$HOME/.cache/supchat-mcp-reference}"
bin="$dir/bin/mcp-server-time"
installed="$("$dir/bin/pip" show mcp-server-time 2>/dev/null || true)"
if [ -x "$bin" ] && [[ "$installed" == *"Version: $version"* ]]; then
  echo "$bin"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "mcp-reference: python3 is missing" >&2; exit 1; }
rm -rf "$dir"
python3 -m venv "$dir" >&2
"$dir/bin/pip" install --quiet --disable-pip-version-check "mcp-server-time==$version" >&2
echo "$bin"
