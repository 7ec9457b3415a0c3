import OKREvents
import OKRWire

/// How a dashboard runs (`okrctl dashboard`'s options, SPEC §12).
public struct DashboardOptions: Sendable {
    /// The address and port it listens on (port 0 picks one).
    public var listenHost: String
    public var listenPort: Int
    /// Other `Host` names it answers to (a team TV's DNS name).
    public var allowHosts: [String]
    /// The view every page shows unless its URL says otherwise.
    public var cycle: String?
    public var teams: [String]
    public var owner: String?
    /// Kiosk mode: seconds per team, no controls.
    public var kioskSeconds: Int?
    /// How okrd is reached.
    public var reach: OkrdReach

    public init(listenHost: String = "127.0.0.1", listenPort: Int = 7480, allowHosts: [String] = [], cycle: String? = nil,
                teams: [String] = [], owner: String? = nil, kioskSeconds: Int? = nil, reach: OkrdReach) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.allowHosts = allowHosts
        self.cycle = cycle
        self.teams = teams
        self.owner = owner
        self.kioskSeconds = kioskSeconds
        self.reach = reach
    }

    /// Whether it listens on every address rather than one.
    var listensOnAll: Bool { ["0.0.0.0", "::", "[::]"].contains(listenHost) }

    /// Whether it listens on the loopback address only.
    var listensOnLoopback: Bool { ["127.0.0.1", "::1", "[::1]", "localhost"].contains(listenHost) }

    /// The `Host` names (without port) a request may carry.
    var allowedHosts: Set<String> {
        var hosts = Set(allowHosts.map { $0.lowercased() })
        if !listensOnAll { hosts.insert(listenHost.lowercased().trimmingCharacters(in: ["[", "]"])) }
        if listensOnLoopback { hosts.formUnion(["localhost", "127.0.0.1", "::1"]) }
        return hosts
    }

    /// The name the first line of output gives: the listen address, or the first `--allow-host`
    /// name when it listens on every address.
    func advertisedHost() -> String {
        if listensOnAll, let first = allowHosts.first { return first }
        return listenHost.contains(":") && !listenHost.hasPrefix("[") ? "[\(listenHost)]" : listenHost
    }

    /// The default view.
    var defaults: ViewQuery { ViewQuery(cycle: cycle, team: teams.first, owner: owner) }
}
