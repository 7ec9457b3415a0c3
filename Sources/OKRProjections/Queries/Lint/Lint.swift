import OKREvents

/// The rules of `lint` (SPEC §4), each a ``LintCheck`` in a file of its own under `Rules/`.
enum Lint {
    /// Every rule, in code order.
    static var checks: [any LintCheck.Type] { [
        TooManyObjectives.self, KeyResultCount.self, AllOutputs.self, AllLagging.self, QuietFeedCheck.self, MissingCheckIn.self,
        RepeatedKPI.self, Unaligned.self, ExpiredInsight.self, ConfidenceDisagrees.self, GoalpostMoved.self, Sandbagging.self,
        LeadingWithoutLead.self, MissingRetrospective.self,
    ] }
}
