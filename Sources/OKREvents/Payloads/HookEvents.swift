/// A hook added (SPEC §13): where okrd posts which kinds of news, for which subjects.
///
/// Holds nothing secret: a Standard Webhooks secret, a Matrix token and the whole URL of a Slack
/// or Teams hook (a credential itself) stay in okrd's secrets file; `url` is then only the scheme
/// and host. The hook starts after this event: no history is sent.
public struct HookAdded: EventData {
    public static let eventType = EventType.hookAdded
    public var name: String
    /// `standard`, `slack`, `teams` or `matrix`.
    public var format: String
    /// The whole URL for `standard` and `matrix`; `scheme://host` for `slack` and `teams`.
    public var url: String
    /// The kinds delivered (SPEC §13), in the order given.
    public var kinds: [String]
    public var teams: [String]
    public var owners: [String]
    /// A short digest of the credential kept in the secrets file, so that `hook list` can show
    /// which one is in use without showing it; `nil` when the hook has none.
    public var fingerprint: String?

    public init(name: String, format: String, url: String, kinds: [String], teams: [String] = [], owners: [String] = [],
                fingerprint: String? = nil) {
        self.name = name
        self.format = format
        self.url = url
        self.kinds = kinds
        self.teams = teams
        self.owners = owners
        self.fingerprint = fingerprint
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(name)
        writer.write(format)
        writer.write(url)
        for list in [kinds, teams, owners] {
            writer.writeVarint(UInt64(list.count))
            for item in list { writer.write(item) }
        }
        writer.write(fingerprint)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        name = try reader.readString("name")
        format = try reader.readString("format")
        url = try reader.readString("url")
        kinds = try Self.readList(&reader, "kinds")
        teams = try Self.readList(&reader, "teams")
        owners = try Self.readList(&reader, "owners")
        fingerprint = try reader.readOptionalString("fingerprint")
    }

    private static func readList(_ reader: inout ByteReader, _ field: StaticString) throws(EventCodecError) -> [String] {
        let count = try reader.readVarint(field)
        guard count <= UInt64(reader.remaining) else {
            throw EventCodecError.invalid(field: "\(field)", detail: "\(count) items in \(reader.remaining) bytes")
        }
        var items: [String] = []
        for _ in 0..<count { items.append(try reader.readString(field)) }
        return items
    }
}

/// A hook removed: nothing more is delivered to it, and its credential leaves the secrets file.
public struct HookRemoved: EventData {
    public static let eventType = EventType.hookRemoved
    public var name: String

    public init(name: String) { self.name = name }

    public func write(to writer: inout ByteWriter) { writer.write(name) }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        name = try reader.readString("name")
    }
}
