import Logging
import MCP
import OKRProjections
import OKRWire

/// `okrctl mcp` (SPEC §13): a Model Context Protocol server on stdin/stdout, on the official
/// Swift SDK, through which an assistant reads and drafts OKR work as the user who runs it
/// (okrd sees that user on the socket, or the ssh login with `--host`). Tools answer with the
/// JSON documents okrctl prints; every refusal is a tool result with `isError` and okrd's words.
public enum OKRMCPServer {
    /// Serves until the client closes stdin.
    public static func run(reach: OkrdReach, version: String) async throws {
        let okrd = OkrdCalls(reach: reach)
        let server = Server(name: "okr", version: version, title: "okr: Objectives and Key Results",
                            instructions: "Read progress with status, tree, kr_show, due, digest and lint; record a check-in or an "
                                + "observation with checkin and observe, as the user who runs this server.",
                            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: ToolCatalog.all.map(\.definition)) }
        await server.withMethodHandler(CallTool.self) { params in await call(params, okrd: okrd) }
        await server.withMethodHandler(ListResources.self) { _ in .init(resources: [ResourceCatalog.cycles], nextCursor: nil) }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in .init(templates: [ResourceCatalog.keyResult]) }
        await server.withMethodHandler(ReadResource.self) { params in
            do {
                guard let text = try await ResourceCatalog.read(params.uri, from: okrd) else {
                    throw MCPError.invalidParams("okr has no resource \(SafeText.visible(String(params.uri.prefix(200)))): it has okr://cycles and okr://kr/{id}")
                }
                return .init(contents: [.text(text, uri: params.uri, mimeType: "application/json")])
            } catch let error as WireClientError {
                throw MCPError.internalError(message(for: error, okrd: okrd))
            }
        }
        var logger = Logger(label: "okr-mcp")
        logger.logLevel = .critical
        try await server.start(transport: StdioTransport(logger: logger))
        await server.waitUntilCompleted()
    }

    /// A tool call's answer: the document, or a tool error saying what was wrong.
    static func call(_ params: CallTool.Parameters, okrd: OkrdCalls) async -> CallTool.Result {
        guard let tool = ToolCatalog.named(params.name) else {
            return failure("okr has no tool \(SafeText.visible(String(params.name.prefix(100)))); it has \(ToolCatalog.all.map(\.name).joined(separator: ", "))")
        }
        let arguments = ToolArguments(params.arguments)
        let unknown = arguments.unknown(Set(tool.arguments.map(\.name)))
        guard unknown.isEmpty else {
            return failure("\(tool.name) takes no \(unknown.map { SafeText.visible(String($0.prefix(60))) }.joined(separator: ", ")); it takes \(tool.arguments.map(\.name).joined(separator: ", "))")
        }
        do {
            return .init(content: [.text(text: try await tool.run(arguments, okrd), annotations: nil, _meta: nil)], isError: false)
        } catch let invalid as ToolArguments.Invalid {
            return failure(invalid.message)
        } catch let error as WireClientError {
            return failure(message(for: error, okrd: okrd))
        } catch {
            return failure("\(error)")
        }
    }

    private static func failure(_ message: String) -> CallTool.Result {
        .init(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    /// okrd's refusal in its own words, or why it could not be reached.
    static func message(for error: WireClientError, okrd: OkrdCalls) -> String {
        switch error {
        case .rejected(let refusal): refusal.message
        default: "okrd does not answer at \(okrd.endpoint): \(error.description)"
        }
    }
}
