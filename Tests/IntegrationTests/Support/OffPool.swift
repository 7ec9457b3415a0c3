import Foundation

/// Runs blocking work (a process to wait for, seconds of okrctl calls) on a thread of its own and
/// awaits it, so that a test does not hold one of the few threads the tests beside it share.
/// The caller awaits the work before touching what it captured again, hence the unchecked box.
func offPool<T>(_ work: @escaping () throws -> T) async throws -> T {
    let job = UncheckedBox(value: work)
    let outcome: UncheckedBox<Result<T, any Error>> = await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: UncheckedBox(value: Result { try job.value() })) }
    }
    return try outcome.value.get()
}

/// Carries a value to the thread that ``offPool(_:)`` starts and back.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
}
