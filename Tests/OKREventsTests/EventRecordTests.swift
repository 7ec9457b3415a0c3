import Foundation
import Testing
@testable import OKREvents

@Suite struct EventRecordTests {
    @Test func everyTypeRoundTripsThroughTheBinaryRecord() throws {
        for event in SampleEvents.events {
            #expect(try EventRecord.decode(seq: event.seq, EventRecord.encode(event)) == event)
        }
    }

    @Test func everyFlippedBitOfARecordIsCaught() throws {
        let event = SampleEvents.events[7]
        let bytes = EventRecord.encode(event)
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x10
            #expect(throws: EventCodecError.self, "flip at byte \(index) went unnoticed") {
                try EventRecord.decode(seq: event.seq, damaged)
            }
        }
    }

    @Test func aRecordReadUnderAnotherSeqFailsItsChecksum() throws {
        let event = SampleEvents.events[0]
        let error = #expect(throws: EventCodecError.self) { try EventRecord.decode(seq: event.seq + 1, EventRecord.encode(event)) }
        #expect(error?.description.contains("checksum") == true)
    }

    @Test func aVersionNewerThanThisBuildIsRefusedByName() throws {
        var bytes = EventRecord.encode(SampleEvents.events[0])
        bytes[39] = 9  // version field, low byte
        bytes.replaceSubrange(1..<5, with: withUnsafeBytes(of: EventRecord.checksum(seq: 1, body: bytes).littleEndian) { Array($0) })
        let error = #expect(throws: EventCodecError.self) { try EventRecord.decode(seq: 1, bytes) }
        #expect(error?.description == "CycleDefined version 9 is newer than this build reads (up to 1)")
    }

    @Test func logJSONCarriesTheEnvelopeFieldsOfTheSpec() throws {
        let event = SampleEvents.events[11]
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(event)) as! [String: Any]
        #expect(Set(json.keys) == ["seq", "id", "type", "version", "recordedAt", "effectiveAt", "actor", "data"])
        #expect(json["type"] as? String == "MetricObserved")
        #expect(json["effectiveAt"] as? String == "2026-01-04T00:00:00.25Z")
        #expect(json["id"] as? String == "00000000-0000-4000-8000-000000000012")
        let data = try #require(json["data"] as? [String: Any])
        #expect(data["metric"] as? String == "onboarding.completion")
        #expect(data["value"] as? Double == 63.5)
    }

    @Test func everyTypeRoundTripsThroughJSON() throws {
        for event in SampleEvents.events {
            let decoded = try JSONDecoder().decode(StoredEvent.self, from: JSONEncoder().encode(event))
            #expect(decoded == event)
        }
    }
}
