import OKREvents

/// The answer to `status` (SPEC §6): every shown cycle with its objectives and key results.
public struct StatusReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    public var knownAt: Instant
    public var cycles: [CycleStatus]
    /// The organisation's time zone in force at `asOf` (SPEC §15), `UTC` without one.
    public var timeZone: String = "UTC"
}

/// One cycle in a ``StatusReport``.
public struct CycleStatus: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var start: CalendarDay
    public var end: CalendarDay
    /// Its first instant and the instant after its last day, in UTC (its dates are local, SPEC §15).
    public var startsAt: Instant
    public var endsAt: Instant
    public var expected: Double
    /// Share of the shown objectives linked to a parent objective or a strategy choice; `nil` with none.
    public var alignment: Double?
    public var objectives: [ObjectiveStatus]

    /// `nil` members as `null` (``JSONMembers``).
    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

/// One objective in a ``CycleStatus``.
public struct ObjectiveStatus: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var team: String
    public var kind: ObjectiveKind
    /// Its first parent (the field before weighted parents); see ``parents``.
    public var parent: String?
    /// Every parent, in any cycle, with the weight of this objective's score in it.
    public var parents: [ObjectiveParent]
    public var strategy: String?
    /// Where its score comes from: its key results, its children, or both (SPEC §10).
    public var progressFrom: ProgressSource
    /// The objective of an earlier cycle it carries on.
    public var carriedFrom: String?
    /// By ``progressFrom``: the weighted mean of its key results' scores (no data counts as 0),
    /// of its children's, or of both together; `nil` with nothing to score.
    public var score: Double?
    /// Mean of its key results' latest confidences; `nil` when none has a check-in.
    public var confidence: Double?
    public var lowestConfidence: Int?
    /// Who owns it; `nil` when nobody does.
    public var owner: String?
    public var krs: [KeyResultStatus]
    /// The confidence of its own latest check-in that gave one (SPEC §15); `confidence` stays
    /// its key results' mean.
    public var checkInConfidence: Int? = nil
    /// The status its own latest check-in that gave one said.
    public var checkInStatus: CheckInStatus? = nil
    /// When its own latest check-in was.
    public var checkInAt: Instant? = nil
    /// Its own last confidence minus the one before.
    public var confidenceTrend: Int? = nil

    /// `nil` members as `null` (``JSONMembers``).
    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

// Members in sorted key order: the one list both okrd's direct writer and Foundation's encoder use.

extension StatusReport: JSONMembers {
    @inlinable
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("asOf", asOf)
        try writer.member("cycles", cycles)
        try writer.member("knownAt", knownAt)
        try writer.member("timeZone", timeZone)
    }
}

extension CycleStatus: JSONMembers {
    @inlinable
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("alignment", alignment)
        try writer.member("end", end)
        try writer.member("endsAt", endsAt)
        try writer.member("expected", expected)
        try writer.member("id", id)
        try writer.member("name", name)
        try writer.member("objectives", objectives)
        try writer.member("start", start)
        try writer.member("startsAt", startsAt)
    }
}

extension ObjectiveStatus: JSONMembers {
    @inlinable
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("carriedFrom", carriedFrom)
        try writer.member("checkInAt", checkInAt)
        try writer.member("checkInConfidence", checkInConfidence)
        try writer.member("checkInStatus", checkInStatus)
        try writer.member("confidence", confidence)
        try writer.member("confidenceTrend", confidenceTrend)
        try writer.member("id", id)
        try writer.member("kind", kind)
        try writer.member("krs", krs)
        try writer.member("lowestConfidence", lowestConfidence)
        try writer.member("owner", owner)
        try writer.member("parent", parent)
        try writer.member("parents", parents)
        try writer.member("progressFrom", progressFrom)
        try writer.member("score", score)
        try writer.member("strategy", strategy)
        try writer.member("team", team)
        try writer.member("title", title)
    }
}

extension ObjectiveParent: JSONMembers {
    @inlinable
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("id", id)
        try writer.member("weight", weight)
    }
}

extension PlanCheckpoint: JSONMembers {
    @inlinable
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("day", day)
        try writer.member("value", value)
    }
}
