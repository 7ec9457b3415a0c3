#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time, exact to the microsecond, counted from the Unix epoch in UTC.
///
/// okr stores every time as whole microseconds so that equal times compare equal after any
/// round trip (ties at the same effective time are part of SPEC §3), and so that the codec
/// never depends on floating-point rounding.
public struct Instant: Hashable, Comparable, Sendable {
    /// Microseconds since 1970-01-01T00:00:00Z; negative before it.
    public var microsecondsSinceEpoch: Int64

    /// Creates an instant from microseconds since the Unix epoch.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Creates an instant from (possibly fractional) seconds since the Unix epoch, rounded to the microsecond.
    public init(secondsSinceEpoch: Double) {
        self.microsecondsSinceEpoch = Int64((secondsSinceEpoch * 1_000_000).rounded())
    }

    /// Seconds since the Unix epoch, as used by the projections' arithmetic.
    public var secondsSinceEpoch: Double { Double(microsecondsSinceEpoch) / 1_000_000 }

    /// The current wall-clock time. Only the daemon and the log read the clock; projections take time as a parameter.
    public static func now() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000)
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// The instant `seconds` later (earlier when negative), saturating at ``distantPast`` and
    /// ``distantFuture`` rather than overflowing (a nearly flat trend can put a crossing 10²⁰ s away).
    /// The instant `microseconds` later (earlier when negative), saturating at ``distantPast``
    /// and ``distantFuture``.
    public func adding(microseconds: Int64) -> Instant {
        let (sum, overflow) = microsecondsSinceEpoch.addingReportingOverflow(microseconds)
        let moved = Instant(microsecondsSinceEpoch: sum)
        if overflow || moved > .distantFuture { return microseconds > 0 ? .distantFuture : .distantPast }
        return moved < .distantPast ? .distantPast : moved
    }

    public func adding(seconds: Double) -> Instant {
        let target = Double(microsecondsSinceEpoch) + (seconds * 1_000_000).rounded()
        guard target.isFinite else { return seconds > 0 ? .distantFuture : .distantPast }
        if target >= Double(Instant.distantFuture.microsecondsSinceEpoch) { return .distantFuture }
        if target <= Double(Instant.distantPast.microsecondsSinceEpoch) { return .distantPast }
        return Instant(microsecondsSinceEpoch: microsecondsSinceEpoch + Int64((seconds * 1_000_000).rounded()))
    }

    /// Seconds from `other` to `self` (positive when `self` is later).
    public func seconds(since other: Instant) -> Double {
        Double(microsecondsSinceEpoch - other.microsecondsSinceEpoch) / 1_000_000
    }

    /// The earliest and latest instants the codec and the RFC 3339 text form can carry (years 0000–9999).
    public static let distantPast = Instant(microsecondsSinceEpoch: -62_167_219_200_000_000)
    public static let distantFuture = Instant(microsecondsSinceEpoch: 253_402_300_799_999_999)
}

extension Instant: CustomStringConvertible {
    /// RFC 3339 in UTC, e.g. `2026-02-01T09:30:00Z`, with a fraction only when there is one.
    public var description: String { rfc3339 }
}

extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an RFC 3339 time or a YYYY-MM-DD date")
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}
