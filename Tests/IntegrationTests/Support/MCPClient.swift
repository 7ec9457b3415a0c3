import Foundation

/// The official Python MCP SDK as the client (`Tests/MCP/mcp_client.py`, run by the virtual
/// environment `make deps` makes in `.build/test-venv`): starts `server` over stdio, runs `calls`,
/// and returns what came back.
enum MCPClient {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent("../.build/test-venv/bin/python").standardized.path
    static let script = root.appendingPathComponent("MCP/mcp_client.py").path

    /// Whether the SDK is installed (`make deps`).
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    static func run(_ server: [String], calls: [[String: Any]], environment: [String: String] = [:]) throws -> [String: Any] {
        let input = String(decoding: try JSONSerialization.data(withJSONObject: calls), as: UTF8.self)
        let result = try DaemonProcess.run(python, [script, "--"] + server, input: input, environment: environment)
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw DaemonError(message: "the MCP client failed: \(result)")
        }
        return object
    }
}
