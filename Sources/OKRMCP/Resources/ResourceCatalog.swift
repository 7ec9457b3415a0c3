import Foundation
import MCP
import OKRWire

/// The resources `okrctl mcp` offers (SPEC §13): `okr://cycles` (every cycle, as `okrctl cycle
/// list --json`) and `okr://kr/{id}` (a key result, as `okrctl kr show ID --json`).
enum ResourceCatalog {
    static let cycles = Resource(name: "cycles", uri: "okr://cycles", description: "Every cycle: its id, name, dates, whether it is closed, and its objectives.",
                                 mimeType: "application/json")
    static let keyResult = Resource.Template(uriTemplate: "okr://kr/{id}", name: "key result",
                                             description: "One key result: its history, check-ins, insights and links.", mimeType: "application/json")
    private static let keyResultPrefix = "okr://kr/"

    /// What `uri` names, as JSON text; `nil` for a URI that names nothing of okr's.
    static func read(_ uri: String, from okrd: OkrdCalls) async throws -> String? {
        if uri == cycles.uri { return try ToolCatalog.document(try await okrd.read(Methods.cycleList, EmptyParams())) }
        guard uri.hasPrefix(keyResultPrefix) else { return nil }
        let id = String(uri.dropFirst(keyResultPrefix.count)).removingPercentEncoding ?? ""
        guard !id.isEmpty, !id.contains("/") else { return nil }
        return try ToolCatalog.document(try await okrd.read(Methods.keyResultShow, KeyResultShowParams(id: id)))
    }
}
