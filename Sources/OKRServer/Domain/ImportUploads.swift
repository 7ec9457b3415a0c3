import OKREvents
import OKRWire
import Synchronization

/// The imports being uploaded: an import is larger than one request may be, so `import.stage`
/// gathers it here in parts and `import.commit` takes it out whole. An upload belongs to the
/// Unix user who began it; one left untouched for ``idleSeconds`` is dropped, and a user has at
/// most ``maxUploadsPerUser`` at once (a new one drops their oldest), each of at most
/// ``maxEvents`` events.
final class ImportUploads: Sendable {
    static let maxEvents = 2_000_000
    static let maxUploadsPerUser = 4
    static let idleSeconds = 900.0

    private struct Upload {
        var uid: UInt32
        var events: [ImportEvent]
        var touched: Instant
    }

    private let uploads = Mutex<[String: Upload]>([:])
    private let clock: @Sendable () -> Instant

    init(clock: @escaping @Sendable () -> Instant) { self.clock = clock }

    /// Adds `events` to `upload` (a new one when `nil`); answers the upload's name and size.
    func stage(_ events: [ImportEvent], to upload: String?, by peer: Peer) throws(RPCError) -> ImportStageResult {
        let now = clock()
        return try uploads.withLock { (uploads) throws(RPCError) -> ImportStageResult in
            uploads = uploads.filter { now.seconds(since: $0.value.touched) < Self.idleSeconds }
            let name: String
            if let upload {
                guard let existing = uploads[upload], existing.uid == peer.uid else {
                    throw Self.unknown(upload)
                }
                guard existing.events.count + events.count <= Self.maxEvents else {
                    uploads[upload] = nil
                    throw .validation("an import may hold at most \(Self.maxEvents) events; the upload is dropped", field: "events")
                }
                name = upload
            } else {
                // A user's fifth upload drops their oldest: an import interrupted again and again
                // must not lock its user out, and memory stays bounded.
                let theirs = uploads.filter { $0.value.uid == peer.uid }
                if theirs.count >= Self.maxUploadsPerUser, let oldest = theirs.min(by: { $0.value.touched < $1.value.touched }) {
                    uploads[oldest.key] = nil
                }
                guard events.count <= Self.maxEvents else {
                    throw .validation("an import may hold at most \(Self.maxEvents) events", field: "events")
                }
                name = String(UInt64.random(in: .min ... .max), radix: 16) + String(UInt64.random(in: .min ... .max), radix: 16)
                uploads[name] = Upload(uid: peer.uid, events: [], touched: now)
            }
            uploads[name]!.events.append(contentsOf: events)
            uploads[name]!.touched = now
            return ImportStageResult(upload: name, staged: uploads[name]!.events.count)
        }
    }

    /// Takes `upload`'s events out (it is gone afterwards).
    func take(_ upload: String, by peer: Peer) throws(RPCError) -> [ImportEvent] {
        try uploads.withLock { (uploads) throws(RPCError) -> [ImportEvent] in
            guard let existing = uploads[upload], existing.uid == peer.uid else {
                throw Self.unknown(upload)
            }
            uploads[upload] = nil
            return existing.events
        }
    }

    /// The refusal of an upload that is not the caller's or no longer there.
    private static func unknown(_ upload: String) -> RPCError {
        .validation("no upload '\(upload.prefix(40))' of yours: it was committed, or dropped after "
                    + "\(Int(idleSeconds / 60)) idle minutes; start the import again", field: "upload")
    }
}
