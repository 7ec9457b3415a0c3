import ArgumentParser
import OKRPages
import OKRProjections
import OKRWire

/// `okrctl review start|list|show` (SPEC §15): the mid-cycle and closing conversations.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Mid-cycle and closing reviews: a cycle's objectives scored as of the review, with their retrospectives.",
        subcommands: [Start.self, List.self, Show.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Begin a review of a cycle's (or a team's) objectives.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The review's id (for example Q3-close).") var id: String
        @Option(help: "The cycle it reviews.") var cycle: String
        @Option(help: "mid or close.") var kind: String
        @Option(help: "Only this team's objectives.") var team: String?
        @Option(help: "When it took place; its objectives are scored as of then (default: now).") var at: TimeArgument?

        func run() throws {
            let result = try options.call(Methods.reviewStart, ReviewStartParams(id: id, cycle: cycle, kind: kind, team: team, at: try at?.instant(options)))
            try Output.emit(result, json: options.json) { "review \($0.id) started (seq \($0.seq))" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every review, or one cycle's.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "One cycle's reviews.") var cycle: String?

        func run() throws {
            let report = try options.call(Methods.reviewList, ReviewListParams(cycle: cycle))
            try Output.emit(report, json: options.json) { report in
                guard !report.reviews.isEmpty else { return "no reviews" }
                var table = Table([.init(title: "REVIEW"), .init(title: "CYCLE"), .init(title: "KIND"), .init(title: "TEAM"), .init(title: "AT"),
                                   .init(title: "OBJECTIVES", alignment: .right), .init(title: "RETROS", alignment: .right)])
                for review in report.reviews {
                    table.add([review.id, review.cycle, review.kind.rawValue, review.team ?? "all", Format.time(review.at),
                               String(review.objectives), String(review.retros)])
                }
                return table.render()
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "One review: each objective's score as of it, outcome, rating and notes.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The review's id.") var id: String

        func run() throws {
            let detail = try options.call(Methods.reviewShow, ReviewShowParams(id: id))
            try Output.emit(detail, json: options.json) { detail in ReviewCommand.render(detail) }
        }
    }

    /// A review as text: a heading, a table of objectives, then each retrospective's notes.
    static func render(_ detail: ReviewDetail) -> String {
        let review = detail.review
        var lines = ["review \(review.id): \(RetroPhrases.kind(review.kind)) review of \(review.cycle)"
                     + (review.team.map { ", team \($0)" } ?? "") + " as of \(Format.time(review.at)); "
                     + "\(review.retros) of \(review.objectives) objective\(review.objectives == 1 ? "" : "s") with a retrospective", ""]
        var table = Table([.init(title: "OBJECTIVE"), .init(title: "TITLE"), .init(title: "OWNER"), .init(title: "SCORE", alignment: .right),
                           .init(title: "OUTCOME"), .init(title: "RATING", alignment: .right)])
        for objective in detail.objectives {
            table.add([objective.id, Format.line(objective.title), objective.owner ?? "–", Format.tenths(objective.score ?? 0),
                       RetroPhrases.outcome(objective.retro), RetroPhrases.rating(objective.retro)])
        }
        lines.append(table.render())
        for objective in detail.objectives {
            guard let retro = objective.retro, retro.learned != nil || retro.next != nil else { continue }
            lines.append("")
            lines.append("\(objective.id) (\(retro.author), \(Format.time(retro.at))):")
            if let learned = retro.learned { lines.append("  learned: " + Format.line(learned)) }
            if let next = retro.next { lines.append("  next: " + Format.line(next)) }
        }
        return lines.joined(separator: "\n")
    }
}

/// `okrctl retro O-1 --rating 1..5 --outcome …` (SPEC §15): how an objective went.
struct Retro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retro", abstract: "Record an objective's retrospective: a rating 1–5, an outcome, what was learned and what happens next.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The objective's id.") var objective: String
    @Option(help: "How it went, 1 (poorly) to 5 (very well).") var rating: Int
    @Option(help: "accomplished, missed, postponed or dropped.") var outcome: String
    @Option(help: "What the team learned.") var learned: String?
    @Option(help: "What happens next.") var next: String?
    @Option(help: "The review it belongs to.") var review: String?
    @Option(help: "When (default: now).") var at: TimeArgument?

    func run() throws {
        let params = RetroParams(objective: objective, rating: rating, outcome: outcome, learned: learned, next: next, review: review,
                                 at: try at?.instant(options))
        let result = try options.call(Methods.retro, params)
        try Output.emit(result, json: options.json) { "retrospective on \($0.id) recorded (seq \($0.seq))" }
    }
}

/// `okrctl ack SEQ` (SPEC §15): a reviewer has read a check-in or retrospective.
struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge a check-in or retrospective of someone you review (its seq, from okrctl inbox).")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The seq of the check-in or retrospective.") var seq: UInt64
    @Option(help: "A reply.") var note: String?
    @Option(help: "When (default: now).") var at: TimeArgument?

    func run() throws {
        let result = try options.call(Methods.ack, AckParams(seq: seq, note: note, at: try at?.instant(options)))
        try Output.emit(result, json: options.json) { "seq \($0.id) acknowledged (seq \($0.seq))" }
    }
}

/// `okrctl inbox` (SPEC §15): what the caller should acknowledge; exit 4 when anything is.
struct Inbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "The check-ins and retrospectives of the people you review that you have not acknowledged.",
        discussion: "Newest first. Exit status 4 when there is anything to read and 0 when there is not, like okrctl due.")
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let report = try options.call(Methods.inbox)
        try Output.emit(report, json: options.json) { report in
            guard !report.items.isEmpty else { return "nothing to acknowledge" }
            var table = Table([.init(title: "SEQ", alignment: .right), .init(title: "KIND"), .init(title: "AUTHOR"), .init(title: "SUBJECT"),
                               .init(title: "AT"), .init(title: "NOTE")])
            for item in report.items {
                table.add([String(item.seq), item.kind.rawValue, item.author, item.subject, Format.time(item.at), item.note.map(Format.line) ?? ""])
            }
            return table.render()
        }
        if !report.items.isEmpty {
            let count = report.items.count
            throw CLIError(message: "\(count) thing\(count == 1 ? "" : "s") to acknowledge", exitCode: 4)
        }
    }
}
