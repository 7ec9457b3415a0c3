/// Where one connection is in its life. ``ConnectionHandler`` changes it in its transition
/// functions only (`// MARK: Transitions`), each named after the event that causes it.
///
///     identifying ──peer known──▶ serving ──log.follow──▶ following
///          │                         │                        │
///          └──────── refused, closed, or idle and closing ────┴──▶ closed
///
/// `closing` (the client closed its side, or sent a line too long) keeps the state: what was
/// asked is answered, then the connection closes.
enum ConnectionState {
    /// Its peer's credentials, then its role, are being read; lines read meanwhile wait.
    /// `registration`: its entry in the registry once taken in.
    case identifying(registration: Int?, closing: Bool)
    /// Answering requests in order as `peer` (its role checked again at each request).
    case serving(registration: Int, peer: Peer, closing: Bool)
    /// Streaming the log (`log.follow`) with feed subscription `subscription`: nothing more is read.
    case following(registration: Int, subscription: Int)
    /// Refused, or gone: nothing more is read or started.
    case closed

    /// The connection's entry in the registry, if it has one.
    var registration: Int? {
        switch self {
        case .identifying(let registration, _): registration
        case .serving(let registration, _, _), .following(let registration, _): registration
        case .closed: nil
        }
    }

    /// Whether the connection closes once what was asked is answered.
    var closing: Bool {
        switch self {
        case .identifying(_, let closing), .serving(_, _, let closing): closing
        case .following, .closed: false
        }
    }

    /// Whether lines read now are taken: not while following, closing or closed.
    var reads: Bool {
        switch self {
        case .identifying(_, let closing), .serving(_, _, let closing): !closing
        case .following, .closed: false
        }
    }

    /// The same state, closing once idle.
    var closingWhenIdle: ConnectionState {
        switch self {
        case .identifying(let registration, _): .identifying(registration: registration, closing: true)
        case .serving(let registration, let peer, _): .serving(registration: registration, peer: peer, closing: true)
        case .following, .closed: self
        }
    }
}
