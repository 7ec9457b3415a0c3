import OKREvents
import OKRProjections
import OKRWire
#if canImport(Glibc)
import Glibc
#endif

/// Every setting of okrd with its built-in default (config/okrd.toml documents each one).
public struct DaemonConfiguration: Sendable, Equatable {
    /// The built-in defaults.
    public init() {}

    struct Storage: Sendable, Equatable {
        /// Empty means the default location (SPEC §7).
        var path = ""
        var mapSizeMiB = 64
        var maxMapSizeGiB = 1024
        var durability = Durability.sync
        /// A projection snapshot is written after this many new events (and at shutdown).
        var snapshotEveryEvents = 100_000
    }

    struct Socket: Sendable, Equatable {
        /// Empty means the default location (SPEC §7).
        var path = ""
        var mode: UInt32 = 0o660
        /// Group to own the socket; empty keeps the daemon's group.
        var group = ""
        var lineLimitBytes = 1 << 20
        var idleTimeoutSeconds = 300
        var maxConnections = 256
    }

    struct Access: Sendable, Equatable {
        var adminUsers: [String] = ["root"]
        var adminGroups: [String] = []
        var writerUsers: [String] = []
        var writerGroups: [String] = []
        var observerUsers: [String] = []
        var observerGroups: [String] = []
        var readerUsers: [String] = []
        var readerGroups: [String] = []
        /// The role of users listed nowhere; `nil` ("none") refuses them.
        var defaultRole: Role? = nil
    }

    var storage = Storage()
    var socket = Socket()
    var access = Access()
    var checkInIntervalDays = 7.0
    var onTrackRatio = 0.9
    var atRiskRatio = 0.6
    var metricStalenessDays = 7.0
    var insightLifetimeDays = 90.0
    var snapshotsEnabled = true
    var snapshotEveryEvents = 100_000
    var observeBatchLimit = 10_000
    /// An import upload untouched this long is dropped (`[import] idle_upload_minutes`).
    var importIdleUploadMinutes = 15.0
    /// The `From` of mailed digests (`[notify] from`).
    var mailFrom = DaemonConfiguration.defaultMailFrom
    /// How long a hook delivery is retried before it is marked failed (`[notify] give_up_after`, default 24 h).
    public var hookGiveUpAfterSeconds: Double = 86_400
    /// When `due` and `digest` hooks fire (`[notify] due_at`, `digest_at`).
    public var hookSchedule = HookSchedule()
    /// `[organisation]`'s week and fiscal year, for `cycle plan`.
    public var fiscalCalendar = FiscalCalendar()
    /// `[organisation] time_zone`: the IANA zone the organisation's days are counted in (SPEC §15).
    public var timeZone = "UTC"

    /// The `CalendarSet` that `[organisation]` describes.
    public var calendarSet: CalendarSet {
        CalendarSet(timeZone: timeZone, weekStarts: fiscalCalendar.weekStarts.rawValue, fiscalYearStarts: fiscalCalendar.fiscalYearStarts)
    }

    /// `okr@` and this host's name (SPEC §8 "Mail").
    static var defaultMailFrom: String {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        let address = "okr@" + (host.isEmpty ? "localhost" : host)
        return Identifiers.isValidEmail(address) ? address : "okr@localhost"
    }
    var maxObjectivesPerTeam = 5
    var minKeyResults = 2
    var maxKeyResults = 5

    /// The numbers the projections use.
    var projectionSettings: ProjectionSettings {
        ProjectionSettings(onTrackRatio: onTrackRatio, atRiskRatio: atRiskRatio,
                           checkInIntervalSeconds: checkInIntervalDays * 86_400,
                           metricStalenessSeconds: metricStalenessDays * 86_400,
                           maxObjectivesPerTeam: maxObjectivesPerTeam, minKeyResults: minKeyResults, maxKeyResults: maxKeyResults)
    }

    /// Storage path with the default applied.
    func dataDirectory(_ defaults: DefaultLocations) -> String {
        storage.path.isEmpty ? defaults.stateDirectory : storage.path
    }

    /// Socket path with the default applied.
    func socketPath(_ defaults: DefaultLocations) -> String {
        socket.path.isEmpty ? defaults.socketPath : socket.path
    }
}
