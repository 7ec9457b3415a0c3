import Foundation
import Synchronization

/// The okrd processes the tests have started and not yet stopped. Whatever is still running
/// when the test process ends is killed: at a normal exit by an `atexit` handler, and however
/// the test process ends (a crash, a trap, a timeout's SIGKILL) by a reaper, a small shell
/// process started with the first daemon that waits for the test process to go and then kills
/// every pid still listed in its file. So no test run leaves a daemon behind on the machine.
enum LiveDaemons {
    private static let pids = Mutex<Set<Int32>>([])
    /// The file the reaper reads: one pid a line, rewritten on every start and stop.
    private static let listPath = NSTemporaryDirectory() + "okr-test-daemons-\(getpid())"
    private static let setUp: Void = {
        atexit {
            for pid in LiveDaemons.pids.withLock({ $0 }) { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(atPath: LiveDaemons.listPath)
        }
        let reaper = Process()
        reaper.executableURL = URL(fileURLWithPath: "/bin/sh")
        reaper.arguments = ["-c", """
            while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
            [ -f "$2" ] && xargs -r kill -9 < "$2" 2>/dev/null
            rm -f "$2"
            """, "okr-test-reaper", String(getpid()), listPath]
        reaper.standardInput = FileHandle.nullDevice
        reaper.standardOutput = FileHandle.nullDevice
        reaper.standardError = FileHandle.nullDevice
        try? reaper.run()
    }()

    static func started(_ pid: Int32) {
        _ = setUp
        pids.withLock {
            _ = $0.insert(pid)
            write($0)
        }
    }

    static func stopped(_ pid: Int32) {
        pids.withLock {
            _ = $0.remove(pid)
            write($0)
        }
    }

    private static func write(_ pids: Set<Int32>) {
        try? pids.map(String.init).joined(separator: "\n").appending("\n").write(toFile: listPath, atomically: true, encoding: .utf8)
    }
}
