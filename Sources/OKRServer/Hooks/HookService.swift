import Logging
import OKREvents
import ServiceLifecycle
import Synchronization

/// Runs a worker per hook in force (SPEC §13), starting one on `HookAdded` and stopping it on
/// `HookRemoved`, and writes the hooks' state file as it changes. At shutdown the workers stop
/// where they are (a delivery in flight is sent again after the restart, under its id).
struct HookService: Service {
    let engine: HookEngine
    /// How often the workers are woken without a commit, to see due times and quiet feeds.
    static let tick = Duration.seconds(5)

    func run() async throws {
        let (id, wakes) = engine.signal.subscribe()
        defer { engine.signal.end(id) }
        var workers: [String: (since: UInt64, task: Task<Void, Never>, wake: Int)] = [:]
        let saver = Task {
            var sinceWake = Duration.zero
            while !Task.isCancelled {
                try? await Task.sleep(for: HookStateStore.saveInterval)
                save()
                // Wakes the workers now and then, so that due times and quiet feeds are seen
                // without a commit.
                sinceWake += HookStateStore.saveInterval
                if sinceWake >= Self.tick {
                    sinceWake = .zero
                    engine.signal.fire()
                }
            }
        }
        reconcile(&workers)
        await withGracefulShutdownHandler {
            for await _ in wakes.cancelOnGracefulShutdown() {
                reconcile(&workers)
            }
        } onGracefulShutdown: {
            engine.signal.end(id)
        }
        for worker in workers.values {
            worker.task.cancel()
            engine.signal.end(worker.wake)
        }
        for worker in workers.values { await worker.task.value }
        saver.cancel()
        await saver.value
        save()
        await engine.sender.shutdown()
    }

    /// A worker for each hook in force and none for another.
    private func reconcile(_ workers: inout [String: (since: UInt64, task: Task<Void, Never>, wake: Int)]) {
        let hooks = engine.hooks()
        let wanted = Dictionary(hooks.map { ($0.hook.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, worker) in workers where wanted[name]?.since != worker.since {
            worker.task.cancel()
            engine.signal.end(worker.wake)
            workers[name] = nil
        }
        for (name, entry) in wanted where workers[name] == nil {
            let (wake, stream) = engine.signal.subscribe()
            let worker = HookWorker(hook: entry.hook, since: entry.since, engine: engine)
            workers[name] = (entry.since, Task { await worker.run(wakes: stream) }, wake)
        }
        engine.state.retain(Set(wanted.keys))
    }

    private func save() {
        do {
            try engine.state.saveIfChanged()
        } catch {
            engine.logger.error("cannot write \(engine.state.path): \(error)")
        }
    }
}
