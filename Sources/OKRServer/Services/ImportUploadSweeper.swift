import Logging

/// Drops import uploads left idle past their limit (`[import] idle_upload_minutes`), so an
/// interrupted import gives its memory back on time whether or not anyone stages again.
enum ImportUploadSweeper {
    static func service(uploads: ImportUploads, logger: Logger, interval: Duration) -> PeriodicTask {
        PeriodicTask(interval: interval) {
            let dropped = uploads.dropIdle()
            if dropped > 0 { logger.info("idle import uploads dropped", metadata: ["count": "\(dropped)"]) }
        }
    }
}
