import OKREvents

/// `cycle.add`: define a cycle of inclusive UTC days.
public struct CycleAddParams: Codable, Hashable, Sendable {
    public var id: String
    public var start: CalendarDay
    public var end: CalendarDay
    public var name: String?
    public init(id: String, start: CalendarDay, end: CalendarDay, name: String? = nil) {
        self.id = id; self.start = start; self.end = end; self.name = name
    }
}

/// `cycle.plan` (SPEC §15): fiscal year `year` (`2027` or `FY2027`) and its quarters (and with
/// `months` its months) as cycles, cut by `pattern` (`quarters`, `4-4-5`, `4-5-4`, `5-4-4`).
public struct CyclePlanParams: Codable, Hashable, Sendable {
    public var year: String
    public var pattern: String
    public var prefix: String?
    public var months: Bool?
    public init(year: String, pattern: String, prefix: String? = nil, months: Bool? = nil) {
        self.year = year; self.pattern = pattern; self.prefix = prefix; self.months = months
    }
}

/// `northstar.add`.
public struct NorthStarAddParams: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var metric: String
    public var description: String?
    public init(id: String, name: String, metric: String, description: String? = nil) {
        self.id = id; self.name = name; self.metric = metric; self.description = description
    }
}

/// `strategy.add`.
public struct StrategyAddParams: Codable, Hashable, Sendable {
    public var id: String
    public var northStar: String
    public var statement: String
    public init(id: String, northStar: String, statement: String) {
        self.id = id; self.northStar = northStar; self.statement = statement
    }
}

/// `objective.add`; `id` is assigned (`O-1`, …) when absent.
public struct ObjectiveAddParams: Codable, Hashable, Sendable {
    public var title: String
    public var cycle: String
    public var team: String
    public var id: String?
    /// One parent at weight 1 (the form before weighted parents); put before ``parents``.
    public var parent: String?
    /// Parents in any cycle, each with a weight in (0, 1000] (default 1).
    public var parents: [ObjectiveParentParam]?
    public var strategy: String?
    public var kind: ObjectiveKind?
    /// A person id (`person.set`).
    public var owner: String?
    /// Where its score comes from (default `krs`).
    public var progress: ProgressSource?
    public init(title: String, cycle: String, team: String, id: String? = nil, parent: String? = nil,
                strategy: String? = nil, kind: ObjectiveKind? = nil, owner: String? = nil,
                parents: [ObjectiveParentParam]? = nil, progress: ProgressSource? = nil) {
        self.title = title; self.cycle = cycle; self.team = team; self.id = id
        self.parent = parent; self.strategy = strategy; self.kind = kind; self.owner = owner
        self.parents = parents; self.progress = progress
    }

    /// Every parent asked for: `parent` at weight 1, then `parents`.
    public var allParents: [ObjectiveParentParam] {
        (parent.map { [ObjectiveParentParam(id: $0)] } ?? []) + (parents ?? [])
    }
}

/// A parent as a request gives it: the weight may be left out (1).
public struct ObjectiveParentParam: Codable, Hashable, Sendable {
    public var id: String
    public var weight: Double?
    public init(id: String, weight: Double? = nil) { self.id = id; self.weight = weight }

    /// `ID` or `ID:WEIGHT`, as `--parent` takes it; `nil` when the weight is not a number.
    public init?(argument: String) {
        guard let colon = argument.lastIndex(of: ":") else {
            self.init(id: argument)
            return
        }
        guard let weight = Double(argument[argument.index(after: colon)...]) else { return nil }
        self.init(id: String(argument[..<colon]), weight: weight)
    }
}

/// `objective.drop` and `kr.drop`.
public struct DropParams: Codable, Hashable, Sendable {
    public var id: String
    public var reason: String
    public var at: Instant?
    public init(id: String, reason: String, at: Instant? = nil) { self.id = id; self.reason = reason; self.at = at }
}

/// `kr.add`; `id` is assigned (`KR-1`, …) when absent; `target` may be left out for a milestone.
public struct KeyResultAddParams: Codable, Hashable, Sendable {
    public var title: String
    public var objective: String
    public var metric: String
    public var target: Double?
    public var baseline: Double?
    public var kind: KeyResultKind?
    public var unit: String?
    public var level: KeyResultLevel?
    public var indicator: Indicator?
    public var weight: Double?
    public var id: String?
    /// A person id; absent: the objective's owner.
    public var owner: String?
    /// Absent: the objective's team.
    public var team: String?
    public init(title: String, objective: String, metric: String, target: Double?, baseline: Double? = nil,
                kind: KeyResultKind? = nil, unit: String? = nil, level: KeyResultLevel? = nil,
                indicator: Indicator? = nil, weight: Double? = nil, id: String? = nil, owner: String? = nil, team: String? = nil) {
        self.title = title; self.objective = objective; self.metric = metric; self.target = target
        self.baseline = baseline; self.kind = kind; self.unit = unit; self.level = level
        self.indicator = indicator; self.weight = weight; self.id = id; self.owner = owner; self.team = team
    }
}

/// `kr.retarget`.
public struct RetargetParams: Codable, Hashable, Sendable {
    public var id: String
    public var target: Double
    public var reason: String
    public var at: Instant?
    public init(id: String, target: Double, reason: String, at: Instant? = nil) {
        self.id = id; self.target = target; self.reason = reason; self.at = at
    }
}

/// `checkin`. `key` is an idempotency key, as an observation's is: a retry with the same key and
/// content appends nothing and answers with the first check-in's seq (`duplicate: true`).
public struct CheckInParams: Codable, Hashable, Sendable {
    public var kr: String
    /// 0–10; a check-in needs at least one of `confidence`, `status` and `note`.
    public var confidence: Int?
    public var note: String?
    public var at: Instant?
    public var key: String?
    public var status: CheckInStatus?
    public init(kr: String, confidence: Int?, note: String? = nil, at: Instant? = nil, key: String? = nil, status: CheckInStatus? = nil) {
        self.kr = kr; self.confidence = confidence; self.note = note; self.at = at; self.key = key; self.status = status
    }

    /// Reads `confidence` as a number and then checks it is whole: Foundation's decoder says only
    /// "not valid JSON" of `5.5` read as an `Int`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kr = try container.decode(String.self, forKey: .kr)
        if let number = try container.decodeIfPresent(Double.self, forKey: .confidence) {
            guard number.rounded() == number, abs(number) <= 1e15 else {
                throw DecodingError.dataCorruptedError(forKey: .confidence, in: container,
                                                       debugDescription: "must be a whole number from 0 to 10, not \(number)")
            }
            confidence = Int(number)
        } else {
            confidence = nil
        }
        status = try container.decodeIfPresent(CheckInStatus.self, forKey: .status)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        at = try container.decodeIfPresent(Instant.self, forKey: .at)
        key = try container.decodeIfPresent(String.self, forKey: .key)
    }
}

/// `insight.add`; `id` is assigned (`I-1`, …) when absent; without `expires` the insight lives
/// for the configured default lifetime (`insights.default_lifetime_days`, 90 days).
public struct InsightAddParams: Codable, Hashable, Sendable {
    public var subject: String
    public var text: String
    public var expires: Instant?
    public var evidence: String?
    public var id: String?
    public init(subject: String, text: String, expires: Instant?, evidence: String? = nil, id: String? = nil) {
        self.subject = subject; self.text = text; self.expires = expires; self.evidence = evidence; self.id = id
    }
}

/// `insight.renew`.
public struct InsightRenewParams: Codable, Hashable, Sendable {
    public var id: String
    public var expires: Instant
    public var evidence: String?
    public init(id: String, expires: Instant, evidence: String? = nil) {
        self.id = id; self.expires = expires; self.evidence = evidence
    }
}

/// `cycle.close`.
public struct CycleCloseParams: Codable, Hashable, Sendable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// `link` and `unlink`: a backlog item (`JIRA-123`) and the key result or objective it serves.
public struct LinkParams: Codable, Hashable, Sendable {
    public var subject: String
    public var ref: String
    public var title: String?
    public init(subject: String, ref: String, title: String? = nil) { self.subject = subject; self.ref = ref; self.title = title }
}

/// `apply`: an OKR file (TOML text) to bring the log in line with; `dryRun` only plans.
public struct ApplyParams: Codable, Hashable, Sendable {
    public var document: String
    /// A name for the file, quoted in reasons and errors.
    public var name: String?
    public var dryRun: Bool?
    public init(document: String, name: String? = nil, dryRun: Bool? = nil) { self.document = document; self.name = name; self.dryRun = dryRun }
}

/// `backup`: a directory on the daemon's machine (created; it must not hold a `data.mdb` yet).
public struct BackupParams: Codable, Hashable, Sendable {
    public var destination: String
    public init(destination: String) { self.destination = destination }
}
