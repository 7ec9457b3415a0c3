import ServiceLifecycle

/// A service that does one round of work, then again every `interval`, until okrd shuts down:
/// the timers of the daemon (insight expiry, idle import uploads) are each one of these.
struct PeriodicTask: Service {
    let interval: Duration
    let round: @Sendable () async -> Void

    func run() async throws {
        // Cancelled at shutdown, mid-sleep: that is the normal way out, not an error.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await round()
                try await Task.sleep(for: interval)
            }
        }
    }
}
