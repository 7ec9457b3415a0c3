import Foundation

/// The sizes of the fault and abuse tests: a short form for `make test` (CI) and a long form for
/// `make torture`, which sets `OKR_TORTURE=long`.
enum Torture {
    static var isLong: Bool { ProcessInfo.processInfo.environment["OKR_TORTURE"] == "long" }

    /// `short` normally, `long` under `make torture`.
    static func iterations(short: Int, long: Int) -> Int { isLong ? long : short }
}
