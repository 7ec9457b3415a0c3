import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUIDs for new events, cut from a buffer refilled from `/dev/urandom` 256 UUIDs
/// at a time.
///
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every UUID: a fifth of okrd's
/// time in bulk ingest (BENCHMARKS.md). The bytes come from the same kernel source.
struct RandomUUIDs: ~Copyable {
    private var buffer = [UInt8](repeating: 0, count: 4096)
    private var offset = 4096

    mutating func next() -> UUID {
        if offset == buffer.count { refill() }
        defer { offset += 16 }
        return buffer.withUnsafeBytes { bytes in
            var uuid = bytes.loadUnaligned(fromByteOffset: offset, as: uuid_t.self)
            uuid.6 = uuid.6 & 0x0F | 0x40   // version 4
            uuid.8 = uuid.8 & 0x3F | 0x80   // RFC 4122 variant
            return UUID(uuid: uuid)
        }
    }

    private mutating func refill() {
        let filled = buffer.withUnsafeMutableBytes { bytes -> Bool in
            let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            var filled = 0
            while filled < bytes.count {
                let count = read(descriptor, bytes.baseAddress! + filled, bytes.count - filled)
                if count > 0 {
                    filled += count
                } else if count == 0 || errno != EINTR {
                    return false
                }
            }
            return true
        }
        if !filled {
            // Without /dev/urandom (a sandbox), the standard library's generator (getrandom).
            var generator = SystemRandomNumberGenerator()
            for index in buffer.indices { buffer[index] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        offset = 0
    }
}
