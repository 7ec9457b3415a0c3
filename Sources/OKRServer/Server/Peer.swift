import OKRWire

/// The Unix user at the other end of a connection, from SO_PEERCRED, and the role it has.
struct Peer: Sendable, Hashable {
    var uid: UInt32
    var gid: UInt32
    var pid: Int32
    /// The user's name (the event's actor); the uid in decimal when it has no name.
    var user: String
    /// `nil` when the user may do nothing.
    var role: Role?
    /// Which access policy `role` was resolved under (``RequestRouter`` counts reloads): a
    /// connection's peer is resolved again when a reload has come since.
    var policyGeneration = 0

    /// The daemon itself, for events it appends (insight expiry).
    static let daemon = Peer(uid: 0, gid: 0, pid: 0, user: "okrd", role: .admin)
}
