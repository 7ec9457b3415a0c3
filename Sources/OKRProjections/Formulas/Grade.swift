/// Google's grading colours for a final score (SPEC §3): 0.7–1.0 green, 0.4–0.6 yellow, 0.0–0.3 red.
/// Scores between the bands fall to the lower colour's upper edge: ≥ 0.7 green, ≥ 0.4 yellow, else red.
public enum Grade: String, Codable, CaseIterable, Hashable, Sendable {
    case green
    case yellow
    case red

    /// The grade of a score in `[0, 1]`.
    public init(score: Double) {
        if score >= 0.7 {
            self = .green
        } else if score >= 0.4 {
            self = .yellow
        } else {
            self = .red
        }
    }
}
