import Foundation
import OKRPages
#if canImport(Glibc)
import Glibc
#endif

/// What the terminal allows: colour only on a TTY, never with `NO_COLOR`, never on a dumb terminal.
enum Terminal {
    static let environment = ProcessInfo.processInfo.environment

    static var colourEnabled: Bool {
        isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    /// Prints to standard error.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

extension Style {
    /// Colour when this process's standard output may have it.
    static let current = Style(enabled: Terminal.colourEnabled)
}
