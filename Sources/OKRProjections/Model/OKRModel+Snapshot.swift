import OKREvents
import struct FoundationEssentials.UUID

/// Why a stored snapshot was not used.
public struct SnapshotError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A projection snapshot: the model written down so that a start-up replays only the events
/// after it.
///
/// Layout (all integers little-endian, as ``ByteWriter`` writes them):
///
/// | field | |
/// |---|---|
/// | magic | `OKRS` |
/// | snapshot format | u16 (2) |
/// | projection version | u16, ``OKRModel/projectionVersion`` |
/// | seq covered | u64 |
/// | CRC-32C of everything after this field | u32 |
/// | events | varint count, then per event: seq u64, varint length, the event's stored record |
/// | metrics | varint count, then per metric: name, and where it stood (3 × 8 bytes, ``HistoryMemo/State``) |
/// | remembered sums | varint count, then per ``HistoryMemo`` entry: its key, state, latest recording, sums |
///
/// Everything but observations is kept as the events that made it (re-applied in seq order on
/// load, so the fold that loads is the fold that wrote). Observations are not in it at all: the
/// log's own `metric-day` and `metric-time` indexes hold them, so the snapshot's size follows the
/// OKR set, not the history (format 1 carried a summary per metric and day). A loaded model
/// therefore reads its observations from a source. What it keeps is the memo of whole-day sums,
/// with the per-metric state that says when they go stale, so the first `status` after a start
/// does not read every day of every metric again. The events after the snapshot must then be
/// applied, observations included, for that state to follow them.
extension OKRModel {
    /// The version of the fold. Bump it whenever `fold` or the records change meaning: a snapshot
    /// written by another version is discarded and the log replayed.
    public static let projectionVersion: UInt16 = 5
    static let snapshotMagic: [UInt8] = Array("OKRS".utf8)
    static let snapshotFormat: UInt16 = 2
    static let snapshotHeaderSize = 4 + 2 + 2 + 8 + 4
    /// Rebuilt events carry no id of their own: nothing in the model reads it.
    static let snapshotEventID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The model as snapshot bytes.
    ///
    /// For a model with a source, ``prepareSnapshot(now:)`` first makes the snapshot carry what
    /// the first `status` after a restart will ask.
    public func snapshot() -> [UInt8] {
        var body = ByteWriter(capacity: 1 << 16)
        let events = recordedEvents()
        body.writeVarint(UInt64(events.count))
        for event in events {
            body.write(event.seq)
            let record = EventRecord.encode(event)
            body.writeVarint(UInt64(record.count))
            body.writeRaw(record)
        }
        // Metric states matter only beside a memo; a model that keeps its observations has none.
        let states = memo == nil ? [] : metrics.sorted { $0.key < $1.key }
        body.writeVarint(UInt64(states.count))
        for (name, history) in states {
            body.write(name)
            history.state.write(to: &body)
        }
        if let memo { memo.write(to: &body) } else { body.writeVarint(0) }
        var header = ByteWriter(capacity: Self.snapshotHeaderSize + body.bytes.count)
        header.writeRaw(Self.snapshotMagic)
        header.write(Self.snapshotFormat)
        header.write(Self.projectionVersion)
        header.write(lastSeq)
        header.write(CRC32C.checksum(body.bytes))
        header.writeRaw(body.bytes)
        return header.bytes
    }

    /// Asks once what a default `status` at `now` asks of the observations, and what `status` of
    /// each cycle not yet closed asks, so that the answers are remembered (``HistoryMemo``) when
    /// the snapshot is taken, and a restarted daemon's first `status` does not read every day of
    /// every metric from the log. (With a year beside its quarters the default can be the year
    /// alone, whose objectives score from their children without forecasts, while people ask
    /// for their quarter.) Cheap when they already are.
    public func prepareSnapshot(now: Instant) {
        guard memo != nil else { return }
        let perspective = Perspective(at: now)
        // The default's cycles and the open ones, each asked once.
        var asked = Set<String>()
        let cycles = selectCycles(nil, perspective) + knownCycles(perspective).filter { !$0.closes.any(perspective) }
        for cycle in cycles where asked.insert(cycle.defined.definition.id).inserted {
            _ = answer(StatusQuery(perspective: perspective, cycle: cycle.defined.definition.id))
        }
    }

    /// The seq a snapshot covers, read from its header without decoding it.
    public static func snapshotSeq(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count >= snapshotHeaderSize else { return nil }
        var reader = ByteReader(bytes, offset: 8)
        return try? reader.readUInt64()
    }

    /// A model loaded from ``snapshot()`` bytes (read in place) that reads its observations
    /// from `source`. Throws when the bytes are damaged or were written by another
    /// projection version.
    public init(snapshot bytes: UnsafeRawBufferPointer, source: any ObservationSource) throws(SnapshotError) {
        self.init(source: source)
        try load(bytes)
    }

    /// ``init(snapshot:source:)`` from an array.
    public init(snapshot bytes: [UInt8], source: any ObservationSource) throws(SnapshotError) {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(SnapshotError) in try OKRModel(snapshot: buffer, source: source) } }
        self = try result.get()
    }

    private mutating func load(_ buffer: UnsafeRawBufferPointer) throws(SnapshotError) {
        do {
            guard buffer.count >= Self.snapshotHeaderSize, Array(buffer[0..<4]) == Self.snapshotMagic else {
                throw SnapshotError(description: "not a projection snapshot")
            }
            var reader = ByteReader(buffer, offset: 4)
            let format = try reader.readUInt16("format")
            let version = try reader.readUInt16("version")
            guard format == Self.snapshotFormat, version == Self.projectionVersion else {
                throw SnapshotError(description: "snapshot format \(format), projection version \(version); this build has \(Self.snapshotFormat), \(Self.projectionVersion)")
            }
            let seq = try reader.readUInt64("seq")
            let checksum = try reader.readUInt32("checksum")
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[Self.snapshotHeaderSize...])) == checksum else {
                throw SnapshotError(description: "the snapshot's checksum does not match")
            }
            let eventCount = try reader.readVarint("events")
            for _ in 0..<eventCount {
                let eventSeq = try reader.readUInt64("seq")
                let length = try reader.readVarint("length")
                fold(try EventRecord.decode(seq: eventSeq, try reader.readRaw(Int(length), "record")))
            }
            var loaded: [String: MetricHistory] = [:]
            for _ in 0..<(try reader.readVarint("metrics")) {
                let name = try reader.readString("metric")
                loaded[name] = MetricHistory(metric: name, state: try HistoryMemo.State(from: &reader))
            }
            restore(metrics: loaded)
            try memo?.read(from: &reader)
            guard reader.remaining == 0 else { throw SnapshotError(description: "\(reader.remaining) bytes after the snapshot's end") }
            advance(to: seq)
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(description: "the snapshot is damaged: \(error)")
        }
    }

    /// Every event the records hold, rebuilt, in seq order (observations excepted).
    func recordedEvents() -> [StoredEvent] {
        var rebuilt = RebuiltEvents()
        for cycle in cycles.values {
            rebuilt.add(cycle.defined.definition, cycle.defined.stamp)
            rebuilt.add(cycle.closes)
        }
        for northStar in northStars.values { rebuilt.add(northStar.definition, northStar.stamp) }
        for strategy in strategies.values { rebuilt.add(strategy.definition, strategy.stamp) }
        for objective in objectives.values { rebuilt.add(objective) }
        for keyResult in keyResults.values { rebuilt.add(keyResult) }
        for insight in insights.values {
            rebuilt.add(insight.defined.definition, insight.defined.stamp)
            rebuilt.add(insight.renewals)
            rebuilt.add(insight.expirations)
        }
        for (subject, timeline) in workItems {
            for entry in timeline.entries {
                let item = entry.value
                if item.linked {
                    rebuilt.add(WorkItemLinked(subject: subject, ref: item.ref, title: item.title), entry.stamp)
                } else {
                    rebuilt.add(WorkItemUnlinked(subject: subject, ref: item.ref), entry.stamp)
                }
            }
        }
        for timeline in people.values { rebuilt.add(timeline) }
        for hook in hooks.values { rebuilt.add(hook.definition, hook.stamp) }
        for kpi in kpis.values {
            rebuilt.add(kpi.defined.definition, kpi.defined.stamp)
            rebuilt.add(kpi.updates)
            rebuilt.add(kpi.retirements)
        }
        for (link, timeline) in metricLinks {
            for entry in timeline.entries {
                rebuilt.add(entry.value ?? MetricUnlinked(leading: link.leading, lagging: link.lagging) as any EventData, entry.stamp)
            }
        }
        rebuilt.add(rituals)
        rebuilt.add(calendarSets)
        rebuilt.events.sort { $0.seq < $1.seq }
        return rebuilt.events
    }
}

/// Events rebuilt from the model's records, each with its stamp.
private struct RebuiltEvents {
    var events: [StoredEvent] = []

    mutating func add(_ data: any EventData, _ stamp: Stamp, actor: String = "okrd") {
        events.append(StoredEvent(seq: stamp.seq, id: OKRModel.snapshotEventID, recordedAt: stamp.recordedAt,
                                  effectiveAt: stamp.effectiveAt, actor: actor, payload: EventPayload(data)))
    }

    mutating func add<Data: EventData>(_ timeline: Timeline<Data>) {
        for entry in timeline.entries { add(entry.value, entry.stamp) }
    }

    mutating func add(_ objective: ObjectiveRecord) {
        let id = objective.defined.definition.id
        add(objective.defined.definition, objective.defined.stamp)
        for entry in objective.checkIns.entries {
            let checkIn = entry.value
            add(CheckInRecorded(objective: id, confidence: checkIn.confidence, note: checkIn.note, author: checkIn.author, status: checkIn.status),
                entry.stamp, actor: checkIn.author)
        }
        add(objective.updates)
        add(objective.drops)
        for entry in objective.alignments.entries {
            switch entry.value {
            case .replaced: break  // folded from the ObjectiveUpdated the updates already carry
            case .aligned(let data): add(data, entry.stamp)
            case .unaligned(let data): add(data, entry.stamp)
            }
        }
    }

    mutating func add(_ keyResult: KeyResultRecord) {
        let id = keyResult.defined.definition.id
        add(keyResult.defined.definition, keyResult.defined.stamp)
        add(keyResult.updates)
        add(keyResult.retargets)
        add(keyResult.drops)
        add(keyResult.moves)
        add(keyResult.plans)
        for entry in keyResult.checkIns.entries {
            let checkIn = entry.value
            add(CheckInRecorded(kr: id, confidence: checkIn.confidence, note: checkIn.note, author: checkIn.author, status: checkIn.status),
                entry.stamp, actor: checkIn.author)
        }
    }

    mutating func add(_ rituals: Rituals) {
        for review in rituals.reviews.values { add(review.definition, review.stamp) }
        for timeline in rituals.retrospectives.values {
            for entry in timeline.entries { add(entry.value.data, entry.stamp, actor: entry.value.author) }
        }
        for initiative in rituals.initiatives.values {
            add(initiative.defined.definition, initiative.defined.stamp)
            add(initiative.closes)
        }
        for (seq, acknowledgements) in rituals.acknowledgements {
            for acknowledgement in acknowledgements {
                add(Acknowledged(seq: seq, note: acknowledgement.note), acknowledgement.stamp, actor: acknowledgement.by)
            }
        }
    }
}
