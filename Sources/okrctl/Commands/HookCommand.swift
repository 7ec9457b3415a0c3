import ArgumentParser
import Foundation
import OKREvents
import OKRWire

/// `okrctl hook add|list|remove|test|deliveries|retry` (SPEC §13): where okrd tells the team
/// what happened — signed webhooks, Slack, Teams, Matrix. Admins only; okrd refuses the rest.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Send check-ins, pace changes and more to Slack, Teams, Matrix or any webhook.",
        subcommands: [Add.self, List.self, Remove.self, Test.self, Deliveries.self, Retry.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a hook: okrd delivers each new event of the kinds chosen, in order, at least once.",
            discussion: """
                Kinds: checkin, kr.pace, confidence.drop, insight.expired, feed.quiet, kpi.health, cycle.closed, due, digest \
                (default: all). A standard hook is signed with the whsec_ secret in --secret-file; a matrix hook's URL is \
                https://HS/_matrix/client/v3/rooms/ROOM_ID with its access token in --token-file; a Slack or Teams URL is \
                itself the credential. okrd keeps them in its own secrets file, never in the log, an export or a backup.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hook's name.") var name: String
        @Option(help: "Where to send: an http or https URL.") var url: String
        @Option(help: "standard, slack, teams or matrix.") var format: String
        @Option(help: "The kinds to deliver, comma-separated (default: all).") var events: String?
        @Option(name: .customLong("team"), help: "Only subjects of this team (repeat for several).") var teams: [String] = []
        @Option(name: .customLong("owner"), help: "Only subjects of this owner (repeat for several).") var owners: [String] = []
        @Option(name: .customLong("secret-file"), help: "A file holding the Standard Webhooks secret (whsec_…).") var secretFile: String?
        @Option(name: .customLong("token-file"), help: "A file holding the Matrix access token.") var tokenFile: String?

        func run() throws {
            var params = HookAddParams(name: name, url: url, format: format,
                                       events: events.map { $0.split(separator: ",", omittingEmptySubsequences: false).map {
                                           $0.trimmingCharacters(in: .whitespaces) } },
                                       teams: teams.isEmpty ? nil : teams, owners: owners.isEmpty ? nil : owners,
                                       secretFile: secretFile, tokenFile: tokenFile)
            // Read here, as the user who runs okrctl; okrd refuses what could not be read.
            if let file = secretFile ?? tokenFile {
                switch Self.read(file) {
                case .success(let text): if secretFile != nil { params.secret = text } else { params.token = text }
                case .failure(let reason): params.unreadable = reason.text
                }
            }
            try Output.emit(try options.call(Methods.hookAdd, params), json: options.json) { _ in "" }
        }

        struct Unreadable: Error { let text: String }

        static func read(_ path: String) -> Result<String, Unreadable> {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure(Unreadable(text: String(cString: strerror(errno)))) }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 { return .failure(Unreadable(text: String(cString: strerror(errno)))) }
                if count == 0 { break }
                bytes += buffer[..<count]
                if bytes.count > 64 * 1024 { return .failure(Unreadable(text: "longer than 64 KiB: not a secret")) }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(Unreadable(text: "not UTF-8 text")) }
            return .success(text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "The hooks, each with its endpoint, kinds, lag and last outcome (never a secret).")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            try Output.emit(try options.call(Methods.hookList), json: options.json) { result in
                var table = Table([.init(title: "NAME"), .init(title: "FORMAT"), .init(title: "ENDPOINT"), .init(title: "EVENTS"),
                                   .init(title: "FOR"), .init(title: "FINGERPRINT"), .init(title: "LAG", alignment: .right),
                                   .init(title: "SENT", alignment: .right), .init(title: "FAILED", alignment: .right),
                                   .init(title: "LAST")])
                for hook in result.hooks {
                    let kinds = hook.events.count == HookCommand.kindCount ? "all" : hook.events.joined(separator: ",")
                    let scope = (hook.teams.map { "team \($0)" } + hook.owners.map { "owner \($0)" }).joined(separator: ", ")
                    table.add([hook.name, hook.format, hook.endpoint, kinds, scope.isEmpty ? "everyone" : scope,
                               hook.fingerprint ?? "—", String(hook.lag), String(hook.delivered), String(hook.failed),
                               hook.lastOutcome.map { "\($0) at \(hook.lastAt?.rfc3339 ?? "")" } ?? "nothing sent yet"])
                }
                return table.isEmpty ? "no hooks: okrctl hook add NAME --url URL --format standard|slack|teams|matrix" : table.render()
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Remove a hook: nothing more is sent to it, and okrd forgets its credential.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hook's name.") var name: String

        func run() throws {
            try Output.emit(try options.call(Methods.hookRemove, HookNameParams(name: name)), json: options.json) { _ in "" }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test", abstract: "Send a delivery of kind test now and wait for its outcome (exit 3 unless a 2xx).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hook's name.") var name: String

        func run() throws {
            try Output.emit(try options.call(Methods.hookTest, HookNameParams(name: name)), json: options.json) { result in
                HookCommand.lines(result.deliveries)
            }
        }
    }

    struct Deliveries: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deliveries", abstract: "A hook's latest deliveries, newest first, or only the failed ones.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hook's name.") var name: String
        @Flag(help: "Only the deliveries given up on (hook retry re-sends them).") var failed = false
        @Option(help: "At most this many (default 20).") var limit: Int?

        func run() throws {
            let params = HookDeliveriesParams(name: name, failed: failed ? true : nil, limit: limit)
            try Output.emit(try options.call(Methods.hookDeliveries, params), json: options.json) { result in
                var table = Table([.init(title: "ID"), .init(title: "KIND"), .init(title: "SUBJECT"), .init(title: "OUTCOME"),
                                   .init(title: "ATTEMPTS", alignment: .right), .init(title: "LAST ATTEMPT"), .init(title: "DETAIL")])
                for delivery in result.deliveries {
                    table.add([delivery.id, delivery.kind, delivery.subject ?? "—", delivery.outcome, String(delivery.attempts),
                               delivery.lastAttemptAt.rfc3339, delivery.detail])
                }
                return table.isEmpty ? (failed ? "no failed deliveries" : "nothing sent yet") : table.render()
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: "Re-send a hook's failed deliveries once each, under their ids (exit 3 if any fails again).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hook's name.") var name: String
        @Flag(help: "The failed deliveries (the only ones retried; accepted for clarity).") var failed = false

        func run() throws {
            try Output.emit(try options.call(Methods.hookRetry, HookNameParams(name: name)), json: options.json) { result in
                result.deliveries.isEmpty ? "no failed deliveries to re-send" : HookCommand.lines(result.deliveries)
            }
        }
    }

    /// Each delivery sent, a line each: `id: outcome (detail)`.
    static func lines(_ deliveries: [HookDelivery]) -> String {
        deliveries.map { "\($0.id): \($0.outcome) (\($0.detail))" }.joined(separator: "\n")
    }

    /// How many kinds `--events` may name: a hook with all of them lists as `all`.
    static let kindCount = 10
}
