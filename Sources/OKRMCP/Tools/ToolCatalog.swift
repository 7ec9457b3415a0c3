import Foundation
import OKREvents
import OKRPages
import OKRProjections
import OKRWire

/// Every tool `okrctl mcp` offers: the questions okrctl answers with `--json` (`status`, `tree`,
/// `kr_show`, `due`, `digest`, `lint`, `kpi_list`, `metric_lead`) and the two writes an assistant
/// may draft for its user (`checkin`, `observe`), each refused by okrd for a user without the role.
enum ToolCatalog {
    static let all: [OKRTool] = [status, tree, keyResultShow, due, digest, lint, kpiList, metricLead, checkIn, observe]

    static func named(_ name: String) -> OKRTool? { all.first { $0.name == name } }

    // Arguments shared by the questions.
    private static let cycle = OKRTool.Argument(name: "cycle", type: "string", description: "A cycle's id (default: the cycles containing as-of).")
    private static let team = OKRTool.Argument(name: "team", type: "string", description: "Only this team's objectives and the key results it works on.")
    private static let owner = OKRTool.Argument(name: "owner", type: "string", description: "Only what this person owns (a person's id).")
    private static let mine = OKRTool.Argument(name: "mine", type: "boolean", description: "Only what the user running the server owns.")
    private static let asOf = OKRTool.Argument(name: "as-of", type: "string", description: "The instant to look from: a date (2026-02-15) or an RFC 3339 time; default now.")
    private static let knownAt = OKRTool.Argument(name: "known-at", type: "string", description: "Only what the log knew at this instant (default now).")

    static let status = OKRTool(
        name: "status", description: "Progress of every objective and key result in view: current value, score, pace, forecast, P(hit), confidence and the last check-in.",
        arguments: [cycle, team, owner, mine, asOf, knownAt], readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.status, StatusParams(
            cycle: arguments.string("cycle"), team: arguments.string("team"), asOf: arguments.instant("as-of"),
            knownAt: arguments.instant("known-at"), owner: arguments.string("owner"), mine: arguments.bool("mine"))))
    }

    static let tree = OKRTool(
        name: "tree", description: "The line from the north star through strategies to objectives and key results, with alignment weights.",
        arguments: [cycle, owner, mine, asOf], readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.tree, TreeParams(cycle: arguments.string("cycle"), asOf: arguments.instant("as-of"),
                                                              owner: arguments.string("owner"), mine: arguments.bool("mine"))))
    }

    static let keyResultShow = OKRTool(
        name: "kr_show", description: "One key result: its history of observations, check-ins, retargets, insights and links.",
        arguments: [.init(name: "id", type: "string", description: "The key result's id (KR-1).", required: true), asOf], readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.keyResultShow, KeyResultShowParams(id: arguments.required("id"), asOf: arguments.instant("as-of"))))
    }

    static let due = OKRTool(
        name: "due", description: "What needs someone now: check-ins due, feeds gone quiet, insights expiring, commitments forecast to fall short; by owner.",
        arguments: [owner, mine, team, .init(name: "within", type: "number", description: "Days ahead an insight's expiry counts (default 7)."), asOf],
        readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.due, DueParams(owner: arguments.string("owner"), mine: arguments.bool("mine"),
                                                            team: arguments.string("team"), within: arguments.number("within"),
                                                            asOf: arguments.instant("as-of"))))
    }

    static let digest = OKRTool(
        name: "digest", description: "What changed over a week (default: the 7 days up to as-of): scores, paces, confidences, check-ins, insights.",
        arguments: [.init(name: "since", type: "string", description: "The window's start (default: 7 days before as-of)."),
                    asOf, knownAt, cycle, team, owner, mine], readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.digest, DigestParams(
            since: arguments.instant("since"), asOf: arguments.instant("as-of"), knownAt: arguments.instant("known-at"),
            cycle: arguments.string("cycle"), team: arguments.string("team"), owner: arguments.string("owner"), mine: arguments.bool("mine"))))
    }

    static let lint = OKRTool(
        name: "lint", description: "The OKR practice's checks (SPEC §4): each finding with its code, severity and subject.",
        arguments: [cycle, team, asOf], readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.lint, LintParams(cycle: arguments.string("cycle"), team: arguments.string("team"),
                                                              asOf: arguments.instant("as-of"))))
    }

    static let kpiList = OKRTool(
        name: "kpi_list", description: "The KPIs beside the OKRs: each one's value over its window, healthy band, health (healthy, unhealthy or unknown) and since when.",
        arguments: [team, owner, asOf], readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.kpiList, KPIListParams(asOf: arguments.instant("as-of"), team: arguments.string("team"),
                                                                    owner: arguments.string("owner"))))
    }

    static let metricLead = OKRTool(
        name: "metric_lead",
        description: "Whether metric a's daily change moves before metric b's: r at each lag on differenced daily series, the Granger F-test at the strongest lag, and the verdict (a lead only when p × max-lag < 0.01).",
        arguments: [.init(name: "a", type: "string", description: "The metric that would lead.", required: true),
                    .init(name: "b", type: "string", description: "The metric it would lead.", required: true),
                    .init(name: "max-lag", type: "integer", description: "The most days of lag to search, 1 to 365 (default 30)."),
                    .init(name: "from", type: "string", description: "Compare from this date on."),
                    .init(name: "to", type: "string", description: "Compare through this date.")],
        readOnly: true) { arguments, okrd in
        try await document(okrd.read(Methods.metricLead, MetricLeadParams(
            a: arguments.required("a"), b: arguments.required("b"), maxLag: arguments.integer("max-lag"),
            from: arguments.instant("from"), to: arguments.instant("to"))))
    }

    static let checkIn = OKRTool(
        name: "checkin", description: "Record a check-in on a key result as the user running the server: a confidence (0–10), a status, a note, or any of them.",
        arguments: [.init(name: "kr", type: "string", description: "The key result's id.", required: true),
                    .init(name: "confidence", type: "integer", description: "0 (no chance) to 10 (certain)."),
                    .init(name: "status", type: "string", description: "on-track, at-risk or off-track, as the team sees it."),
                    .init(name: "note", type: "string", description: "What changed since last time."),
                    .init(name: "at", type: "string", description: "When (default now)."),
                    .init(name: "key", type: "string", description: "An idempotency key: a retry with the same key appends nothing.")],
        readOnly: false) { arguments, okrd in
        let confidence = try arguments.integer("confidence"), note = try arguments.string("note")
        let status = try arguments.string("status").map { text throws(ToolArguments.Invalid) -> CheckInStatus in
            guard let status = CheckInStatus(rawValue: text) else { throw .init(message: "status must be on-track, at-risk or off-track, not '\(SafeText.visible(String(text.prefix(40))))'") }
            return status
        }
        guard confidence != nil || status != nil || note != nil else {
            throw ToolArguments.Invalid(message: "give at least one of confidence, status, note")
        }
        return try await document(okrd.write(Methods.checkin, CheckInParams(kr: arguments.required("kr"), confidence: confidence, note: note,
                                                                         at: arguments.instant("at"), key: arguments.string("key"), status: status)))
    }

    static let observe = OKRTool(
        name: "observe", description: "Record one observation of a metric as the user running the server.",
        arguments: [.init(name: "metric", type: "string", description: "The metric's name.", required: true),
                    .init(name: "value", type: "number", description: "The observed value.", required: true),
                    .init(name: "at", type: "string", description: "When it was observed (default now)."),
                    .init(name: "source", type: "string", description: "Where the number comes from."),
                    .init(name: "key", type: "string", description: "An idempotency key: a retry with the same key appends nothing.")],
        readOnly: false) { arguments, okrd in
        guard let value = try arguments.number("value") else { throw ToolArguments.Invalid(message: "value is required") }
        let observation = Observation(metric: try arguments.required("metric"), value: value, at: try arguments.instant("at"),
                                      source: try arguments.string("source"), key: try arguments.string("key"))
        return try await document(okrd.write(Methods.observe, ObserveParams(observations: [observation])))
    }

    /// A result as the JSON document `okrctl … --json` prints (without its last newline).
    static func document(_ value: some Encodable) throws -> String {
        String(decoding: try JSONDocument.data(value), as: UTF8.self)
    }
}
