import Foundation

/// okrctl running in the background with its output collected as it arrives (`log --follow`),
/// killed with SIGKILL when ``stop()`` is called: children of the test runner inherit a signal
/// mask with SIGTERM blocked.
final class Follower {
    private let process = Process()
    private let output = Pipe()
    /// What okrctl printed so far.
    let received = ReceivedText()

    /// Starts okrctl with `arguments`, and `environment` added to the test runner's.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: DaemonProcess.okrctl)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        let received = received
        output.fileHandleForReading.readabilityHandler = { handle in received.append(handle.availableData) }
        try process.run()
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        DaemonProcess.waitForExit(process)
        output.fileHandleForReading.readabilityHandler = nil
    }
}
