// The baseline for okrctl's start-up (BENCHMARKS.md, figure 3): import Foundation, do nothing.
import Foundation

_ = ProcessInfo.processInfo.processIdentifier
