import Foundation
import OKREvents
import OKRProjections

/// A key result's history in a line, small enough for a table cell: used by the digest's page and
/// by the dashboard's overview.
public enum Sparkline {
    /// A 120×24 polyline of `points`, scaled to their own range; nothing for fewer than two.
    public static func svg(_ points: [SeriesPoint], label: String = "history") -> HTML {
        guard points.count > 1, let first = points.first?.at, let last = points.last?.at else { return .empty }
        let values = points.map(\.value)
        let low = values.min()!, high = values.max()!
        let span = max(last.seconds(since: first), 1)
        let coordinates = points.map { point -> String in
            let x = 2 + 116 * point.at.seconds(since: first) / span
            let y = 22 - 20 * KeyResultMath.position(point.value, low: low, high: high)
            return Format.tenths(x) + "," + Format.tenths(y)
        }.joined(separator: " ")
        return """
        <svg class="spark" width="120" height="24" viewBox="0 0 120 24" role="img" aria-label="\(label)">\
        <polyline points="\(coordinates)"/></svg>
        """
    }
}
