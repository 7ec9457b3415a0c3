import MCP

/// One tool of `okrctl mcp` (SPEC §13): its description for the assistant, its arguments (named
/// like okrctl's options, each with a JSON Schema type and a sentence), and what it does: ask
/// okrd and answer with the JSON document `okrctl … --json` prints.
struct OKRTool: Sendable {
    /// One argument of a tool.
    struct Argument: Sendable {
        let name: String
        let type: String
        let description: String
        var required = false
    }

    let name: String
    let description: String
    let arguments: [Argument]
    /// Whether the tool only reads: `checkin` and `observe` append to the log.
    let readOnly: Bool
    let run: @Sendable (ToolArguments, OkrdCalls) async throws -> String

    /// The tool as `tools/list` shows it.
    var definition: Tool {
        var properties: [String: Value] = [:]
        for argument in arguments {
            properties[argument.name] = .object(["type": .string(argument.type), "description": .string(argument.description)])
        }
        let required = arguments.filter(\.required).map { Value.string($0.name) }
        var schema: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { schema["required"] = .array(required) }
        return Tool(name: name, description: description, inputSchema: .object(schema),
                    annotations: .init(readOnlyHint: readOnly, destructiveHint: readOnly ? nil : false,
                                       idempotentHint: readOnly ? true : nil, openWorldHint: false))
    }
}
