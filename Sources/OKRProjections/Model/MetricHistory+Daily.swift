import OKREvents

extension MetricHistory {
    /// Each day's last observation known at the perspective (ties: the higher seq), ascending:
    /// one summary per day, read one by one only for days the projection has not wholly folded.
    func dailyLast(_ perspective: Perspective, _ reader: Reader) -> [(day: Int64, value: Double)] {
        let bound = perspective.asOf
        return reader.days(self, from: .min, through: DaySummary.day(of: bound)).compactMap { day in
            latest(in: day, through: bound, perspective, reader).map { (day.day, $0.value) }
        }
    }
}
