import Core

extension PatchEngine {
    /// Group membership operations, turned into ``MemberChange``s (okta-protocol.md A7, B, E2):
    /// - `add members [{value,…}]` → `.add`;
    /// - `remove members[value eq "x"]` (also `value eq "x" or value eq "y"`) → `.remove`;
    /// - `remove members` with a value list (Entra without `aadOptscim062020`) → `.remove`;
    /// - `remove members` without a value → `.removeAll`;
    /// - `replace members [...]` → `.replace` (`[]` or `null` empties the group).
    /// `display`, `$ref` (even `null`) and `type` are accepted and ignored.
    func applyMembers(
        _ op: PatchOperation.Op, _ resolved: ResolvedPath, filter: SCIMFilter?, value: JSONValue?,
        to state: inout PatchState
    ) throws(SCIMError) {
        if resolved.subName != nil {
            throw .invalidPath("members sub-attributes cannot be patched; add or remove members by value")
        }
        if let filter {
            guard op == .remove else {
                throw .invalidPath("members with a filter is only supported for remove")
            }
            guard let ids = Self.memberIDs(in: filter) else {
                throw .invalidPath("members filters must be value eq \"id\" terms joined by or")
            }
            state.memberChanges.append(.remove(ids))
            return
        }
        switch op {
        case .add:
            guard let value else { throw .invalidValue("add of members requires a value") }
            let ids = try MemberIDs.extract(value, at: "members")
            if !ids.isEmpty { state.memberChanges.append(.add(ids)) }
        case .remove:
            guard let value, !value.isNull else {
                state.memberChanges.append(.removeAll)
                return
            }
            let ids = try MemberIDs.extract(value, at: "members")
            if !ids.isEmpty { state.memberChanges.append(.remove(ids)) }
        case .replace:
            state.memberChanges.append(.replace(try MemberIDs.extract(value ?? .null, at: "members")))
        }
    }

    /// The ids of `value eq "x"` terms joined by `or`, or nil for any other filter shape.
    static func memberIDs(in filter: SCIMFilter) -> [String]? {
        switch filter {
        case .compare(let path, .eq, .string(let id))
        where path.schemaURN == nil && path.subAttribute == nil && path.name.caseInsensitiveEquals("value"):
            return [id]
        case .or(let terms):
            var ids: [String] = []
            for term in terms {
                guard let part = memberIDs(in: term) else { return nil }
                ids.append(contentsOf: part)
            }
            return ids
        default:
            return nil
        }
    }
}
