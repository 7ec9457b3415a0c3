/// The organisation's calendar (SPEC §15): the IANA time zone its days are counted in, the first
/// day of its week and the first month of its fiscal year. okrd appends it (actor `okrd`) at start
/// and on SIGHUP when `[organisation]` in okrd.toml differs from the calendar in force. The first
/// holds for all time before it; each later one from its effective time.
public struct CalendarSet: EventData {
    public static let eventType = EventType.calendarSet
    /// An IANA zone name (`America/Los_Angeles`), or `UTC`.
    public var timeZone: String
    /// `monday` … `sunday`.
    public var weekStarts: String
    /// 1–12.
    public var fiscalYearStarts: Int

    public init(timeZone: String, weekStarts: String = "monday", fiscalYearStarts: Int = 1) {
        (self.timeZone, self.weekStarts, self.fiscalYearStarts) = (timeZone, weekStarts, fiscalYearStarts)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(timeZone)
        writer.write(weekStarts)
        writer.write(UInt8(clamping: fiscalYearStarts))
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        timeZone = try reader.readString("timeZone")
        weekStarts = try reader.readString("weekStarts")
        fiscalYearStarts = Int(try reader.readUInt8("fiscalYearStarts"))
    }
}
