#!/usr/bin/env python3
"""An MCP client on the official Python SDK (`mcp` from PyPI, 2.x: snake_case fields), for okr's tests.

Starts the server command given after `--` (`okrctl mcp`, or `okrctl --host ssh://… mcp`) over
stdio, initializes, runs the calls read as JSON from stdin, and prints one JSON document:
{"protocolVersion", "serverName", "results": [...]}, one result per call:
  {"list": "tools"}              -> [{"name", "readOnlyHint", "required", "properties"}]
  {"list": "resources"}          -> [uri]            {"list": "templates"} -> [uriTemplate]
  {"tool": NAME, "arguments": {}} -> {"isError", "text"}
  {"resource": URI}               -> {"text"} or {"error"}
"""
import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def run(command, calls):
    server = StdioServerParameters(command=command[0], args=command[1:], env=dict(os.environ))
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            results = []
            for call in calls:
                results.append(await one(session, call))
            return {"protocolVersion": init.protocol_version, "serverName": init.server_info.name, "results": results}


async def one(session, call):
    if call.get("list") == "tools":
        listed = await session.list_tools()
        return [{"name": tool.name,
                 "readOnlyHint": tool.annotations.read_only_hint if tool.annotations else None,
                 "required": tool.input_schema.get("required", []),
                 "properties": sorted(tool.input_schema.get("properties", {}).keys())} for tool in listed.tools]
    if call.get("list") == "resources":
        return [str(resource.uri) for resource in (await session.list_resources()).resources]
    if call.get("list") == "templates":
        return [template.uri_template for template in (await session.list_resource_templates()).resource_templates]
    if "tool" in call:
        result = await session.call_tool(call["tool"], call.get("arguments", {}))
        return {"isError": bool(result.is_error), "text": "".join(part.text for part in result.content if part.type == "text")}
    if "resource" in call:
        try:
            result = await session.read_resource(call["resource"])
            return {"text": "".join(content.text for content in result.contents)}
        except Exception as error:  # the SDK raises the server's JSON-RPC error
            return {"error": str(error)}
    raise ValueError(f"unknown call {call}")


def main():
    command = sys.argv[sys.argv.index("--") + 1:]
    calls = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(command, calls))))


if __name__ == "__main__":
    main()
