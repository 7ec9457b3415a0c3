import ArgumentParser
import Foundation
import OKRMCP
import OKRWire

/// `okr-mcp`: the program behind `okrctl mcp` (SPEC §13), which passes it okrctl's way to okrd.
/// Serves the Model Context Protocol on stdin/stdout until the client closes stdin.
@main
struct OKRMCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "okr-mcp", abstract: "Serve okr to an assistant over the Model Context Protocol.")

    @Option(help: "okrd's socket.") var socket: String?
    @Option(help: "Reach okrd over ssh: ssh://[USER@]HOST[:PORT].") var host: String?

    func run() async throws {
        guard let reach = OkrdReach.handedOn(socket: socket, host: host, sshCommand: ProcessInfo.processInfo.environment["OKR_SSH"]) else {
            throw ValidationError("--host must be ssh://[USER@]HOST[:PORT], not '\(host ?? "")'")
        }
        try await OKRMCPServer.run(reach: reach, version: OKRVersion.current)
    }
}
