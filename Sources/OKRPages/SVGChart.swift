import Foundation
import OKREvents
import OKRProjections
import OKRWire

/// Inline SVG charts for the report: no scripts, no external assets; ``HTML`` like the page around them.
public enum SVGChart {
    public static let width = 560.0
    public static let height = 200.0
    public static let margin = (left: 48.0, right: 16.0, top: 26.0, bottom: 26.0)

    /// The charts' colours and strokes, by class: every page that shows a chart includes it
    /// (the report inline, the dashboard from its stylesheet), since the SVG carries no style.
    public static let stylesheet: HTML = """
    svg.chart{display:block;max-width:100%;height:auto}svg.chart text{font:11px "DejaVu Sans",sans-serif;fill:#555}
    .plot{fill:#fafbfc;stroke:#e3e6ec}.grid{stroke:#eceff3}.target{stroke:#146c2e;stroke-width:1.5;stroke-dasharray:6 4;fill:none}
    .target-label{fill:#146c2e}.expected,.planned{stroke:#9aa3af;stroke-width:1.5;stroke-dasharray:3 3;fill:none}
    .forecast{stroke:#d97706;stroke-width:1.5;stroke-dasharray:8 4;fill:none}.observed{stroke:#2563eb;stroke-width:2;fill:none}
    .point{fill:#2563eb}.now{stroke:#1d2330;stroke-width:1;stroke-dasharray:2 3}
    .confidence{stroke:#7c3aed;stroke-width:2;fill:none}.confidence-point{fill:#7c3aed}
    .checkin{fill:#7c3aed}line.checkin{stroke:#7c3aed;stroke-width:4}

    """

    /// A key result's burn-up: observations, the expected path from baseline to target (the
    /// planned path through its checkpoints when it has a plan, else the straight line), the
    /// least-squares forecast to the cycle's end, and the target.
    public static func burnUp(_ detail: KeyResultDetail, start: Instant, end: Instant) -> HTML {
        let kr = detail.kr
        let points = detail.history.map { (x: $0.at.seconds(since: start), y: $0.value) }
        let span = end.seconds(since: start)
        let baseline = kr.baseline ?? points.first?.y ?? 0
        // The expected path's corners: (start, baseline), each checkpoint at 00:00 UTC of its day, (end, target).
        let expectedPath = [(x: 0.0, y: baseline)]
            + (kr.plan ?? []).map { (x: min(max($0.day.start.seconds(since: start), 0), span), y: $0.value) }
            + [(x: span, y: kr.target)]
        var values = points.map(\.y) + expectedPath.map(\.y)
        var forecastLine: [(x: Double, y: Double)] = []
        if kr.kind == .progress, let line = KeyResultMath.leastSquares(points) {
            let from = points.first?.x ?? 0
            forecastLine = [(from, line.intercept + line.slope * (from - line.meanX)), (span, line.intercept + line.slope * (span - line.meanX))]
            values += forecastLine.map(\.y)
        }
        let ticks = niceTicks(low: values.min() ?? 0, high: values.max() ?? 1)
        let scale = Scale(xMax: span, yMin: ticks.first!, yMax: ticks.last!)

        var svg = header(label: "Burn-up of \(kr.id)")
        svg += axes(scale, start: start, end: end, unit: kr.unit, ticks: ticks)
        svg += line([(0, scale.y(kr.target)), (scale.plotWidth, scale.y(kr.target))], css: "target", scaled: true)
        svg += label("target \(number(kr.target))", x: scale.plotWidth - 4, y: scale.y(kr.target) - 4, anchor: "end", css: "target-label")
        if !kr.kind.isThreshold {
            svg += line(expectedPath.map { (scale.x($0.x), scale.y($0.y)) }, css: "expected", scaled: true)
        }
        if forecastLine.count == 2 {
            svg += line(forecastLine.map { (scale.x($0.x), scale.y($0.y)) }, css: "forecast", scaled: true)
        }
        if points.count > 1 { svg += line(points.map { (scale.x($0.x), scale.y($0.y)) }, css: "observed", scaled: true) }
        for point in points {
            svg += "<circle class=\"point\" cx=\"\(f(scale.x(point.x) + margin.left))\" cy=\"\(f(scale.y(point.y) + margin.top))\" r=\"3\"/>"
        }
        svg += checkInMarks(detail, scale: scale, start: start, span: span)
        let now = detail.asOf.seconds(since: start)
        if now > 0, now < span {
            let x = scale.x(now) + margin.left
            svg += "<line class=\"now\" x1=\"\(f(x))\" y1=\"\(f(margin.top))\" x2=\"\(f(x))\" y2=\"\(f(margin.top + scale.plotHeight))\"/>"
        }
        let shown = detail.checkIns.isEmpty ? [] : [(css: "checkin", label: "check-in")]
        let lines = ["observed", kr.plan == nil ? "expected" : "planned", "forecast", "target"].map { (css: $0, label: $0) }
        return svg + legend(lines + shown) + "</svg>"
    }

    /// Each check-in as a small triangle on the plot's floor, its date and confidence as a tooltip.
    static func checkInMarks(_ detail: KeyResultDetail, scale: Scale, start: Instant, span: Double) -> HTML {
        var svg = HTML.empty
        let floor = margin.top + scale.plotHeight
        for checkIn in detail.checkIns {
            let x = checkIn.at.seconds(since: start)
            guard x >= 0, x <= span else { continue }
            let said = checkIn.confidence.map { ", confidence \($0)/10" } ?? ""
            svg += "<path class=\"checkin\" d=\"M\(f(scale.x(x) + margin.left - 4)) \(f(floor))l4 -8l4 8z\"><title>check-in \(Format.day(checkIn.at))\(said)</title></path>"
        }
        return svg
    }

    /// Confidence (0–10) at each check-in, as steps across the cycle.
    public static func confidence(_ detail: KeyResultDetail, start: Instant, end: Instant) -> HTML {
        let span = end.seconds(since: start)
        let scale = Scale(xMax: span, yMin: 0, yMax: 10, height: 110)
        var svg = header(label: "Confidence of \(detail.kr.id)", height: 110)
        svg += axes(scale, start: start, end: end, unit: nil, ticks: [0, 5, 10])
        let checkIns = detail.checkIns.compactMap { checkIn in
            checkIn.confidence.map { (x: min(max(checkIn.at.seconds(since: start), 0), span), y: Double($0)) }
        }
        if !checkIns.isEmpty {
            var steps: [(Double, Double)] = []
            for (index, point) in checkIns.enumerated() {
                if index > 0 { steps.append((scale.x(point.x), scale.y(checkIns[index - 1].y))) }
                steps.append((scale.x(point.x), scale.y(point.y)))
            }
            let lastX = min(max(detail.asOf.seconds(since: start), checkIns.last!.x), span)
            steps.append((scale.x(lastX), scale.y(checkIns.last!.y)))
            svg += line(steps, css: "confidence", scaled: true)
            for point in checkIns {
                svg += "<circle class=\"confidence-point\" cx=\"\(f(scale.x(point.x) + margin.left))\" cy=\"\(f(scale.y(point.y) + margin.top))\" r=\"3\"/>"
            }
        }
        return svg + "</svg>"
    }

    public struct Scale {
        var xMax: Double
        var yMin: Double
        var yMax: Double
        var height: Double = SVGChart.height
        var plotWidth: Double { SVGChart.width - margin.left - margin.right }
        var plotHeight: Double { height - margin.top - margin.bottom }
        func x(_ value: Double) -> Double { xMax > 0 ? value / xMax * plotWidth : 0 }
        func y(_ value: Double) -> Double { (1 - KeyResultMath.position(value, low: yMin, high: yMax)) * plotHeight }
    }

    public static func header(label: String, height: Double = SVGChart.height) -> HTML {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"\(label)\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\">"
    }

    public static func axes(_ scale: Scale, start: Instant, end: Instant, unit: String?, ticks: [Double]? = nil) -> HTML {
        var svg: HTML = "<rect class=\"plot\" x=\"\(f(margin.left))\" y=\"\(f(margin.top))\" width=\"\(f(scale.plotWidth))\" height=\"\(f(scale.plotHeight))\"/>"
        let values = ticks ?? (0...4).map { scale.yMin + (scale.yMax - scale.yMin) * Double($0) / 4 }
        for value in values {
            let y = scale.y(value) + margin.top
            svg += "<line class=\"grid\" x1=\"\(f(margin.left))\" y1=\"\(f(y))\" x2=\"\(f(margin.left + scale.plotWidth))\" y2=\"\(f(y))\"/>"
            svg += label(number(value) + (unit == "%" ? "%" : ""), x: margin.left - 6, y: y + 4, anchor: "end", css: "tick")
        }
        let bottom = margin.top + scale.plotHeight + 16
        svg += label(CalendarDay(containing: start).description, x: margin.left, y: bottom, anchor: "start", css: "tick")
        svg += label(CalendarDay(containing: end.adding(seconds: -1)).description, x: margin.left + scale.plotWidth, y: bottom, anchor: "end", css: "tick")
        return svg
    }

    public static func line(_ points: [(Double, Double)], css: String, scaled: Bool) -> HTML {
        let coordinates = points.map { "\(f($0.0 + margin.left)),\(f($0.1 + margin.top))" }.joined(separator: " ")
        return "<polyline class=\"\(css)\" points=\"\(coordinates)\"/>"
    }

    public static func label(_ text: String, x: Double, y: Double, anchor: String, css: String) -> HTML {
        "<text class=\"\(css)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(text)</text>"
    }

    /// Round tick values (1, 2 or 5 times a power of ten) covering `low…high`.
    public static func niceTicks(low: Double, high: Double) -> [Double] {
        let range = high > low ? high - low : max(abs(high), 1)
        guard range.isFinite, low.isFinite, high.isFinite else { return [low, high] }  // beyond ±1e308 / 2: the ends alone
        let rough = range / 4
        let power = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        var value = (low / step).rounded(.down) * step
        var ticks = [value]
        while value < high - step * 1e-9 || ticks.count < 2 {
            value += step
            ticks.append(value)
        }
        return ticks
    }

    public static func legend(_ items: [String]) -> HTML {
        legend(items.map { (css: $0, label: $0) })
    }

    /// A legend whose entries' classes and words differ.
    public static func legend(_ items: [(css: String, label: String)]) -> HTML {
        var svg = HTML.empty
        var x = margin.left
        for item in items {
            svg += "<line class=\"\(item.css)\" x1=\"\(f(x))\" y1=\"10\" x2=\"\(f(x + 14))\" y2=\"10\"/>"
            svg += label(item.label, x: x + 18, y: 14, anchor: "start", css: "legend")
            x += 18 + Double(item.label.count) * 6.5 + 14
        }
        return svg
    }

    public static func f(_ value: Double) -> String { Format.tenths(value) }

    public static func number(_ value: Double) -> String { Format.number(value) }
}
