-- wrk script: POSTs one MCP tools/call (2026-07-28, stateless) per request. wrk counts
-- answers that are not HTTP 2xx; check one answer by hand for "isError" before timing.
--   wrk -t2 -c8 -d10s -s benches/wrk/tools-call.lua http://127.0.0.1:8000/mcp
-- TOOL (default get_part), ARGS (default {"part_id":1}) and TOKEN (default: the demo
-- database's token) come from the environment.

local tool = os.getenv("TOOL") or "get_part"
local args = os.getenv("ARGS") or '{"part_id":1}'
local token = os.getenv("TOKEN") or "inv-d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0-20261125"

wrk.method = "POST"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool ..
  '","arguments":' .. args .. ',"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",' ..
  '"io.modelcontextprotocol/clientCapabilities":{}}}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Authorization"] = "Token " .. token
wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
wrk.headers["Mcp-Method"] = "tools/call"
wrk.headers["Mcp-Name"] = tool
