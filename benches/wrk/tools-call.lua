-- wrk script: POSTs one MCP tools/call per request. wrk counts answers that are not HTTP
-- 2xx; check one answer by hand for "isError" before timing.
--   wrk -t2 -c8 -d10s -s benches/wrk/tools-call.lua http://127.0.0.1:8080/mcp
-- From the environment: TOOL (default get_part), ARGS (default {"part_id":1}), TOKEN
-- (default: the demo database's token) and ERA: 2026-07-28 (default; stateless, with
-- _meta and the Mcp-Method/Mcp-Name headers) or 2025-11-25.

local tool = os.getenv("TOOL") or "get_part"
local args = os.getenv("ARGS") or '{"part_id":1}'
local token = os.getenv("TOKEN") or "inv-d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0-20261125"
local era = os.getenv("ERA") or "2026-07-28"

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Authorization"] = "Token " .. token
wrk.headers["MCP-Protocol-Version"] = era
if era == "2025-11-25" then
  wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool ..
    '","arguments":' .. args .. '}}'
else
  wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. tool ..
    '","arguments":' .. args .. ',"_meta":{"io.modelcontextprotocol/protocolVersion":"' .. era ..
    '","io.modelcontextprotocol/clientCapabilities":{}}}}'
  wrk.headers["Mcp-Method"] = "tools/call"
  wrk.headers["Mcp-Name"] = tool
end
