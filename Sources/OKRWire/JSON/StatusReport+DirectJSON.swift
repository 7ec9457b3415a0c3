import OKREvents
import OKRProjections

// `status` answers written directly: 500 key results made the container-based encoder the
// largest cost of the request (BENCHMARKS.md). Members are listed in sorted key order (UTF-8
// bytes, as Foundation sorts them); CompactJSONEncoderTests compares the bytes with Foundation's.

extension StatusReport: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("asOf", asOf)
            try json.field("cycles", cycles)
            try json.field("knownAt", knownAt)
        }
    }
}

extension CycleStatus: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("alignment", alignment)
            try json.field("end", end)
            try json.field("expected", expected)
            try json.field("id", id)
            try json.field("name", name)
            try json.field("objectives", objectives)
            try json.field("start", start)
        }
    }
}

extension ObjectiveStatus: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("carriedFrom", carriedFrom)
            try json.field("confidence", confidence)
            try json.field("id", id)
            json.field("kind", kind)
            try json.field("krs", krs)
            try json.field("lowestConfidence", lowestConfidence)
            try json.field("owner", owner)
            try json.field("parent", parent)
            try json.field("parents", parents)
            json.field("progressFrom", progressFrom)
            try json.field("score", score)
            try json.field("strategy", strategy)
            try json.field("team", team)
            try json.field("title", title)
        }
    }
}

extension KeyResultStatus: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("baseline", baseline)
            try json.field("checkInAt", checkInAt)
            json.field("checkInStatus", checkInStatus)
            try json.field("confidence", confidence)
            try json.field("confidenceAt", confidenceAt)
            try json.field("confidenceStale", confidenceStale)
            try json.field("confidenceTrend", confidenceTrend)
            try json.field("current", current)
            try json.field("currentAt", currentAt)
            try json.field("expected", expected)
            try json.field("forecast", forecast)
            try json.field("forecastCrossing", forecastCrossing)
            try json.field("forecastNote", forecastNote)
            try json.field("forecastProbability", forecastProbability)
            try json.field("forecastScore", forecastScore)
            try json.field("held", held)
            try json.field("id", id)
            json.field("indicator", indicator)
            json.field("kind", kind)
            json.field("level", level)
            try json.field("metric", metric)
            try json.field("owner", owner)
            json.field("pace", pace)
            try json.field("plan", plan)
            try json.field("progress", progress)
            try json.field("score", score)
            try json.field("target", target)
            try json.field("team", team)
            try json.field("title", title)
            try json.field("unit", unit)
            try json.field("weight", weight)
        }
    }
}

extension ObjectiveParent: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("id", id)
            try json.field("weight", weight)
        }
    }
}

extension PlanCheckpoint: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("day", day)
            try json.field("value", value)
        }
    }
}
