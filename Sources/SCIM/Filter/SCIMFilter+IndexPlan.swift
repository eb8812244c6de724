import Core

extension SCIMFilter {
    /// Plans an index lookup: a top-level `eq` on an indexed attribute, alone or as one term of
    /// an `and`, preferring `id`, then `externalId`, `userName`, `emails.value`, `displayName`.
    /// Returns nil when the filter needs a scan (e.g. a top-level `or`).
    ///
    /// `emails[type eq "work"].value eq "x"` plans `.emailValue("x")` and keeps the whole value
    /// path as residual, because `type` must hold on the same element.
    public func indexPlan(for kind: SCIMResourceKind) -> IndexPlan? {
        let terms: [SCIMFilter]
        if case .and(let list) = self { terms = list } else { terms = [self] }
        var best: (rank: Int, index: Int, lookup: IndexLookup, keepTerm: Bool)?
        for (index, term) in terms.enumerated() {
            guard let (rank, lookup, keep) = Self.indexable(term, kind: kind) else { continue }
            if best == nil || rank < best!.rank { best = (rank, index, lookup, keep) }
        }
        guard let best else { return nil }
        var rest = terms
        if !best.keepTerm { rest.remove(at: best.index) }
        let residual: SCIMFilter? =
            switch rest.count {
            case 0: nil
            case 1: rest[0]
            default: .and(rest)
            }
        return IndexPlan(lookup: best.lookup, residual: residual)
    }

    /// The lookup of ``indexPlan(for:)``, without the residual.
    public func indexLookup(for kind: SCIMResourceKind) -> IndexLookup? { indexPlan(for: kind)?.lookup }

    private static func indexable(_ term: SCIMFilter, kind: SCIMResourceKind) -> (Int, IndexLookup, Bool)? {
        switch term {
        case .compare(let path, .eq, .string(let value)):
            let resolved = kind.resolve(path)
            guard resolved.container == nil, let attribute = resolved.attribute else { return nil }
            switch (attribute.name, resolved.subName) {
            case ("id", nil): return (0, .id(value), false)
            case ("externalId", nil): return (1, .externalId(value), false)
            case ("userName", nil) where kind == .user:
                guard let canonical = try? UserNameCanonicalizer.canonicalize(value) else { return (2, .nothing, false) }
                return (2, .userName(canonical: canonical), false)
            case ("emails", "value"), ("emails", nil): return (3, .emailValue(value), false)
            case ("displayName", nil): return (4, .displayName(value), false)
            default: return nil
            }
        case .valuePath(let path, let inner):
            let resolved = kind.resolve(path)
            guard resolved.container == nil, resolved.attribute?.name == "emails" else { return nil }
            let innerTerms: [SCIMFilter]
            if case .and(let list) = inner { innerTerms = list } else { innerTerms = [inner] }
            for innerTerm in innerTerms {
                if case .compare(let sub, .eq, .string(let value)) = innerTerm, sub.schemaURN == nil,
                    sub.subAttribute == nil, sub.name.caseInsensitiveEquals("value")
                {
                    return (3, .emailValue(value), true)
                }
            }
            return nil
        default:
            return nil
        }
    }
}
