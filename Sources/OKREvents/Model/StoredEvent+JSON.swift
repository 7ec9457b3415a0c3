import struct FoundationEssentials.UUID

/// The JSON form of an event used by `log --json`, `export --format ndjson` and the wire
/// protocol: the envelope fields of SPEC §2 with the payload under `data`.
extension StoredEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case seq, id, type, version, recordedAt, effectiveAt, actor, data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(version, forKey: .version)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(effectiveAt, forKey: .effectiveAt)
        try container.encode(actor, forKey: .actor)
        try payload.data.encode(to: container.superEncoder(forKey: .data))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let idText = try container.decode(String.self, forKey: .id)
        guard let id = UUID(uuidString: idText) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: container, debugDescription: "'\(idText)' is not a UUID")
        }
        let type = try container.decode(EventType.self, forKey: .type)
        let data = try type.dataType.init(from: container.superDecoder(forKey: .data))
        self.init(
            seq: try container.decode(UInt64.self, forKey: .seq),
            id: id,
            recordedAt: try container.decode(Instant.self, forKey: .recordedAt),
            effectiveAt: try container.decode(Instant.self, forKey: .effectiveAt),
            actor: try container.decode(String.self, forKey: .actor),
            payload: EventPayload(data),
            storedVersion: try container.decodeIfPresent(UInt16.self, forKey: .version))
    }
}
