import ArgumentParser
import Foundation
import OKREvents
import OKRWire

/// `okrctl log`: the events themselves, or a live stream of them with `--follow`.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show the event log (or follow it live).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only events after this seq.") var since: UInt64?
    @Option(help: "At most this many events (default 100; ignored with --follow).") var limit: Int?
    @Option(help: "Only events of this type, e.g. MetricObserved.") var type: EventType?
    @Flag(help: "Keep printing events as they are committed (Ctrl-C to stop); --json prints one event per line.") var follow = false

    func run() throws {
        if follow { return try followLog() }
        let result = try options.call(.log, LogParams(since: since, limit: limit, type: type), as: LogResult.self)
        // --json: a JSON array of the events, each with SPEC §2's envelope fields.
        try Output.emit(result.events, json: options.json) { events in
            events.isEmpty ? "" : events.map { Self.line($0) }.joined(separator: "\n")
        }
    }

    private func followLog() throws {
        let client = try options.connect()
        do {
            _ = try client.call(RPCMethod.logFollow.rawValue, LogParams(since: since, type: type), as: FollowResult.self)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            while true {
                let line = try client.readLine()
                guard let notification = try? JSONDecoder().decode(RPCNotification<StoredEvent>.self, from: Data(line)) else {
                    if let failure = try? JSONDecoder().decode(RPCErrorResponse.self, from: Data(line)) {
                        throw CLIError.rejected(failure.error.message)
                    }
                    continue
                }
                // Written unbuffered, so a follower piped into another program sees each event at once.
                let text = options.json ? String(decoding: try encoder.encode(notification.params), as: UTF8.self) : Self.line(notification.params)
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
            }
        } catch let error as WireClientError {
            throw CLIError(error)
        }
    }

    /// `seq  effective time  type  actor  data`.
    static func line(_ event: StoredEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(AnyEventData(event.payload.data))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "\(String(event.seq).leftPadded(to: 6))  \(event.effectiveAt.rfc3339)  \(event.type.rawValue)  \(event.actor)  \(data)"
    }
}

/// Encodes any payload through its own `Codable`.
struct AnyEventData: Encodable {
    let data: any EventData
    init(_ data: any EventData) { self.data = data }
    func encode(to encoder: any Encoder) throws { try data.encode(to: encoder) }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
