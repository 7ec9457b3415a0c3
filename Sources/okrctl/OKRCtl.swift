import ArgumentParser
import OKRProjections
import Foundation
import OKRWire

/// `okrctl`: the command-line client of okrd (SPEC §6).
///
/// Every command's configuration names it (`commandName:`), even where ArgumentParser would derive
/// the same name from the type: deriving it calls `String(describing:)` on the type, and each such
/// call scans every protocol conformance in every loaded library (Foundation's are many). With 39
/// commands that was about 8 ms of a cron job's 17 ms (BENCHMARKS.md, figure 3).
@main
struct OKRCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okrctl",
        abstract: "Track Objectives and Key Results: talk to okrd over its Unix socket.",
        discussion: """
        Exit status: 0 ok, 1 usage error, 2 daemon unreachable, 3 rejected by the daemon, 4 lint findings.
        TIME is RFC 3339 (2026-02-01T09:30:00Z) or a date (2026-02-01 = 00:00 UTC).
        """,
        version: OKRVersion.current,
        subcommands: [
            Ping.self, CycleCommand.self, NorthStarCommand.self, StrategyCommand.self, PersonCommand.self, ObjectiveCommand.self,
            KeyResultCommand.self, Observe.self, CheckIn.self, InsightCommand.self, Link.self, Unlink.self, Status.self,
            Tree.self, Due.self, Digest.self, Lint.self, Feeds.self, Score.self, Calibration.self, Apply.self, ImportCommand.self, Export.self, Report.self, Dashboard.self, MCP.self, HookCommand.self, MetricCommand.self, KPICommand.self, ReviewCommand.self, Retro.self, Ack.self, Inbox.self, InitiativeCommand.self, Log.self, Verify.self, Backup.self, DialStdio.self, Completion.self,
        ])

    /// Runs with SPEC §6's exit statuses (ArgumentParser's own usage errors would exit 64).
    static func main() {
        do {
            var command = try parseAsRoot(GlobalOptions.takingLeadingHost(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let error as CLIError {
            Terminal.warn("okrctl: \(SafeText.visible(error.message))")
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            // The error's own text, which may quote what was typed, with its control characters
            // escaped, so that the first line is the whole error (SPEC §8); the usage follows.
            let full = fullMessage(for: error)
            let message = message(for: error)
            Terminal.warn(message.isEmpty ? full : full.replacingOccurrences(of: message, with: SafeText.visible(message)))
            Foundation.exit(1)
        }
    }
}
