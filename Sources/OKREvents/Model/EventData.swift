/// The payload of one event type: its JSON form (`Codable`, the `data` of `log --json`) and its
/// binary form in the log.
///
/// `init(from:version:)` must read every version this type was ever stored with and upcast it to
/// the current shape; `write(to:)` always writes ``EventType/currentVersion``.
public protocol EventData: Codable, Hashable, Sendable {
    /// The type this payload belongs to.
    static var eventType: EventType { get }
    /// Writes the current version's binary layout.
    func write(to writer: inout ByteWriter)
    /// Reads a stored payload of `version`, upcasting older versions.
    init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError)
}
