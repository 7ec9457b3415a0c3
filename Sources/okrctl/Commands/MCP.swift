import ArgumentParser

/// `okrctl mcp` (SPEC §13): runs `okr-mcp`, installed beside okrctl, a Model Context Protocol
/// server on stdin/stdout through which an assistant reads progress and drafts check-ins as the
/// user who runs it (locally, or with `--host ssh://…`).
struct MCP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "Serve okr to an assistant over the Model Context Protocol (stdin/stdout).",
        discussion: "Tools: status, tree, kr_show, due, digest, lint, checkin, observe. Resources: okr://cycles, okr://kr/{id}.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        try SiblingProgram(name: "okr-mcp").exec([], options: options)
    }
}
