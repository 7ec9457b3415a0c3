import FoundationEssentials

/// The binary layout of one stored event (record format 1):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 1 | record format (1) |
/// | 1 | 4 | CRC-32C of the seq (8 bytes, big-endian) followed by bytes 5… |
/// | 5 | 16 | event UUID |
/// | 21 | 8 | recordedAt, µs since epoch |
/// | 29 | 8 | effectiveAt, µs since epoch |
/// | 37 | 2 | type code |
/// | 39 | 2 | payload version |
/// | 41 | var | actor (varint length + UTF-8) |
/// | … | var | payload, in its type's own layout |
///
/// The checksum covers the seq so that a record moved under another key is caught too.
public enum EventRecord {
    /// The record format this build writes.
    public static let format: UInt8 = 1
    static let checksumOffset = 1
    static let bodyOffset = 5
    static let typeOffset = 37

    /// Encodes an event for storage under `seq`.
    public static func encode(seq: UInt64, id: UUID, recordedAt: Instant, effectiveAt: Instant,
                              actor: String, payload: EventPayload) -> [UInt8] {
        var writer = ByteWriter(capacity: 128)
        encode(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt, actor: actor, payload: payload, into: &writer)
        return writer.bytes
    }

    /// Encodes an event for storage under `seq` into `writer`, replacing what it held: the
    /// writer thread encodes every record of a round into one buffer instead of allocating one each.
    static func encode(seq: UInt64, id: UUID, recordedAt: Instant, effectiveAt: Instant,
                       actor: String, payload: EventPayload, into writer: inout ByteWriter) {
        startRecord(id: id, recordedAt: recordedAt, effectiveAt: effectiveAt, type: payload.type, into: &writer)
        writer.write(actor)
        payload.write(to: &writer)
        finishRecord(seq: seq, in: &writer)
    }

    /// Replaces what `writer` held with a record's fixed fields, up to its actor (bytes 0–40,
    /// the checksum left at zero): what every encoder of records writes first.
    static func startRecord(id: UUID, recordedAt: Instant, effectiveAt: Instant, type: EventType, into writer: inout ByteWriter) {
        writer.removeAll()
        writer.write(format)
        writer.write(UInt32(0))
        withUnsafeBytes(of: id.uuid) { writer.writeRaw($0) }
        writer.write(recordedAt)
        writer.write(effectiveAt)
        writer.write(type.code)
        writer.write(type.currentVersion)
    }

    /// Writes the checksum of the record in `writer`, to be stored under `seq`.
    static func finishRecord(seq: UInt64, in writer: inout ByteWriter) {
        writer.patch(checksum(seq: seq, body: writer.bytes), at: checksumOffset)
    }

    /// Encodes a stored event (its seq, envelope and payload) as it would be stored.
    public static func encode(_ event: StoredEvent) -> [UInt8] {
        encode(seq: event.seq, id: event.id, recordedAt: event.recordedAt, effectiveAt: event.effectiveAt,
               actor: event.actor, payload: event.payload)
    }

    /// Decodes a stored record, checking its checksum first.
    public static func decode(seq: UInt64, _ bytes: UnsafeRawBufferPointer) throws(EventCodecError) -> StoredEvent {
        try checkIntegrity(seq: seq, bytes)
        var reader = ByteReader(bytes, offset: bodyOffset)
        let uuidBytes = try reader.readRaw(16, "id")
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: uuidBytes) }
        let recordedAt = try reader.readInstant("recordedAt")
        let effectiveAt = try reader.readInstant("effectiveAt")
        let code = try reader.readUInt16("type")
        guard let type = EventType(code: code) else { throw .unknownType(code: code) }
        let version = try reader.readUInt16("version")
        let actor = try reader.readString("actor")
        let payload = try EventPayload.read(type: type, version: version, from: &reader)
        guard reader.remaining == 0 else { throw .trailingBytes(reader.remaining) }
        return StoredEvent(seq: seq, id: UUID(uuid: uuid), recordedAt: recordedAt, effectiveAt: effectiveAt,
                           actor: actor, payload: payload, storedVersion: version)
    }

    /// What is wrong with a stored record, checked without decoding it: its format and its
    /// checksum (`nil`: neither is wrong).
    public static func damage(seq: UInt64, _ bytes: UnsafeRawBufferPointer) -> String? {
        do {
            try checkIntegrity(seq: seq, bytes)
            return nil
        } catch {
            return error.description
        }
    }

    /// Checks the record's format and checksum.
    private static func checkIntegrity(seq: UInt64, _ bytes: UnsafeRawBufferPointer) throws(EventCodecError) {
        var reader = ByteReader(bytes)
        let recordFormat = try reader.readUInt8("format")
        guard recordFormat == format else { throw .unknownRecordFormat(recordFormat) }
        let stored = try reader.readUInt32("checksum")
        let computed = checksum(seq: seq, body: bytes)
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
    }

    /// Whether a stored record holds a `MetricObserved`, read from its type code alone (no
    /// checksum, no decoding): how a replay skips what the log's own indexes already summarise.
    public static func isObservation(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= typeOffset + 2 else { return false }
        let code = UInt16(bytes[typeOffset]) | UInt16(bytes[typeOffset + 1]) << 8
        return code == EventType.metricObserved.code
    }

    /// Decodes a record held in an array.
    public static func decode(seq: UInt64, _ bytes: [UInt8]) throws(EventCodecError) -> StoredEvent {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(EventCodecError) in try decode(seq: seq, buffer) } }
        return try result.get()
    }

    static func checksum(seq: UInt64, body: UnsafeRawBufferPointer) -> UInt32 {
        var bigEndianSeq = seq.bigEndian
        let seed = withUnsafeBytes(of: &bigEndianSeq) { CRC32C.checksum($0) }
        return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: body[bodyOffset...]), continuing: seed)
    }

    static func checksum(seq: UInt64, body: [UInt8]) -> UInt32 {
        body.withUnsafeBytes { checksum(seq: seq, body: $0) }
    }
}
