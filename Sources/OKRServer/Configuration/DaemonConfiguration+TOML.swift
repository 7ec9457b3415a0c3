import OKRProjections
import Foundation
import OKREvents
import OKRWire

/// A configuration file that could not be used: the file, and what is wrong, naming the key.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
}

extension DaemonConfiguration {
    /// Reads a TOML file. Unknown sections and keys, wrong types and out-of-range values are
    /// errors that name the key.
    public static func load(path: String) throws -> DaemonConfiguration {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ConfigurationError(description: "cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try parse(utf8: bytes)
        } catch let error as ConfigurationError {
            throw ConfigurationError(description: "\(path): \(error.description)")
        }
    }

    /// Parses TOML text.
    static func parse(_ text: String) throws -> DaemonConfiguration {
        try parse(utf8: Array(text.utf8))
    }

    /// Parses a TOML file's bytes (a byte that is not UTF-8 is an error with its line and column).
    static func parse(utf8 bytes: [UInt8]) throws -> DaemonConfiguration {
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(utf8: bytes)
        } catch {
            throw ConfigurationError(description: error.description)
        }
        var config = DaemonConfiguration()
        var reader = TOMLSectionReader(table: table)
        try readStorageAndSocket(&reader, into: &config)
        try readAccess(&reader, into: &config)
        try readPractice(&reader, into: &config)
        try readNotifyImportObserve(&reader, into: &config)
        try readOrganisation(&reader, into: &config)
        try reader.finish()
        guard config.minKeyResults <= config.maxKeyResults else {
            throw ConfigurationError(description: "lint.min_key_results (\(config.minKeyResults)) must not exceed lint.max_key_results (\(config.maxKeyResults))")
        }
        guard config.atRiskRatio <= config.onTrackRatio else {
            throw ConfigurationError(description: "pace.at_risk (\(config.atRiskRatio)) must not exceed pace.on_track (\(config.onTrackRatio))")
        }
        return config
    }

    /// `[storage]` and `[socket]`: where the data and the socket live, and their limits.
    private static func readStorageAndSocket(_ reader: inout TOMLSectionReader, into config: inout DaemonConfiguration) throws {
        try reader.section("storage") { section in
            try section.string("path") { config.storage.path = $0 }
            try section.int("map_size_mib", 1...1_048_576) { config.storage.mapSizeMiB = $0 }
            try section.int("max_map_size_gib", 1...1_048_576) { config.storage.maxMapSizeGiB = $0 }
            try section.string("durability") { value in
                guard let durability = Durability(rawValue: value) else {
                    throw section.error("durability", "must be one of \(Durability.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                config.storage.durability = durability
            }
            try section.int("snapshot_every_events", 1_000...100_000_000) { config.storage.snapshotEveryEvents = $0 }
        }
        try reader.section("socket") { section in
            try section.string("path") { config.socket.path = $0 }
            try section.string("mode") { value in
                guard let mode = UInt32(value, radix: 8), mode <= 0o777 else {
                    throw section.error("mode", "must be an octal mode such as \"0660\"")
                }
                config.socket.mode = mode
            }
            try section.string("group") { config.socket.group = $0 }
            try section.int("line_limit_bytes", 1024...(64 << 20)) { config.socket.lineLimitBytes = $0 }
            try section.int("idle_timeout_seconds", 1...86_400) { config.socket.idleTimeoutSeconds = $0 }
            try section.int("max_connections", 1...100_000) { config.socket.maxConnections = $0 }
        }
    }

    /// `[access]`: who has which role.
    private static func readAccess(_ reader: inout TOMLSectionReader, into config: inout DaemonConfiguration) throws {
        try reader.section("access") { section in
            try section.strings("admin_users") { config.access.adminUsers = $0 }
            try section.strings("admin_groups") { config.access.adminGroups = $0 }
            try section.strings("writer_users") { config.access.writerUsers = $0 }
            try section.strings("writer_groups") { config.access.writerGroups = $0 }
            try section.strings("observer_users") { config.access.observerUsers = $0 }
            try section.strings("observer_groups") { config.access.observerGroups = $0 }
            try section.strings("reader_users") { config.access.readerUsers = $0 }
            try section.strings("reader_groups") { config.access.readerGroups = $0 }
            try section.string("default_role") { value in
                if value == "none" {
                    config.access.defaultRole = nil
                } else if let role = Role(rawValue: value) {
                    config.access.defaultRole = role
                } else {
                    throw section.error("default_role", "must be none, observer, reader, writer or admin")
                }
            }
        }
    }

    /// The practice's numbers: `[checkins]`, `[pace]`, `[metrics]`, `[insights]`, `[snapshots]`, `[lint]`.
    private static func readPractice(_ reader: inout TOMLSectionReader, into config: inout DaemonConfiguration) throws {
        try reader.section("checkins") { section in
            try section.double("interval_days", 0.01...366) { config.checkInIntervalDays = $0 }
        }
        try reader.section("pace") { section in
            try section.double("on_track", 0...10) { config.onTrackRatio = $0 }
            try section.double("at_risk", 0...10) { config.atRiskRatio = $0 }
        }
        try reader.section("metrics") { section in
            try section.double("staleness_days", 0.01...3660) { config.metricStalenessDays = $0 }
        }
        try reader.section("insights") { section in
            try section.double("default_lifetime_days", 1...3660) { config.insightLifetimeDays = $0 }
        }
        try reader.section("snapshots") { section in
            try section.bool("enabled") { config.snapshotsEnabled = $0 }
            try section.int("every_events", 1000...100_000_000) { config.snapshotEveryEvents = $0 }
        }
        try reader.section("lint") { section in
            try section.int("max_objectives_per_team", 1...100) { config.maxObjectivesPerTeam = $0 }
            try section.int("min_key_results", 0...100) { config.minKeyResults = $0 }
            try section.int("max_key_results", 1...100) { config.maxKeyResults = $0 }
        }
    }

    /// `[notify]`, `[import]` and `[observe]`.
    private static func readNotifyImportObserve(_ reader: inout TOMLSectionReader, into config: inout DaemonConfiguration) throws {
        try reader.section("notify") { section in
            try section.string("from") { value in
                guard Identifiers.isValidEmail(value) else { throw section.error("from", "'\(value.prefix(80))' is not an address: use name@example.org") }
                config.mailFrom = value
            }
            try section.string("give_up_after") { value in
                guard let seconds = DurationText.seconds(value), seconds >= 1, seconds <= 30 * 86_400 else {
                    throw section.error("give_up_after", "'\(value.prefix(40))' is not a duration from 1s to 30d: a number and s, m, h or d (\"24h\")")
                }
                config.hookGiveUpAfterSeconds = seconds
            }
            try section.string("due_at") { value in
                guard let minute = HookSchedule.minutes(value) else {
                    throw section.error("due_at", "'\(value.prefix(40))' is not a time of day: HH:MM (\"09:00\")")
                }
                config.hookSchedule.dueMinute = minute
            }
            try section.string("digest_at") { value in
                guard let (weekday, minute) = HookSchedule.weekly(value) else {
                    throw section.error("digest_at", "'\(value.prefix(40))' is not a weekday and a time: \"Monday 09:00\"")
                }
                config.hookSchedule.digestWeekday = weekday
                config.hookSchedule.digestMinute = minute
            }
        }
        try reader.section("import") { section in
            try section.double("idle_upload_minutes", 0.01...10_080) { config.importIdleUploadMinutes = $0 }
        }
        try reader.section("observe") { section in
            try section.int("batch_limit", 1...1_000_000) { config.observeBatchLimit = $0 }
        }
    }
}

extension DaemonConfiguration {
    /// `[organisation]`: the time zone, the week's first day and the fiscal year's first month
    /// (SPEC §15): the days okr counts in, and what `cycle plan` cuts fiscal years with.
    fileprivate static func readOrganisation(_ reader: inout TOMLSectionReader, into config: inout DaemonConfiguration) throws {
        try reader.section("organisation") { section in
            try section.string("week_starts") { value in
                guard let weekday = Weekday(rawValue: value.lowercased()) else {
                    throw section.error("week_starts", "'\(value.prefix(40))' is not a day of the week: monday … sunday")
                }
                config.fiscalCalendar.weekStarts = weekday
            }
            try section.int("fiscal_year_starts", 1...12) { config.fiscalCalendar.fiscalYearStarts = $0 }
            try section.string("time_zone") { value in
                guard LocalCalendar.isKnownZone(value) else {
                    throw section.error("time_zone", "'\(value.prefix(64))' is not a time zone of the system's tz database: an IANA name such as \"America/Los_Angeles\"")
                }
                config.timeZone = value
            }
        }
    }
}

/// Walks a TOML document section by section, remembering what it read so leftovers can be reported.
struct TOMLSectionReader {
    let table: TOMLTable
    private var seen: Set<String> = []

    init(table: TOMLTable) { self.table = table }

    mutating func section(_ name: String, _ body: (TOMLKeyReader) throws -> Void) throws {
        seen.insert(name)
        guard let value = table[name] else { return }
        guard let section = value.table else {
            throw ConfigurationError(description: "[\(name)] must be a table")
        }
        let keys = TOMLKeyReader(name: name, table: section)
        try body(keys)
        try keys.finish()
    }

    func finish() throws {
        let unknown = table.keys.filter { !seen.contains($0) }.sorted()
        if let first = unknown.first {
            throw ConfigurationError(description: "unknown section [\(first)]; known: \(seen.sorted().joined(separator: ", "))")
        }
    }
}

/// Reads typed keys of one section.
final class TOMLKeyReader {
    let name: String
    let table: TOMLTable
    private var seen: Set<String> = []

    init(name: String, table: TOMLTable) {
        self.name = name
        self.table = table
    }

    func error(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(description: "\(name).\(key) \(message)")
    }

    func string(_ key: String, _ apply: (String) throws -> Void) throws {
        seen.insert(key)
        guard let value = table[key] else { return }
        guard let string = value.string else { throw error(key, "must be a string") }
        try apply(string)
    }

    func strings(_ key: String, _ apply: ([String]) throws -> Void) throws {
        seen.insert(key)
        guard let value = table[key] else { return }
        guard let array = value.array else { throw error(key, "must be an array of strings") }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else { throw error(key, "must be an array of strings") }
            strings.append(string)
        }
        try apply(strings)
    }

    func int(_ key: String, _ range: ClosedRange<Int>, _ apply: (Int) throws -> Void) throws {
        seen.insert(key)
        guard let value = table[key] else { return }
        guard let int = value.integer.flatMap({ Int(exactly: $0) }) else { throw error(key, "must be an integer") }
        guard range.contains(int) else { throw error(key, "must be between \(range.lowerBound) and \(range.upperBound)") }
        try apply(int)
    }

    func double(_ key: String, _ range: ClosedRange<Double>, _ apply: (Double) throws -> Void) throws {
        seen.insert(key)
        guard let value = table[key] else { return }
        guard let double = value.number else { throw error(key, "must be a number") }
        guard range.contains(double) else { throw error(key, "must be between \(range.lowerBound) and \(range.upperBound)") }
        try apply(double)
    }

    func bool(_ key: String, _ apply: (Bool) throws -> Void) throws {
        seen.insert(key)
        guard let value = table[key] else { return }
        guard let bool = value.boolean else { throw error(key, "must be true or false") }
        try apply(bool)
    }

    func finish() throws {
        let unknown = table.keys.filter { !seen.contains($0) }.sorted()
        if let first = unknown.first {
            throw ConfigurationError(description: "unknown key \(name).\(first); known: \(seen.sorted().joined(separator: ", "))")
        }
    }
}
