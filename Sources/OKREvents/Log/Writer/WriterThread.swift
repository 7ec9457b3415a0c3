#if canImport(Glibc)
import Glibc
#endif

/// One dedicated thread that owns every LMDB write transaction.
///
/// Work is submitted from any thread; the thread takes everything queued since its last round
/// and hands it to `process` in one call. That is where group commit comes from: requests that
/// arrive while a commit is in flight go into the next transaction together.
final class WriterThread<Work: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var queue: [Work] = []
    private var stopping = false
    private var thread: pthread_t?
    private let process: ([Work]) -> Void

    /// Prepares the thread; ``start()`` starts it. `process` runs on it only, one round at a time.
    init(process: @escaping ([Work]) -> Void) {
        self.process = process
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    /// Starts the thread; call once, right after init.
    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let created = pthread_create(&handle, nil, writerThreadEntry, context)
        precondition(created == 0, "cannot start the log writer thread (error \(created))")
        pthread_mutex_lock(mutex)
        thread = handle
        pthread_mutex_unlock(mutex)
    }

    fileprivate func run() { loop() }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues `work`; returns `false` (and drops nothing else) when the thread is stopping.
    func submit(_ work: Work) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !stopping else { return false }
        queue.append(work)
        pthread_cond_signal(condition)
        return true
    }

    /// Processes what is queued, then ends the thread and waits for it.
    func stop() {
        pthread_mutex_lock(mutex)
        let handle = thread
        thread = nil
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        if let handle { pthread_join(handle, nil) }
    }

    private func loop() {
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            let round = queue
            queue.removeAll(keepingCapacity: true)
            let done = stopping && round.isEmpty
            pthread_mutex_unlock(mutex)
            if done { return }
            process(round)
        }
    }
}

/// The writer thread's entry point: runs the loop of the ``WriterThread`` passed (retained) as context.
private func writerThreadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let writer = Unmanaged<AnyObject>.fromOpaque(context!).takeRetainedValue()
    (writer as? any WriterLoop)?.runLoop()
    return nil
}

/// Type-erased access to a writer's loop for the C entry point.
private protocol WriterLoop { func runLoop() }

extension WriterThread: WriterLoop {
    fileprivate func runLoop() { run() }
}
