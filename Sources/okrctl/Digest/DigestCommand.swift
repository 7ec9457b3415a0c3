import ArgumentParser
import Foundation
import OKREvents
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl digest`: what changed over a window, per objective and key result (SPEC §9), as
/// text, Markdown, HTML, JSON, or one mail message for `sendmail -t`.
struct Digest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "What changed this week: scores, pace, confidence, check-ins, insights, errors, quiet feeds, what is due.",
        discussion: """
            The window is [--since, --as-of] (default: the 7 days up to now), computed from two as-of views \
            of the log: last month's digest can be made again, and with --known-at set to when it was first \
            made, the same, whatever was back-filled since. --mail prints one message (text and HTML) addressed to the owners of what it shows, \
            ready for `| sendmail -t`.
            """)
    enum Form: String, ExpressibleByArgument, CaseIterable { case text, markdown, html }

    @OptionGroup var options: GlobalOptions
    @Option(help: "Where the window starts: a time, or days before --as-of as 7d (default 7d).") var since: SinceArgument?
    @Option(name: .customLong("as-of"), help: "Where the window ends (default: now).") var asOf: TimeArgument?
    @Option(name: .customLong("known-at"), help: "Using only what the log knew then (default: now), to make an earlier digest again.")
    var knownAt: TimeArgument?
    @Option(help: "One cycle (default: the active ones).") var cycle: String?
    @Option(help: "One team's objectives and the key results it works on.") var team: String?
    @OptionGroup var owners: OwnerOptions
    @Option(help: "text (default), markdown or html.") var format: Form = .text
    @Flag(help: "Print one RFC 5322 message (text and HTML parts) for sendmail -t.") var mail = false
    @Option(name: .customLong("to"), help: "Address the mail to this address instead of the owners (repeat for several).")
    var recipients: [String] = []

    func validate() throws {
        if !recipients.isEmpty && !mail { throw ValidationError("--to goes with --mail") }
        if mail && options.json { throw ValidationError("give --mail or --json, not both") }
        if mail && format != .text { throw ValidationError("--mail writes both text and HTML: leave --format out") }
        for address in recipients where !Identifiers.isValidEmail(address) {
            throw ValidationError("--to '\(address)' is not an address: use name@example.org")
        }
    }

    func run() throws {
        let end = try asOf?.instant(options) ?? Instant.now()
        let params = DigestParams(since: try since?.instant(before: end, options), asOf: try asOf?.instant(options), knownAt: try knownAt?.instant(options), cycle: cycle, team: team,
                                  owner: owners.owner, mine: owners.mine ? true : nil)
        let report = try options.call(Methods.digest, params)
        if mail {
            let to = try recipients.isEmpty ? ownersAddresses(report) : recipients
            let message = MailMessage(from: report.mailFrom ?? "okr@localhost", to: to, subject: subject(report), date: Date(),
                                      text: DigestText.render(report, as: .text),
                                      html: DigestPage.render(report))
            FileHandle.standardOutput.write(Data(message.rendered.utf8))
            return
        }
        try Output.emit(report, json: options.json) { report in
            let rendered = switch format {
            case .text: DigestText.render(report, as: .text)
            case .markdown: DigestText.render(report, as: .markdown)
            case .html: DigestPage.render(report)
            }
            return rendered.hasSuffix("\n") ? String(rendered.dropLast()) : rendered
        }
    }

    /// The owners' addresses; an owner without one is named on stderr, and none at all is an error.
    private func ownersAddresses(_ report: DigestReport) throws -> [String] {
        let people = try options.call(Methods.personList).people
        let emails = Dictionary(people.map { ($0.id, $0.email) }, uniquingKeysWith: { a, _ in a })
        var addresses: [String] = []
        var without: [String] = []
        for owner in report.owners {
            if let email = emails[owner] ?? nil { addresses.append(email) } else { without.append(owner) }
        }
        for owner in without {
            Terminal.warn("okrctl: \(owner) has no email and is left out of To: okrctl person set \(owner) --email ADDR")
        }
        guard !addresses.isEmpty else {
            let who = report.owners.isEmpty ? "nothing shown has an owner" : "no owner has an email (\(without.joined(separator: ", ")))"
            throw CLIError.usage("no one to mail: \(who); give --to ADDR")
        }
        return Array(Set(addresses)).sorted()
    }

    private func subject(_ report: DigestReport) -> String {
        let cycles = report.cycles.map(\.name).joined(separator: ", ")
        return "OKR digest \(DigestPhrases.window(report))" + (cycles.isEmpty ? "" : " · " + Format.line(cycles))
    }
}

/// `--since`: an RFC 3339 time or date, or a number of days before the window's end (`7d`): the
/// same local wall-clock time that many local days earlier (SPEC §15).
struct SinceArgument: ExpressibleByArgument, Sendable {
    private let time: TimeArgument?
    private let days: Int?

    init?(argument: String) {
        if argument.hasSuffix("d"), let days = Int(argument.dropLast()), days > 0, days <= 3660 {
            self.days = days
            time = nil
        } else if let time = TimeArgument(argument: argument) {
            self.time = time
            days = nil
        } else {
            return nil
        }
    }

    func instant(before end: Instant, _ options: GlobalOptions) throws -> Instant {
        if let time { return try time.instant(options) }
        return try LocalDays.calendar(options).adding(days: -(days ?? 7), to: end)
    }
}
