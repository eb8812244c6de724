extension ReportModel {
    /// One tenant's night in a few words: `acme: 3 drifts repaired, 1 run blocked`.
    public static func summary(of tenant: TenantReport) -> String {
        var parts: [String] = []
        let repaired = tenant.total { $0.actions["applied"] ?? 0 }
        if repaired > 0 { parts.append("\(plural(repaired, "drift")) repaired") }
        let blocked = tenant.total { $0.runs.count("blocked") }
        if blocked > 0 { parts.append("\(plural(blocked, "run")) blocked") }
        let failed = tenant.total { $0.runs.count("failed") }
        if failed > 0 { parts.append("\(plural(failed, "run")) failed") }
        let expired = tenant.total { $0.parked.expired }
        if expired > 0 { parts.append("\(plural(expired, "parked operation")) expired") }
        if parts.isEmpty { parts.append("all quiet") }
        return "\(tenant.name): " + parts.joined(separator: ", ")
    }

    /// The mail subject: every tenant's summary (the first three, then a count of the rest).
    public var subject: String {
        guard !tenants.isEmpty else { return "Roster: no tenants" }
        let shown = tenants.prefix(3).map(Self.summary(of:))
        let rest = tenants.count > 3 ? "; +\(tenants.count - 3) more tenants" : ""
        return shown.joined(separator: "; ") + rest
    }
}
