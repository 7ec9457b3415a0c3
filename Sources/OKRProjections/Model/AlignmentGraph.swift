/// The parent links between objectives as one question sees them, with the walks every check of
/// a user-built structure needs: loops, chain depth. Every walk is iterative and bounded, so a log
/// that already holds a structure past the limits (written before them) is walked in time linear
/// in what it reads, never by recursion.
public struct AlignmentGraph {
    /// The longest chain of objectives linked parent to child, counted in objectives (a lone
    /// objective is 1 deep), that a new link may make (SPEC §8 "Limits").
    public static let maxDepth = 32
    /// The most parents one objective may have in force at once (SPEC §8 "Limits").
    public static let maxParents = 50

    private let parentsOf: (String) -> [String]
    private let childrenOf: (String) -> [String]

    /// A graph read through two lookups: the parents of an objective and its children.
    public init(parents: @escaping (String) -> [String], children: @escaping (String) -> [String]) {
        parentsOf = parents
        childrenOf = children
    }

    /// A graph of explicit parent lists (the children are worked out from them).
    public init(parents: [String: [String]]) {
        var children: [String: [String]] = [:]
        for (child, links) in parents {
            for parent in links { children[parent, default: []].append(child) }
        }
        self.init(parents: { parents[$0] ?? [] }, children: { children[$0] ?? [] })
    }

    /// The loop that linking `child` under `parent` would close: `child`, `parent`, the way up
    /// from `parent` to `child`, then `child` again; `nil` when there is none. Breadth-first with
    /// one predecessor per objective, so the loop named is a shortest one.
    public func loop(linking child: String, under parent: String) -> [String]? {
        if child == parent { return [child, child] }
        var cameFrom: [String: String] = [parent: child]
        var frontier = [parent]
        var index = 0
        while index < frontier.count {
            let id = frontier[index]
            index += 1
            for up in parentsOf(id) {
                if up == child {
                    var way = [id]
                    var step = id
                    while let previous = cameFrom[step], previous != child {
                        way.append(previous)
                        step = previous
                    }
                    return [child] + Array(way.reversed()) + [child]
                }
                if cameFrom[up] == nil {
                    cameFrom[up] = id
                    frontier.append(up)
                }
            }
        }
        return nil
    }

    /// The depth of the longest chain through the link `child` under `parent`: the longest chain
    /// of ancestors ending at `parent` plus the longest chain of descendants starting at `child`.
    /// Counts up to `limit + 1` at most, so the answer is exact up to the limit and says "deeper"
    /// beyond it after at most `limit + 1` levels of each side.
    public func depth(linking child: String, under parent: String, limit: Int = maxDepth) -> Int {
        let above = Self.levels(from: parent, next: parentsOf, limit: limit + 1)
        guard above <= limit else { return above }
        return above + Self.levels(from: child, next: childrenOf, limit: limit + 1 - above)
    }

    /// The number of objectives on the longest walk from `start` along `next`, `start` counted,
    /// stopping at `limit`: level by level, each level the set of objectives some walk of that
    /// length reaches, so a loop or a wide structure costs at most `limit` levels.
    static func levels(from start: String, next: (String) -> [String], limit: Int) -> Int {
        guard limit > 0 else { return 0 }
        var level: Set<String> = [start]
        var count = 1
        while count < limit {
            var following: Set<String> = []
            for id in level { following.formUnion(next(id)) }
            if following.isEmpty { break }
            level = following
            count += 1
        }
        return count
    }

    /// A loop among `ids` and what they reach by their parents, as the objectives around it
    /// (`A → B → A`); `nil` when there is none. An iterative depth-first search.
    public func anyLoop(from ids: [String]) -> [String]? {
        var finished: Set<String> = []
        for start in ids where !finished.contains(start) {
            var path: [String] = []
            var onPath: [String: Int] = [:]
            var stack: [(id: String, parents: [String], next: Int)] = [(start, parentsOf(start), 0)]
            path.append(start)
            onPath[start] = 0
            while !stack.isEmpty {
                let top = stack.count - 1
                guard stack[top].next < stack[top].parents.count else {
                    finished.insert(stack[top].id)
                    onPath[stack[top].id] = nil
                    path.removeLast()
                    stack.removeLast()
                    continue
                }
                let parent = stack[top].parents[stack[top].next]
                stack[top].next += 1
                if let at = onPath[parent] { return Array(path[at...]) + [parent] }
                guard !finished.contains(parent) else { continue }
                onPath[parent] = path.count
                path.append(parent)
                stack.append((parent, parentsOf(parent), 0))
            }
        }
        return nil
    }
}
