import OKREvents
import OKRProjections

/// Every method okrd serves (docs/PROTOCOL.md), one descriptor each, grouped as okrd's feature
/// folders group their handlers. Adding a method starts with a line here.
public enum Methods {
    // Service
    public static let ping = Method<EmptyParams, PingResult>("ping", roles: .everyone)
    public static let stats = Method<EmptyParams, StatsResult>("stats", roles: .readers)
    public static let verify = Method<EmptyParams, VerifyReport>("verify", roles: .admins)
    public static let backup = Method<BackupParams, BackupResult>("backup", roles: .admins)
    public static let log = Method<LogParams, LogResult>("log", roles: .readers)
    /// Answers once with where the stream starts, then sends each committed event as a
    /// `log.event` notification until the connection closes.
    public static let logFollow = Method<LogParams, FollowResult>("log.follow", roles: .readers)

    // Observations and check-ins
    public static let observe = Method<ObserveParams, ObserveResult>("observe", roles: .observers)
    public static let checkin = Method<CheckInParams, WriteResult>("checkin", roles: .writers)
    public static let checkinBatch = Method<CheckInBatchParams, ObserveResult>("checkin.batch", roles: .writers)

    // Definitions
    public static let cycleAdd = Method<CycleAddParams, WriteResult>("cycle.add", roles: .writers)
    public static let cycleList = Method<EmptyParams, CycleListResult>("cycle.list", roles: .readers)
    public static let cycleClose = Method<CycleCloseParams, WriteResult>("cycle.close", roles: .writers)
    public static let cyclePlan = Method<CyclePlanParams, CyclePlanResult>("cycle.plan", roles: .writers)
    public static let northStarAdd = Method<NorthStarAddParams, WriteResult>("northstar.add", roles: .writers)
    public static let strategyAdd = Method<StrategyAddParams, WriteResult>("strategy.add", roles: .writers)
    public static let objectiveAdd = Method<ObjectiveAddParams, WriteResult>("objective.add", roles: .writers)
    public static let objectiveDrop = Method<DropParams, WriteResult>("objective.drop", roles: .writers)
    public static let keyResultAdd = Method<KeyResultAddParams, WriteResult>("kr.add", roles: .writers)
    public static let keyResultRetarget = Method<RetargetParams, WriteResult>("kr.retarget", roles: .writers)
    public static let keyResultDrop = Method<DropParams, WriteResult>("kr.drop", roles: .writers)
    public static let insightAdd = Method<InsightAddParams, WriteResult>("insight.add", roles: .writers)
    public static let insightRenew = Method<InsightRenewParams, WriteResult>("insight.renew", roles: .writers)

    // Updates and alignment
    public static let objectiveUpdate = Method<ObjectiveUpdateParams, WriteResult>("objective.update", roles: .writers)
    public static let keyResultUpdate = Method<KeyResultUpdateParams, WriteResult>("kr.update", roles: .writers)
    public static let keyResultMove = Method<KeyResultMoveParams, WriteResult>("kr.move", roles: .writers)
    public static let objectiveAlign = Method<ObjectiveAlignParams, WriteResult>("objective.align", roles: .writers)
    public static let objectiveUnalign = Method<ObjectiveUnalignParams, WriteResult>("objective.unalign", roles: .writers)
    public static let objectiveCarry = Method<ObjectiveCarryParams, CarryResult>("objective.carry", roles: .writers)
    public static let keyResultPlan = Method<KeyResultPlanParams, WriteResult>("kr.plan", roles: .writers)
    public static let link = Method<LinkParams, WriteResult>("link", roles: .writers)
    public static let unlink = Method<LinkParams, WriteResult>("unlink", roles: .writers)
    public static let apply = Method<ApplyParams, ApplyResult>("apply", roles: .writers)

    // People
    public static let personSet = Method<PersonSetParams, WriteResult>("person.set", roles: .writers)
    public static let personList = Method<EmptyParams, PersonListResult>("person.list", roles: .readers)

    // Questions
    public static let status = Method<StatusParams, StatusReport>("status", roles: .readers)
    /// The sparklines of a `status` view: each key result's recent observations.
    public static let series = Method<StatusParams, SeriesReport>("series", roles: .readers)
    public static let keyResultShow = Method<KeyResultShowParams, KeyResultDetail>("kr.show", roles: .readers)
    public static let insightList = Method<InsightListParams, InsightListResult>("insight.list", roles: .readers)
    public static let tree = Method<TreeParams, TreeReport>("tree", roles: .readers)
    public static let lint = Method<LintParams, LintReport>("lint", roles: .readers)
    public static let feeds = Method<FeedsParams, FeedReport>("feeds", roles: .readers)
    public static let score = Method<ScoreParams, ScoreReport>("score", roles: .readers)
    public static let calibration = Method<CalibrationParams, CalibrationReport>("calibration", roles: .readers)
    public static let due = Method<DueParams, DueReport>("due", roles: .readers)
    public static let digest = Method<DigestParams, DigestReport>("digest", roles: .readers)

    // Metrics (SPEC §14)
    public static let metricLead = Method<MetricLeadParams, LeadReport>("metric.lead", roles: .readers)
    public static let metricLink = Method<MetricLinkParams, WriteResult>("metric.link", roles: .writers)
    public static let metricUnlink = Method<MetricLinkParams, WriteResult>("metric.unlink", roles: .writers)
    public static let metricTree = Method<MetricTreeParams, MetricTreeReport>("metric.tree", roles: .readers)
    public static let kpiAdd = Method<KPIAddParams, WriteResult>("kpi.add", roles: .writers)
    public static let kpiUpdate = Method<KPIUpdateParams, WriteResult>("kpi.update", roles: .writers)
    public static let kpiRetire = Method<KPIRetireParams, WriteResult>("kpi.retire", roles: .writers)
    public static let kpiList = Method<KPIListParams, KPIReport>("kpi.list", roles: .readers)
    public static let kpiShow = Method<KPIShowParams, KPIDetail>("kpi.show", roles: .readers)

    // Hooks (SPEC §13): admins alone. `hook.add` and `hook.remove` append.
    public static let hookAdd = Method<HookAddParams, WriteResult>("hook.add", roles: .admins, appends: true)
    public static let hookRemove = Method<HookNameParams, WriteResult>("hook.remove", roles: .admins, appends: true)
    public static let hookList = Method<EmptyParams, HookListResult>("hook.list", roles: .admins)
    public static let hookTest = Method<HookNameParams, HookSendResult>("hook.test", roles: .admins)
    public static let hookDeliveries = Method<HookDeliveriesParams, HookDeliveriesResult>("hook.deliveries", roles: .admins)
    public static let hookRetry = Method<HookNameParams, HookSendResult>("hook.retry", roles: .admins)

    // Rituals (SPEC §15)
    public static let reviewStart = Method<ReviewStartParams, WriteResult>("review.start", roles: .writers)
    public static let reviewList = Method<ReviewListParams, ReviewListReport>("review.list", roles: .readers)
    public static let reviewShow = Method<ReviewShowParams, ReviewDetail>("review.show", roles: .readers)
    public static let retro = Method<RetroParams, WriteResult>("retro", roles: .writers)
    public static let ack = Method<AckParams, WriteResult>("ack", roles: .writers)
    public static let inbox = Method<EmptyParams, InboxReport>("inbox", roles: .readers)
    public static let initiativeAdd = Method<InitiativeAddParams, WriteResult>("initiative.add", roles: .writers)
    public static let initiativeClose = Method<InitiativeCloseParams, WriteResult>("initiative.close", roles: .writers)

    // Import
    public static let importStage = Method<ImportStageParams, ImportStageResult>("import.stage", roles: .writers)
    public static let importCommit = Method<ImportCommitParams, ImportCommitResult>("import.commit", roles: .writers)

    /// Every descriptor above, for the checks that okrd serves each one and that the protocol
    /// document and the fuzz corpus name each one.
    public static let all: [AnyMethod] = [
        ping.erased, stats.erased, verify.erased, backup.erased, log.erased, logFollow.erased,
        observe.erased, checkin.erased, checkinBatch.erased,
        cycleAdd.erased, cycleList.erased, cycleClose.erased, cyclePlan.erased, northStarAdd.erased, strategyAdd.erased,
        objectiveAdd.erased, objectiveDrop.erased, keyResultAdd.erased, keyResultRetarget.erased, keyResultDrop.erased,
        insightAdd.erased, insightRenew.erased,
        objectiveUpdate.erased, keyResultUpdate.erased, keyResultMove.erased, objectiveAlign.erased, objectiveUnalign.erased,
        objectiveCarry.erased, keyResultPlan.erased, link.erased, unlink.erased, apply.erased,
        personSet.erased, personList.erased,
        status.erased, series.erased, keyResultShow.erased, insightList.erased, tree.erased, lint.erased, feeds.erased, score.erased,
        calibration.erased, due.erased, digest.erased,
        metricLead.erased, metricLink.erased, metricUnlink.erased, metricTree.erased,
        kpiAdd.erased, kpiUpdate.erased, kpiRetire.erased, kpiList.erased, kpiShow.erased,
        reviewStart.erased, reviewList.erased, reviewShow.erased, retro.erased, ack.erased, inbox.erased,
        initiativeAdd.erased, initiativeClose.erased,
        importStage.erased, importCommit.erased,
        hookAdd.erased, hookRemove.erased, hookList.erased, hookTest.erased, hookDeliveries.erased, hookRetry.erased,
    ]
}
