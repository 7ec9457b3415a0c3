import Foundation
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

/// ANSI styles, applied only when colour is enabled.
struct Style: Sendable {
    let enabled: Bool

    static let current = Style(enabled: Terminal.colourEnabled)

    func apply(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { apply("1", text) }
    func dim(_ text: String) -> String { apply("2", text) }
    func green(_ text: String) -> String { apply("32", text) }
    func yellow(_ text: String) -> String { apply("33", text) }
    func red(_ text: String) -> String { apply("31", text) }
}

