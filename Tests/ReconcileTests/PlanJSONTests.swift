import Core
import Foundation
import Store
import Testing

@testable import Reconcile

/// The streamed plan JSON must be byte for byte the tree serialisation it replaces.
@Suite struct PlanJSONTests {
    static let actions: [PlanAction] = [
        PlanAction(kind: .provisionUser, subjectID: "scim-1", userID: "jane@example.com", reason: "assigned in Okta but missing locally", attribution: .pushNeverArrived),
        PlanAction(kind: .createTeam, subjectID: "team-1", reason: "pushed group 'Ünïcode \"quoted\"' missing locally", attribution: .pushNeverArrived, teamName: "Ünïcode \"quoted\"", externalID: "00g1"),
        PlanAction(kind: .renameTeam, subjectID: "team-2", reason: "tab\tnew\nline\\slash\u{1}\u{1f}", attribution: .localChange, teamName: "x"),
        PlanAction(kind: .removeMember, subjectID: "team-1", userID: "scim-2", reason: "not a member of the Okta group", attribution: .outOfScope),
        PlanAction(kind: .expireParked, subjectID: "7", reason: "😀 emoji", attribution: .pushNeverArrived),
    ]
    static let outcomes: [ActionOutcome] = [.applied, .skipped, .blocked, .planned, .applied]

    @Test func writeAndByteCountMatchTheTree() {
        for (action, outcome) in zip(Self.actions, Self.outcomes) {
            for outcome in [outcome, nil] {
                var bytes: [UInt8] = []
                PlanJSON.write(action, outcome: outcome, into: &bytes)
                #expect(bytes == PlanJSON.action(action, outcome: outcome).serialized())
                #expect(PlanJSON.byteCount(action, outcome: outcome) == bytes.count)
            }
        }
    }

    @Test func planMatchesTheTreeForAnyLength() {
        for count in 0...Self.actions.count {
            let actions = Array(Self.actions.prefix(count))
            let outcomes = Array(Self.outcomes.prefix(count))
            let tree = JSONValue.array(zip(actions, outcomes).map { PlanJSON.action($0, outcome: $1) }).serializedString()
            #expect(PlanJSON.plan(actions, outcomes: outcomes) == tree)
        }
    }

    @Test func streamedResultMatchesTheTree() {
        var result = ReconcileRunResult(
            runID: "rec-1", outcome: .blocked, dryRun: false, actions: Self.actions, outcomes: Self.outcomes,
            statistics: OktaClientStatistics())
        result.error = "pull \"failed\""
        result.phaseSeconds = ["pull": 1.23456, "diff": 0.5]
        for chunkBytes in [1, 64, 1 << 16] {
            var pieces: [String] = []
            PlanJSON.writeResult(result, chunkBytes: chunkBytes) { pieces.append($0) }
            #expect(pieces.joined() == PlanJSON.result(result).serializedString())
            if chunkBytes == 1 { #expect(pieces.count > 1) }
        }
        let empty = ReconcileRunResult(
            runID: "rec-2", outcome: .succeeded, dryRun: true, actions: [], outcomes: [], statistics: OktaClientStatistics())
        var pieces: [String] = []
        PlanJSON.writeResult(empty) { pieces.append($0) }
        #expect(pieces.joined() == PlanJSON.result(empty).serializedString())
    }
}
