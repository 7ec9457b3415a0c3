import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program installed beside okrctl (`okr-dashboard`, `okr-mcp`) that a command hands over to
/// with okrctl's own way to okrd: kept apart so that okrctl itself links neither an HTTP server
/// nor the MCP SDK, and starts as fast as cron jobs need.
struct SiblingProgram {
    let name: String

    /// The program in okrctl's own directory.
    var path: String {
        let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: own).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Replaces okrctl with the program, passing `--host` or `--socket` from `options` first;
    /// returns only by throwing.
    func exec(_ arguments: [String], options: GlobalOptions) throws -> Never {
        let program = path
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw CLIError(message: "\(program) is missing: \(name) is installed beside okrctl (make install)", exitCode: 1)
        }
        var all = [program]
        if let host = options.hostText { all += ["--host", host] } else { all += ["--socket", options.socketPath] }
        let cArguments = (all + arguments).map { strdup($0) } + [nil]
        execv(program, cArguments)
        throw CLIError(message: "cannot run \(program): \(String(cString: strerror(errno)))", exitCode: 1)
    }
}
