/// Metric observations to append, held flat: every row's text in one shared byte buffer and its
/// numbers beside it, without a `String`, a ``NewEvent`` or an ``EventPayload`` for each row.
///
/// This is how `observe` reaches the log (a CSV import sends batches of thousands). Each row is
/// the event `MetricObserved(metric, value, source, key)`, at its time (`nil`: when recorded),
/// with `key` as its idempotency key: what ``event(at:)`` builds, and appending a batch stores
/// exactly what appending those events would, byte for byte, at a fraction of the cost.
public struct ObservationBatch: Sendable {
    /// One observation; its text fields are ranges of ``text``.
    struct Row: Sendable {
        /// The metric's number in ``metrics`` (``metric(of:)`` is its text).
        var metricNumber: Int32
        var value: Double
        /// `nil`: when recorded.
        var effectiveAt: Instant?
        var source: Range<Int>?
        var key: Range<Int>?

        /// Whether, in a batch that ``identifiesByContent``, the row is identified by its content:
        /// it has a time and no key.
        var isIdentifiedByContent: Bool { key == nil && effectiveAt != nil }
    }

    /// The Unix user sending the batch: every row's actor.
    public let actor: String
    /// The UTF-8 text of every row's fields, back to back.
    private(set) var text: [UInt8] = []
    private(set) var rows: [Row] = []
    /// Whether any row has an idempotency key.
    private(set) var hasKeys = false
    /// Whether a row with a time and no key is identified by its content: one that repeats an
    /// observation of the same metric at the same time with the same value, in the log or earlier
    /// in the batch, is not appended again (its answer is the original's seq). What
    /// `okrctl observe --file` asks for, so that re-running a file appends nothing twice.
    public var identifiesByContent = false
    /// The distinct metrics, numbered.
    private(set) var metrics = MetricNumbering()

    public init(actor: String, capacity: Int = 0) {
        self.actor = actor
        rows.reserveCapacity(capacity)
        text.reserveCapacity(capacity * 24)
    }

    /// The number of observations.
    public var count: Int { rows.count }

    public var isEmpty: Bool { rows.isEmpty }

    /// Adds one observation. The text must be valid UTF-8; the caller has checked the fields.
    public mutating func add(metric: UnsafeRawBufferPointer, value: Double, at: Instant?,
                             source: UnsafeRawBufferPointer?, key: UnsafeRawBufferPointer?) {
        let lookup = text.withUnsafeBytes { metrics.find(metric, in: $0) }
        let number: Int32
        if case .numbered(let earlier) = lookup {
            number = earlier
        } else {
            number = metrics.add(store(metric), as: lookup)
        }
        let source = source.map { store($0) }
        let key = key.map { store($0) }
        rows.append(Row(metricNumber: number, value: value, effectiveAt: at, source: source, key: key))
        if key != nil { hasKeys = true }
    }

    /// Adds one observation given as strings.
    public mutating func add(metric: String, value: Double, at: Instant?, source: String?, key: String?) {
        var metric = metric
        var source = source
        var key = key
        metric.withUTF8 { metric in
            Self.withOptionalUTF8(&source) { source in
                Self.withOptionalUTF8(&key) { key in
                    add(metric: UnsafeRawBufferPointer(metric), value: value, at: at, source: source, key: key)
                }
            }
        }
    }

    /// Row `index` as the event it appends.
    public func event(at index: Int) -> NewEvent {
        let row = rows[index]
        let key = row.key.map(string)
        return NewEvent(.metricObserved(MetricObserved(metric: string(metric(of: row)), value: row.value,
                                                       source: row.source.map(string), key: key)),
                        effectiveAt: row.effectiveAt,
                        actor: actor, idempotencyKey: key)
    }

    /// Where `row`'s metric is in ``text`` (its first appearance: rows of one metric share it).
    func metric(of row: Row) -> Range<Int> { metrics.ranges[Int(row.metricNumber)] }

    /// The text at `range` as a string.
    func string(_ range: Range<Int>) -> String { String(decoding: text[range], as: UTF8.self) }

    /// Whether row `index` repeats row `earlier`: the same metric, value, source and time (both
    /// given and equal, or both "when recorded"), as their events' payloads and times compare.
    func rowsMatch(_ index: Int, _ earlier: Int) -> Bool {
        let (row, other) = (rows[index], rows[earlier])
        func same(_ a: Range<Int>?, _ b: Range<Int>?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return text[a].elementsEqual(text[b])
        }
        return row.value == other.value && row.effectiveAt == other.effectiveAt
            && row.metricNumber == other.metricNumber && same(row.source, other.source)
    }

    private mutating func store(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        let start = text.count
        text.append(contentsOf: bytes)
        return start..<text.count
    }

    private static func withOptionalUTF8<T>(_ string: inout String?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard string != nil else { return body(nil) }
        return string!.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
