import OKREvents

/// `observe` is the one request that arrives by the million (cron feeds, `okrctl observe --file`):
/// its params are read straight from the request bytes. Anything unusual is left to Foundation's
/// decoder, so errors read exactly as for every other method.
extension ObserveParams: ScannableParams {
    /// The params read straight from the request's bytes; `nil` when they are not in the shape
    /// `observe` takes (then Foundation's decoder says why).
    public static func scan(_ scanner: inout JSONScanner) -> ObserveParams? {
        // Either `{"observations": [...]}` (other members ignored, as the Codable form does) or one
        // observation's own members.
        var batch: [Observation]?
        var identifyByContent: Bool?
        var single = Observation.Fields()
        let read = scanner.members { scanner, key in
            if key.elementsEqual("observations".utf8) {
                guard batch == nil else { return false }  // repeated: Foundation decides
                var observations: [Observation] = []
                let valid = scanner.elements { scanner in
                    guard let observation = Observation.scan(&scanner) else { return false }
                    observations.append(observation)
                    return true
                }
                batch = observations
                return valid
            }
            if key.elementsEqual("identifyByContent".utf8) {
                guard identifyByContent == nil else { return false }  // repeated: Foundation decides
                identifyByContent = scanner.bool()
                return identifyByContent != nil
            }
            return single.read(key, from: &scanner)
        }
        guard read else { return nil }
        if let batch { return ObserveParams(observations: batch, identifyByContent: identifyByContent ?? false) }
        return single.observation.map { ObserveParams(observations: [$0]) }
    }
}

extension Observation {
    /// Reads one observation object; `nil` to leave it to Foundation.
    static func scan(_ scanner: inout JSONScanner) -> Observation? {
        var fields = Fields()
        guard scanner.members({ scanner, key in fields.read(key, from: &scanner) }) else { return nil }
        return fields.observation
    }

    /// The members of an observation as they are read.
    struct Fields {
        var metric: String?
        var value: Double?
        var at: Instant?
        var source: String?
        var key: String?
        /// The members read so far (a bit each), to give up on a repeated one.
        private var seen: UInt8 = 0

        /// The observation, when its required members were there.
        var observation: Observation? {
            guard let metric, let value else { return nil }
            return Observation(metric: metric, value: value, at: at, source: source, key: key)
        }

        /// Reads the value of member `name`; unknown members are skipped, as by the Codable form.
        mutating func read(_ name: UnsafeRawBufferPointer, from scanner: inout JSONScanner) -> Bool {
            switch name.count {
            case 6 where name.elementsEqual("metric".utf8):
                guard first(1) else { return false }
                metric = scanner.string()
                return metric != nil
            case 5 where name.elementsEqual("value".utf8):
                guard first(2) else { return false }
                value = scanner.double()
                return value != nil
            case 2 where name.elementsEqual("at".utf8):
                guard first(4) else { return false }
                if scanner.consumeNull() { return true }
                guard let text = scanner.plainStringBytes(), let instant = Instant(rfc3339: text) else { return false }
                at = instant
                return true
            case 6 where name.elementsEqual("source".utf8):
                guard first(8) else { return false }
                return Self.optionalString(&source, &scanner)
            case 3 where name.elementsEqual("key".utf8):
                guard first(16) else { return false }
                return Self.optionalString(&key, &scanner)
            default:
                return scanner.skipValue(depth: 1)
            }
        }

        /// Marks member `bit` read; `false` when it was read before (Foundation decides repeats).
        private mutating func first(_ bit: UInt8) -> Bool {
            defer { seen |= bit }
            return seen & bit == 0
        }

        private static func optionalString(_ target: inout String?, _ scanner: inout JSONScanner) -> Bool {
            if scanner.consumeNull() { return true }
            target = scanner.string()
            return target != nil
        }
    }
}
