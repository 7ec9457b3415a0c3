import ArgumentParser
import OKREvents
import OKRWire

/// A TIME argument: RFC 3339 (`2026-02-01T09:30:00Z`) or a date (`2026-02-01`), which means the
/// first instant of that day in the organisation's time zone (SPEC §15).
struct TimeArgument: ExpressibleByArgument, Sendable {
    /// The time as written, a date read as 00:00 UTC.
    let utcInstant: Instant
    /// The date, when only a date was written.
    let day: CalendarDay?

    init?(argument: String) {
        guard let instant = Instant(rfc3339: argument) else { return nil }
        utcInstant = instant
        day = argument.count == 10 ? CalendarDay(argument) : nil
    }

    /// The instant meant: a date's first instant in the zone okrd's calendar had in force then.
    func instant(_ options: GlobalOptions) throws -> Instant {
        guard let day else { return utcInstant }
        return try LocalDays.calendar(options).start(of: day)
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// A DATE argument (`2026-01-01`).
struct DayArgument: ExpressibleByArgument, Sendable {
    var day: CalendarDay

    init?(argument: String) {
        guard let day = CalendarDay(argument) else { return nil }
        self.day = day
    }
}

/// A finite number: NaN and infinities cannot be sent as JSON and are never valid values.
struct NumberArgument: ExpressibleByArgument, Sendable {
    var value: Double

    init?(argument: String) {
        guard let value = Double(argument), value.isFinite else { return nil }
        self.value = value
    }
}

extension KeyResultKind: ExpressibleByArgument {}
extension KeyResultLevel: ExpressibleByArgument {}
extension Indicator: ExpressibleByArgument {}
extension ObjectiveKind: ExpressibleByArgument {}
extension EventType: ExpressibleByArgument {}

/// `--owner ID | --mine`: only what one person owns (SPEC §9). `--mine` is the caller as the
/// daemon sees them: the local user, or the ssh login user with `--host`.
struct OwnerOptions: ParsableArguments {
    @Option(help: "Only what this person owns (their objectives, and key results they own elsewhere).") var owner: String?
    @Flag(help: "Only what you own.") var mine = false

    func validate() throws {
        if owner != nil && mine { throw ValidationError("give --owner or --mine, not both") }
    }
}
extension ProgressSource: ExpressibleByArgument {}
extension CheckInStatus: ExpressibleByArgument {}

/// `--parent ID[:WEIGHT]`: a parent objective and the weight of this one's score in it.
struct ParentArgument: ExpressibleByArgument, Sendable {
    var parent: ObjectiveParentParam

    init?(argument: String) {
        guard let parent = ObjectiveParentParam(argument: argument), !parent.id.isEmpty else { return nil }
        self.parent = parent
    }
}
