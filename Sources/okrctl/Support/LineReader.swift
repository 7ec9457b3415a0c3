#if canImport(Glibc)
import Glibc
#endif

/// Reads a file (or standard input for `-`) line by line as bytes, without loading it whole.
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// The 1-based number of the line last read.
    private(set) var lineNumber = 0
    /// Bytes read so far.
    private(set) var bytesRead = 0
    /// The file's size when it is a regular file (for a progress bar); `nil` for a pipe.
    private(set) var totalBytes: Int?

    init(path: String) throws {
        if path == "-" {
            file = fdopen(STDIN_FILENO, "r")!
            ownsFile = false
        } else {
            guard let opened = fopen(path, "r") else {
                throw CLIError.usage("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            file = opened
            ownsFile = true
        }
        var info = stat()
        if fstat(fileno(file), &info) == 0, info.st_mode & S_IFMT == S_IFREG { totalBytes = Int(info.st_size) }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line's bytes without its line ending (`\n` or `\r\n`), or `nil` at the end. The
    /// bytes are valid until the next call.
    func next() -> UnsafeRawBufferPointer? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        lineNumber += 1
        bytesRead += length
        var count = length
        while count > 0, buffer[count - 1] == 10 || buffer[count - 1] == 13 { count -= 1 }
        return UnsafeRawBufferPointer(start: buffer, count: count)
    }
}
