import Foundation
import Testing
@testable import OKREvents

/// Stored history must stay readable forever: these tests pin the exact bytes of every event
/// type. A failure here means a change would break logs already on disk; add a new version and
/// an upcast instead. Regenerate only for a brand-new type: `OKR_RECORD_GOLDEN=1 swift test`.
@Suite struct GoldenFixtureTests {
    static let fixturePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden-events.txt").path

    /// The fixture's lines: `TYPE vVERSION seq=N HEX`.
    struct Line {
        var type: String
        var version: Int
        var seq: UInt64
        var bytes: [UInt8]
    }

    static func readFixture() throws -> [Line] {
        let text = try String(contentsOfFile: fixturePath, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, let version = Int(fields[1].dropFirst()), let seq = UInt64(fields[2].dropFirst(4)) else {
                throw FixtureError(message: "bad fixture line: \(line)")
            }
            return Line(type: String(fields[0]), version: version, seq: seq, bytes: hexDecode(fields[3]))
        }
    }

    struct FixtureError: Error { var message: String }

    static func hexDecode(_ hex: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// A check-in as version 1 wrote it (no `author` field), kept to prove that upcasting works.
    static func legacyCheckInV1() -> (StoredEvent, [UInt8]) {
        var writer = ByteWriter()
        writer.write(EventRecord.format)
        writer.write(UInt32(0))
        withUnsafeBytes(of: SampleEvents.uuid(99).uuid) { writer.writeRaw($0) }
        writer.write(SampleEvents.recordedAt)
        writer.write(SampleEvents.effectiveAt)
        writer.write(EventType.checkInRecorded.code)
        writer.write(UInt16(1))
        writer.write("bob")
        writer.write("KR-1")
        writer.write(UInt8(5))
        writer.write("legacy v1 check-in" as String?)
        let seq: UInt64 = 100
        writer.patch(EventRecord.checksum(seq: seq, body: writer.bytes), at: 1)
        let expected = StoredEvent(seq: seq, id: SampleEvents.uuid(99), recordedAt: SampleEvents.recordedAt,
                                   effectiveAt: SampleEvents.effectiveAt, actor: "bob",
                                   payload: .checkInRecorded(CheckInRecorded(kr: "KR-1", confidence: 5, note: "legacy v1 check-in")),
                                   storedVersion: 1)
        return (expected, writer.bytes)
    }

    /// Whether a fixture line is of an older version than its type's current one: kept forever,
    /// to prove that upcasting works.
    static func isLegacy(_ line: Line) -> Bool {
        EventType(rawValue: line.type).map { line.version < Int($0.currentVersion) } ?? false
    }

    /// Records the current version of every type; the lines of older versions are kept as they are.
    init() throws {
        guard ProcessInfo.processInfo.environment["OKR_RECORD_GOLDEN"] == "1" else { return }
        let legacy = (try? Self.readFixture())?.filter(Self.isLegacy) ?? []
        var text = "# Golden bytes of every event type (record format 1). Never edit by hand; see GoldenFixtureTests.\n"
        for event in SampleEvents.events {
            text += "\(event.type.rawValue) v\(event.version) seq=\(event.seq) \(Self.hex(EventRecord.encode(event)))\n"
        }
        for line in legacy {
            text += "\(line.type) v\(line.version) seq=\(line.seq) \(Self.hex(line.bytes))\n"
        }
        if !legacy.contains(where: { $0.type == "CheckInRecorded" && $0.version == 1 }) {
            let (event, bytes) = Self.legacyCheckInV1()
            text += "\(event.type.rawValue) v1 seq=\(event.seq) \(Self.hex(bytes))\n"
        }
        try text.write(toFile: Self.fixturePath, atomically: true, encoding: .utf8)
    }

    /// Every line of an older version decodes, upcast, to its sample without the later fields.
    @Test func everyOlderVersionUpcastsToItsSampleWithoutTheLaterFields() throws {
        let legacy = try Self.readFixture().filter(Self.isLegacy).filter { $0.seq <= UInt64(SampleEvents.payloads.count) }
        #expect(Set(legacy.map(\.type)) == ["ObjectiveCreated", "ObjectiveUpdated", "KeyResultCreated", "KeyResultUpdated", "CheckInRecorded",
                                            "PersonRecorded"])
        for line in legacy {
            let decoded = try EventRecord.decode(seq: line.seq, line.bytes)
            #expect(decoded.storedVersion == UInt16(line.version))
            #expect(decoded.payload == SampleEvents.asVersion(line.version, SampleEvents.payloads[Int(line.seq) - 1]),
                    "\(line.type) v\(line.version)")
        }
    }

    @Test func everyTypeEncodesToItsGoldenBytes() throws {
        let lines = try Self.readFixture()
        for event in SampleEvents.events {
            let line = try #require(lines.first { $0.type == event.type.rawValue && $0.version == Int(event.version) },
                                    "no golden line for \(event.type.rawValue) v\(event.version)")
            #expect(Self.hex(EventRecord.encode(event)) == Self.hex(line.bytes), "\(event.type.rawValue) changed its stored bytes")
        }
    }

    @Test func everyGoldenLineDecodesToTheSampleEvent() throws {
        let samples = SampleEvents.events
        for line in try Self.readFixture() where line.version == Int(EventType(rawValue: line.type)!.currentVersion) {
            let decoded = try EventRecord.decode(seq: line.seq, line.bytes)
            #expect(decoded == samples[Int(line.seq) - 1])
        }
    }

    @Test func fixtureCoversEveryEventTypeAtItsCurrentVersion() throws {
        let lines = try Self.readFixture()
        for type in EventType.allCases {
            #expect(lines.contains { $0.type == type.rawValue && $0.version == Int(type.currentVersion) }, "\(type.rawValue) missing")
        }
    }

    @Test func versionOneCheckInUpcastsWithoutAuthor() throws {
        let line = try #require(try Self.readFixture().first { $0.type == "CheckInRecorded" && $0.version == 1 })
        let decoded = try EventRecord.decode(seq: line.seq, line.bytes)
        #expect(decoded == Self.legacyCheckInV1().0)
        #expect(decoded.storedVersion == 1)
        #expect(decoded.version == EventType.checkInRecorded.currentVersion)
        guard case .checkInRecorded(let checkIn) = decoded.payload else { Issue.record("wrong type"); return }
        #expect(checkIn.author == nil)
        #expect(checkIn.confidence == 5)
    }
}
