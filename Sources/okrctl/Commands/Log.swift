import ArgumentParser
import Foundation
import OKREvents
import OKRPages
import OKRWire

/// `okrctl log`: the events themselves, or a live stream of them with `--follow`.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Show the event log (or follow it live).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only events after this seq.") var since: UInt64?
    @Option(help: "At most this many events (default 100; no upper bound; ignored with --follow).") var limit: Int?
    @Flag(help: "Every event after --since, however many (streamed a page at a time).") var all = false
    @Option(help: "Only events of this type, e.g. MetricObserved.") var type: EventType?
    @Flag(help: "Keep printing events as they are committed (Ctrl-C to stop); --json prints one event per line.") var follow = false

    /// Events asked of okrd per request: each page is printed before the next is asked for, so
    /// okrctl and okrd hold one page at most, whatever `--limit` is.
    static let pageSize = 10_000

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, not \(limit)") }
        if all, limit != nil { throw ValidationError("--all and --limit do not go together") }
    }

    func run() throws {
        if follow { return try followLog() }
        let wanted = all ? Int.max : limit ?? 100
        let client = try options.connect()
        // --json: a JSON array of the events, each with SPEC §2's envelope fields, written as it comes.
        var output = LogOutput(json: options.json)
        var since = self.since ?? 0
        var printed = 0
        do {
            while printed < wanted {
                let page = min(Self.pageSize, wanted - printed)
                let result = try client.call(Methods.log, LogParams(since: since, limit: page, type: type), visible: !options.json)
                try output.write(result.events)
                printed += result.events.count
                guard let last = result.events.last, result.events.count == page else { break }
                since = last.seq
            }
        } catch let error as WireClientError {
            throw CLIError(error)
        }
        output.finish()
    }

    private func followLog() throws {
        let client = try options.connect()
        do {
            _ = try client.call(Methods.logFollow, LogParams(since: since, type: type))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            while true {
                let line = options.json ? try client.readLine() : VisibleEscapes.json(try client.readLine())
                guard let notification = try? JSONDecoder().decode(RPCNotification<StoredEvent>.self, from: Data(line)) else {
                    if let failure = try? JSONDecoder().decode(RPCErrorResponse.self, from: Data(line)) {
                        throw CLIError.rejected(failure.error.line)
                    }
                    continue
                }
                // Written unbuffered, so a follower piped into another program sees each event at once.
                let text = options.json ? String(decoding: JSONDocument.escapingInvisibles(try encoder.encode(notification.params)), as: UTF8.self) : Self.line(notification.params)
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
            }
        } catch let error as WireClientError {
            throw CLIError(error)
        }
    }

    /// `seq  effective time  type  actor  data`: one line, whatever the data holds.
    static func line(_ event: StoredEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(AnyEventData(event.payload.data))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return "\(String(event.seq).leftPadded(to: 6))  \(event.effectiveAt.rfc3339)  \(event.type.rawValue)  \(event.actor)  \(data)"
    }
}

/// `log`'s output, written a page at a time: lines for people, or one JSON array built as the
/// pages arrive (`[`, the events, `]`), so that memory does not grow with the log.
struct LogOutput {
    let json: Bool
    private var count = 0

    init(json: Bool) { self.json = json }

    mutating func write(_ events: [StoredEvent]) throws {
        guard !events.isEmpty else { return }
        var chunk = Data()
        for event in events {
            if json {
                chunk.append(contentsOf: Array((count == 0 ? "[\n" : ",\n").utf8))
                chunk.append(try JSONDocument.data(event))
            } else {
                chunk.append(contentsOf: Array((Log.line(event) + "\n").utf8))
            }
            count += 1
        }
        FileHandle.standardOutput.write(chunk)
    }

    func finish() {
        guard json else { return }
        FileHandle.standardOutput.write(Data((count == 0 ? "[]\n" : "\n]\n").utf8))
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
