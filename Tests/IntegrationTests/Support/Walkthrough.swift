import Foundation
import Testing

/// The README's walk-through, entered through okrctl: one objective, two key results,
/// observations as a cron job sends them, a check-in and an insight.
enum Walkthrough {
    static let commands: [[String]] = [
        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31", "--name", "Q1 2026"],
        ["northstar", "add", "activation", "--name", "Weekly activated teams", "--metric", "teams.activated.weekly"],
        ["strategy", "add", "self-serve", "--northstar", "activation", "Win new customers through self-serve onboarding"],
        ["objective", "add", "Dramatically improve our product's ease of use for new customers",
         "--cycle", "2026-Q1", "--team", "growth", "--strategy", "self-serve"],
        ["kr", "add", "Increase new users who complete onboarding from 60% to 85%", "--objective", "O-1",
         "--metric", "onboarding.completion", "--baseline", "60", "--target", "85", "--unit", "%"],
        ["kr", "add", "Reduce average time to first value from 2 days to 2 hours", "--objective", "O-1",
         "--metric", "ttfv.hours", "--baseline", "48", "--target", "2", "--unit", "h"],
        ["observe", "onboarding.completion", "60", "--at", "2026-01-01", "--source", "cron:warehouse"],
        ["observe", "onboarding.completion", "70", "--at", "2026-02-01", "--source", "cron:warehouse"],
        ["observe", "onboarding.completion", "72.5", "--at", "2026-02-15", "--source", "cron:warehouse"],
        ["observe", "ttfv.hours", "36", "--at", "2026-01-15", "--source", "cron:warehouse"],
        ["observe", "ttfv.hours", "25", "--at", "2026-02-10", "--source", "cron:warehouse"],
        ["checkin", "KR-1", "--confidence", "7", "--note", "guided setup shipped", "--at", "2026-02-06"],
        ["checkin", "KR-1", "--confidence", "8", "--note", "completion climbing", "--at", "2026-02-13"],
        ["checkin", "KR-2", "--confidence", "5", "--note", "sample data import still slow", "--at", "2026-02-13"],
        ["insight", "add", "New users stall at workspace setup", "--on", "KR-1", "--expires", "2036-06-30",
         "--evidence", "12 onboarding interviews"],
    ]

    static func enter(into daemon: DaemonProcess) throws {
        for command in commands {
            let result = try daemon.okrctl(arguments: command)
            guard result.status == 0 else {
                throw DaemonError(message: "okrctl \(command.joined(separator: " ")) failed: \(result)")
            }
        }
    }
}
