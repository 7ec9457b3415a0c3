import Foundation

/// A goal's `Phased Targets` as exports write it: absent, `null`, a word for none (`"Disabled"`,
/// real exports' spelling for a goal without them), an empty object or list, an object holding
/// the list under `Phased Targets`, or the list itself. The plan is not something the mapping
/// needs: whatever cannot be read is listed as unmapped with the goal's ID, never refused.
enum VivaPhasedTargets {
    /// What a goal's field holds.
    enum Reading {
        case none
        case targets([VivaRecord])
        /// Not readable as targets; the detail says what was there.
        case unreadable(String)
    }

    /// Words exports use for "no phased targets", compared as ``VivaRecord/word(_:)`` reads them.
    static let noneWords: Set<String> = ["", "disabled", "none", "off", "no", "false", "n/a", "na", "null", "not set", "-"]

    static func read(_ goal: VivaRecord) -> Reading {
        let key = "Phased Targets"
        switch goal.fields[key] {
        case nil, is NSNull:
            return .none
        case let text as String:
            return noneWords.contains(VivaRecord.word(text)) ? .none : .unreadable("\"\(text.prefix(40))\" is not a list of targets")
        case let object as [String: Any]:
            // `{"Interval": …, "Phased Targets": [...]}`: the list inside (empty or absent: none).
            guard let inner = object[key], !(inner is NSNull) else { return .none }
            return list(inner, of: goal)
        case let array as [Any]:
            return list(array, of: goal)
        default:
            return .unreadable("neither a list of targets nor a word for none")
        }
    }

    private static func list(_ value: Any, of goal: VivaRecord) -> Reading {
        if let text = value as? String, noneWords.contains(VivaRecord.word(text)) { return .none }
        guard let array = value as? [Any] else { return .unreadable("the targets are not a list") }
        var targets: [VivaRecord] = []
        for element in array {
            guard let object = element as? [String: Any],
                  let target = try? VivaRecord(file: goal.file, fields: object, requireID: false) else {
                return .unreadable("a target is not an object")
            }
            targets.append(target.within(goal))
        }
        return targets.isEmpty ? .none : .targets(targets)
    }
}
