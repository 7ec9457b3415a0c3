import OKREvents

/// Writes `observe` requests straight into bytes, one observation at a time: okrctl's CSV import
/// sends a million rows without building an ``Observation`` or running an encoder for each.
///
/// Observations accumulate as JSON objects; ``requestLine(id:observations:)`` frames any run of
/// them as one request, so a rejected batch can be re-sent row by row from the same bytes.
public struct ObserveRequestWriter {
    /// The observation objects, back to back.
    private var objects: [UInt8] = []
    /// Where each object ends in `objects`.
    private var ends: [Int] = []

    /// Whether requests ask the daemon to identify an observation with a time and no key by its
    /// content (``ObserveParams/identifyByContent``).
    public var identifyByContent: Bool

    public init(identifyByContent: Bool = false) {
        self.identifyByContent = identifyByContent
    }

    /// How many observations are held.
    public var count: Int { ends.count }

    /// The longest a request line carrying all of them can be (whatever its id).
    public var lineLength: Int {
        Self.opening.count + 20 + Self.prefix.count + objects.count + ends.count + Self.byContent.count + Self.suffix.count
    }

    /// Appends one observation. The text arguments must be valid UTF-8 and `value` finite.
    public mutating func add(metric: some Collection<UInt8>, value: Double, at: Instant?,
                             source: (some Collection<UInt8>)?, key: (some Collection<UInt8>)?) {
        // Generic callers in other modules run unspecialised code: hand them to the byte-buffer
        // form, which this module compiles for its one concrete type.
        Array(metric).withUnsafeBytes { metric in
            withBytes(source.map { Array($0) }) { source in
                withBytes(key.map { Array($0) }) { key in
                    add(metric: metric, value: value, at: at, source: source, key: key)
                }
            }
        }
    }

    /// Appends one observation from bytes: the form okrctl's CSV import calls for every row.
    /// The text arguments must be valid UTF-8 and `value` finite.
    public mutating func add(metric: UnsafeRawBufferPointer, value: Double, at: Instant?,
                             source: UnsafeRawBufferPointer?, key: UnsafeRawBufferPointer?) {
        precondition(value.isFinite, "observations carry finite values")
        objects.append(contentsOf: #"{"metric":"#.utf8)
        objects.appendJSONString(bytes: metric)
        objects.append(contentsOf: #","value":"#.utf8)
        try! objects.appendJSONNumber(value)
        if let at {
            objects.append(contentsOf: #","at":""#.utf8)
            at.appendRFC3339(to: &objects)
            objects.append(UInt8(ascii: "\""))
        }
        if let source {
            objects.append(contentsOf: #","source":"#.utf8)
            objects.appendJSONString(bytes: source)
        }
        if let key {
            objects.append(contentsOf: #","key":"#.utf8)
            objects.appendJSONString(bytes: key)
        }
        objects.append(UInt8(ascii: "}"))
        ends.append(objects.count)
    }

    private func withBytes<T>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }

    /// One request line (newline included) carrying the observations at `range` of those held.
    public func requestLine(id: Int64, observations range: Range<Int>) -> [UInt8] {
        var line: [UInt8] = []
        let start = range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1]
        let end = range.isEmpty ? start : ends[range.upperBound - 1]
        line.reserveCapacity(Self.prefix.count + end - start + range.count + Self.byContent.count + Self.suffix.count + 24)
        line.append(contentsOf: Self.opening)
        line.append(contentsOf: String(id).utf8)
        line.append(contentsOf: Self.prefix)
        var objectStart = start
        for index in range {
            if index != range.lowerBound { line.append(UInt8(ascii: ",")) }
            line.append(contentsOf: objects[objectStart..<ends[index]])
            objectStart = ends[index]
        }
        if identifyByContent {
            line.append(contentsOf: Self.byContent)
        } else {
            line.append(UInt8(ascii: "]"))
        }
        line.append(contentsOf: Self.suffix)
        return line
    }

    /// Forgets every observation held.
    public mutating func removeAll() {
        objects.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    private static let opening = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    private static let prefix = Array(#","method":"observe","params":{"observations":["#.utf8)
    private static let byContent = Array(#"],"identifyByContent":true"#.utf8)
    private static let suffix = Array("}}\n".utf8)
}
