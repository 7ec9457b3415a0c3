import OKREvents
import OKRWire
import Synchronization

/// The imports being uploaded: an import is larger than one request may be, so `import.stage`
/// gathers it here in parts and `import.commit` takes it out whole. An upload belongs to the
/// Unix user who began it. What they hold is bounded in bytes, counted as the `import.stage`
/// lines that brought them (SPEC §8 "Limits"): ``Limits/uploadBytes`` an upload,
/// ``Limits/userBytes`` a user, ``Limits/totalBytes`` in all; a user has at most
/// ``Limits/uploadsPerUser`` uploads (a new one drops their oldest), and an upload left
/// untouched for ``Limits/idleSeconds`` is dropped by ``dropIdle()`` (a timer calls it).
final class ImportUploads: Sendable {
    /// What the uploads may hold.
    struct Limits: Sendable {
        var uploadBytes = 256 << 20
        var userBytes = 512 << 20
        var totalBytes = 1 << 30
        var uploadsPerUser = 4
        var idleSeconds = 900.0
        var maxEvents = 2_000_000
    }

    private struct Upload {
        var uid: UInt32
        var events: [ImportEvent]
        var bytes: Int
        var touched: Instant
    }

    let limits: Limits
    private let uploads = Mutex<[String: Upload]>([:])
    private let clock: @Sendable () -> Instant

    init(limits: Limits = Limits(), clock: @escaping @Sendable () -> Instant) {
        self.limits = limits
        self.clock = clock
    }

    /// Adds `events`, brought by a request of `bytes` bytes, to `upload` (a new one when `nil`);
    /// answers the upload's name and size. A stage that would pass a limit is refused naming it,
    /// and the upload it was for is dropped: its memory is given back at once.
    func stage(_ events: [ImportEvent], bytes: Int, to upload: String?, by peer: Peer) throws(DomainError) -> ImportStageResult {
        let now = clock()
        let limits = self.limits
        return try uploads.withLock { (uploads) throws(DomainError) -> ImportStageResult in
            let name: String
            if let upload {
                guard let existing = uploads[upload], existing.uid == peer.uid else {
                    throw Self.unknown(upload, idleSeconds: limits.idleSeconds)
                }
                name = upload
            } else {
                // A user's fifth upload drops their oldest: an import interrupted again and again
                // must not lock its user out, and memory stays bounded.
                let theirs = uploads.filter { $0.value.uid == peer.uid }
                if theirs.count >= limits.uploadsPerUser, let oldest = theirs.min(by: { $0.value.touched < $1.value.touched }) {
                    uploads[oldest.key] = nil
                }
                name = String(UInt64.random(in: .min ... .max), radix: 16) + String(UInt64.random(in: .min ... .max), radix: 16)
                uploads[name] = Upload(uid: peer.uid, events: [], bytes: 0, touched: now)
            }
            let current = uploads[name]!
            let userBytes = uploads.values.reduce(0) { $0 + ($1.uid == peer.uid ? $1.bytes : 0) }
            let totalBytes = uploads.values.reduce(0) { $0 + $1.bytes }
            let refusal: String? =
                current.events.count + events.count > limits.maxEvents
                    ? "an import may hold at most \(limits.maxEvents) events"
                : current.bytes + bytes > limits.uploadBytes
                    ? "an import upload may hold at most \(Self.mebibytes(limits.uploadBytes)) (import upload limit)"
                : userBytes + bytes > limits.userBytes
                    ? "one user's import uploads may hold at most \(Self.mebibytes(limits.userBytes)) at once (import user limit)"
                : totalBytes + bytes > limits.totalBytes
                    ? "okrd holds at most \(Self.mebibytes(limits.totalBytes)) of import uploads at once (import total limit); "
                      + "try again when others' imports are done"
                : nil
            if let refusal {
                uploads[name] = nil
                throw .validation("\(refusal); the upload is dropped", field: "events")
            }
            uploads[name]!.events.append(contentsOf: events)
            uploads[name]!.bytes += bytes
            uploads[name]!.touched = now
            return ImportStageResult(upload: name, staged: uploads[name]!.events.count)
        }
    }

    /// Takes `upload`'s events out (it is gone afterwards).
    func take(_ upload: String, by peer: Peer) throws(DomainError) -> [ImportEvent] {
        let idleSeconds = limits.idleSeconds
        return try uploads.withLock { (uploads) throws(DomainError) -> [ImportEvent] in
            guard let existing = uploads[upload], existing.uid == peer.uid else {
                throw Self.unknown(upload, idleSeconds: idleSeconds)
            }
            uploads[upload] = nil
            return existing.events
        }
    }

    /// Drops every upload idle for ``Limits/idleSeconds`` or more; answers how many.
    @discardableResult
    func dropIdle() -> Int {
        let now = clock()
        let idleSeconds = limits.idleSeconds
        return uploads.withLock { uploads in
            let before = uploads.count
            uploads = uploads.filter { now.seconds(since: $0.value.touched) < idleSeconds }
            return before - uploads.count
        }
    }

    /// The bytes all uploads hold now.
    var heldBytes: Int { uploads.withLock { $0.values.reduce(0) { $0 + $1.bytes } } }

    /// The refusal of an upload that is not the caller's or no longer there.
    private static func unknown(_ upload: String, idleSeconds: Double) -> DomainError {
        .validation("no upload '\(upload.prefix(40))' of yours: it was committed, or dropped after "
                    + "\(Int(idleSeconds / 60)) idle minutes; start the import again", field: "upload")
    }

    private static func mebibytes(_ bytes: Int) -> String { "\(bytes >> 20) MiB" }
}
