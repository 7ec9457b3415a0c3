import Logging
import OKREvents
import OKRProjections
import ServiceLifecycle
import Synchronization

/// Writes the projection's snapshot into the log every `everyEvents` new events and once more
/// at shutdown, so that the next start replays only the events after it.
///
/// The model is copied under the projection's lock (a copy-on-write struct: cheap) and encoded
/// and stored outside it, so neither queries nor the writer wait for the encoding.
struct SnapshotService: Service {
    static let name = "projection"

    let log: EventLog
    let store: ProjectionStore
    let everyEvents: UInt64
    let logger: Logger
    /// The seq covered by the snapshot in the log when the daemon started.
    let startingSeq: UInt64

    func run() async throws {
        let written = Mutex(startingSeq)
        // Cancelled at shutdown, mid-sleep: then the last snapshot is written below.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                let since = written.withLock { $0 }
                if store.lastSeq >= since + everyEvents {
                    let covered = take(since: since)
                    written.withLock { $0 = covered }
                }
            }
        }
        let since = written.withLock { $0 }
        if store.lastSeq > since { _ = take(since: since) }
    }

    /// Writes a snapshot; returns the seq it covers (or `since` when it could not be written).
    private func take(since: UInt64) -> UInt64 {
        let started = ContinuousClock.now
        defer { FreeMemory.returnToSystem() }
        let model = store.copy()
        model.prepareSnapshot(now: .now())
        let bytes = model.snapshot()
        do {
            try log.storeSnapshot(bytes, named: Self.name)
            logger.info("projection snapshot written", metadata: [
                "seq": "\(model.lastSeq)", "bytes": "\(bytes.count)", "took": "\(ContinuousClock.now - started)",
            ])
            return model.lastSeq
        } catch {
            logger.warning("projection snapshot not written: \(error.message)")
            return since
        }
    }
}
