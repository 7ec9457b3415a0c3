import Logging
import ServiceLifecycle

/// Drops import uploads left idle past their limit (`[import] idle_upload_minutes`), so an
/// interrupted import gives its memory back on time whether or not anyone stages again.
struct ImportUploadSweeper: Service {
    let uploads: ImportUploads
    let logger: Logger
    var interval: Duration = .seconds(10)

    func run() async throws {
        // Cancelled at shutdown, mid-sleep: that is the normal way out, not an error.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let dropped = uploads.dropIdle()
                if dropped > 0 { logger.info("idle import uploads dropped", metadata: ["count": "\(dropped)"]) }
                try await Task.sleep(for: interval)
            }
        }
    }
}
