import Reconcile

extension ReconcileConfiguration {
    /// The run options these settings imply (the CLI and the scheduler share them).
    func options(dryRun: Bool = false, force: Bool = false) -> ReconcileOptions {
        var options = ReconcileOptions()
        options.dryRun = dryRun
        options.force = force
        options.maxDeactivationShare = maxDeactivationShare
        options.policy = AccessPolicy(suspended: AccessPolicy.SuspendedPolicy(rawValue: suspended) ?? .keep)
        let age = parkedMaxAge.components
        options.parkedMaxAge = Double(age.seconds) + Double(age.attoseconds) / 1e18
        return options
    }
}
