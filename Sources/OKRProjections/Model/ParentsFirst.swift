/// Orders items so that each comes after the items it names as parents: level by level (Kahn's
/// order), each level in the items' own order, reading each item's parents once — linear in
/// items and links whatever the depth of their chains (an `apply` file, an import's Big rocks).
/// Parents that are not among the items are ignored; items in a loop of parents come last, in
/// their own order (the checks that follow name the loop).
public enum ParentsFirst {
    /// `items`, parents first; `id` names an item, `parents` the ids it sits under.
    public static func order<Item>(_ items: [Item], id: (Item) -> String?, parents: (Item) -> [String]) -> [Item] {
        let ids = Set(items.compactMap(id))
        var waiting: [Int] = []
        var childrenOf: [String: [Int]] = [:]
        for (index, item) in items.enumerated() {
            let inside = Set(parents(item).filter { ids.contains($0) })
            waiting.append(inside.count)
            for parent in inside { childrenOf[parent, default: []].append(index) }
        }
        var ordered: [Item] = []
        ordered.reserveCapacity(items.count)
        var placed = Set<String>()
        var done = [Bool](repeating: false, count: items.count)
        var level = items.indices.filter { waiting[$0] == 0 }
        while !level.isEmpty {
            var next: [Int] = []
            for index in level {
                ordered.append(items[index])
                done[index] = true
                guard let itemID = id(items[index]), placed.insert(itemID).inserted else { continue }
                for child in childrenOf[itemID] ?? [] {
                    waiting[child] -= 1
                    if waiting[child] == 0 { next.append(child) }
                }
            }
            level = next.sorted()
        }
        return ordered + items.indices.filter { !done[$0] }.map { items[$0] }
    }
}
