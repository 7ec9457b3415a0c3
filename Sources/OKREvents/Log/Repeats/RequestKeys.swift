
/// The idempotency keys of one request, in one byte buffer: each entry's key as a range of it
/// (`nil`: no key). Both append paths build one — events copy their keys in, a batch lends its
/// own text — and share the lookup and the recording below.
struct RequestKeys {
    let text: [UInt8]
    let ranges: [Range<Int>?]

    /// The keys of `events`, copied into one buffer.
    init(_ events: [NewEvent]) {
        var text: [UInt8] = []
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(events.count)
        for event in events {
            guard let key = event.idempotencyKey else {
                ranges.append(nil)
                continue
            }
            let start = text.count
            text.append(contentsOf: key.utf8)
            ranges.append(start..<text.count)
        }
        self.init(text: text, ranges: ranges)
    }

    init(text: [UInt8], ranges: [Range<Int>?]) {
        self.text = text
        self.ranges = ranges
    }
}
