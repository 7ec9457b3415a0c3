import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Splits the byte stream into lines (without the `\n`; a trailing `\r` is dropped too) and
/// refuses any line longer than `limit` bytes, whether or not its newline has arrived.
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The connection sent a line over the limit.
    struct LineTooLong: Error {}

    let limit: Int
    /// How many of the readable bytes are known to hold no newline: a megabyte line arrives in
    /// many reads, and searching it from its start after each was quadratic (BENCHMARKS.md).
    private var searched = 0

    init(limit: Int) { self.limit = limit }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let from = searched
        let found = buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count > from, let hit = memchr(bytes.baseAddress! + from, 0x0A, bytes.count - from) else { return nil }
            return UnsafeRawPointer(hit) - bytes.baseAddress!
        }
        guard let length = found else {
            searched = buffer.readableBytes
            if buffer.readableBytes > limit { throw LineTooLong() }
            return .needMoreData
        }
        searched = 0
        guard length <= limit else { throw LineTooLong() }
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") { line = line.getSlice(at: line.readerIndex, length: length - 1)! }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A final line without a newline still counts as a request.
        if try decode(context: context, buffer: &buffer) == .continue { return .continue }
        if buffer.readableBytes > 0, seenEOF {
            let line = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(Self.wrapInboundOut(line))
        }
        return .needMoreData
    }
}
