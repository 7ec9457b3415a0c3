import OKREvents

extension OKRModel {
    /// The loop that linking `child` under `parent` would close, from `perspective`: the ids from
    /// `child` up through `parent` and its ancestors back to `child`; `nil` when there is none.
    public func alignmentLoop(linking child: String, under parent: String, _ perspective: Perspective) -> [String]? {
        if child == parent { return [child, child] }
        // Depth-first up the parents of `parent`, remembering the way, looking for `child`.
        var seen: Set<String> = [parent]
        var stack: [[String]] = [[child, parent]]
        while let path = stack.popLast() {
            guard let last = path.last, let record = objectives[last] else { continue }
            for link in record.parents(perspective) {
                if link.id == child { return path + [child] }
                if seen.insert(link.id).inserted { stack.append(path + [link.id]) }
            }
        }
        return nil
    }
}
