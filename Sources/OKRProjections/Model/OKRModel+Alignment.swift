import OKREvents

extension OKRModel {
    /// The parent links in force from `perspective`, read lazily from the model: an objective's
    /// parents as they stood, its children those of ``childrenByParent`` still linked to it.
    public func alignmentGraph(_ perspective: Perspective) -> AlignmentGraph {
        AlignmentGraph(
            parents: { id in self.objectives[id]?.parents(perspective).map(\.id) ?? [] },
            children: { id in
                (self.childrenByParent[id] ?? []).filter { child in
                    self.objectives[child]?.parents(perspective).contains(where: { $0.id == id }) ?? false
                }
            })
    }

    /// The loop that linking `child` under `parent` would close, from `perspective`: the ids from
    /// `child` up through `parent` and its ancestors back to `child`; `nil` when there is none.
    public func alignmentLoop(linking child: String, under parent: String, _ perspective: Perspective) -> [String]? {
        alignmentGraph(perspective).loop(linking: child, under: parent)
    }
}
