import Glibc

/// Gives the C heap's free pages back to the system.
///
/// A replay or a snapshot allocates megabytes that are freed at once; glibc keeps freed memory
/// in its arenas (and raises its mmap threshold after the first large free), so without a trim
/// the daemon's resident size would stay at its start-up peak rather than at what the
/// projection holds (BENCHMARKS.md, figure 6).
enum FreeMemory {
    /// glibc's `malloc_trim` (declared in `<malloc.h>`, which the Glibc module leaves out);
    /// `nil` on a C library without it.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    static func returnToSystem() {
        _ = mallocTrim?(0)
    }
}
