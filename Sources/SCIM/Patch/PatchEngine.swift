import Core

/// Applies PATCH operations (RFC 7644 §3.5.2) to a stored resource, with the dialects Okta and
/// Entra really send (okta-protocol.md A5, A7, B, D4, E2).
///
/// - **Ordered and atomic**: operations run in order on a copy; the first failure throws and
///   the caller's resource is untouched. The result is re-validated as a whole (a PATCH cannot
///   leave `userName` invalid or two `primary` emails).
/// - **Path-less add/replace**: each key of the value object is applied as if it were a path:
///   nested objects (Okta's `{"active":false}`, group `{"id","displayName"}`), dotted keys
///   (`name.givenName`) and URN-prefixed keys (`urn:…:enterprise:2.0:User:department`, Entra's
///   `aadOptscim062020`). `id` equal to the resource's id, `schemas`, `meta`, `groups` and
///   unknown attributes are ignored there; a different `id` is 400 `mutability`.
/// - **Pathed operations** on readOnly attributes (`id`, `meta`, `groups`) are 400 `mutability`,
///   as is removing a required one (`userName`). `password` operations are dropped silently.
///   Paths to attributes no schema defines are ignored rather than failing the whole request
///   (hardening.md §1.3: one rejected path kept Entra deactivations from ever arriving).
/// - **Group members** are never applied here: they become ``MemberChange``s.
public struct PatchEngine: Sendable {
    /// The resource type being patched.
    public let kind: SCIMResourceKind

    /// Creates an engine for `kind`.
    public init(kind: SCIMResourceKind) { self.kind = kind }

    /// Applies `request` to `resource`.
    /// - Parameters:
    ///   - request: the parsed PATCH.
    ///   - resource: the stored attributes (a normalised object, without `members` for groups).
    ///   - resourceID: the resource's `id`, to recognise Okta's echoed `id` (okta-protocol.md A7).
    /// - Returns: the new attributes, membership changes and the changed attribute names.
    /// - Throws: ``SCIMError`` (`noTarget`, `mutability`, `invalidPath`, `invalidValue`), with
    ///   the failing operation's index in `detail`.
    public func apply(_ request: PatchRequest, to resource: JSONValue, resourceID: String) throws(SCIMError)
        -> PatchResult
    {
        guard case .object(let original) = resource else { throw .invalidValue("the stored resource is not an object") }
        var state = PatchState(editor: ResourceEditor(kind: kind, object: original), resourceID: resourceID)
        for (index, operation) in request.operations.enumerated() {
            do {
                try apply(operation, to: &state)
            } catch {
                throw SCIMError(status: error.status, scimType: error.scimType, detail: "Operations[\(index)]: \(error.detail)")
            }
        }
        let validated: JSONValue
        var user: SCIMUserInput?
        switch kind {
        case .user:
            user = try SCIMUserInput(json: .object(state.editor.object))
            validated = user!.attributes
        case .group: validated = try SCIMGroupInput(json: .object(state.editor.object)).attributes
        }
        return PatchResult(resource: validated, memberChanges: state.memberChanges, original: original, user: user)
    }

    /// Parses a PATCH body and applies it (see ``apply(_:to:resourceID:)``).
    public func apply(json body: JSONValue, to resource: JSONValue, resourceID: String) throws(SCIMError)
        -> PatchResult
    {
        try apply(PatchRequest(json: body, kind: kind), to: resource, resourceID: resourceID)
    }

    // MARK: - Operations

    private func apply(_ operation: PatchOperation, to state: inout PatchState) throws(SCIMError) {
        guard let path = operation.path else {
            guard operation.op != .remove else { throw .noTarget("remove requires a path") }
            guard case .object(let members)? = operation.value else {
                throw .invalidValue("\(operation.op.rawValue) without a path needs an object value")
            }
            for key in members.keys.sorted() {
                try applyPathless(operation.op, key: key, value: members[key]!, to: &state)
            }
            return
        }
        let resolved = state.editor.wholeUnknownExtension(
            kind.resolve(path.attribute), value: operation.value, wholeIfObject: false)
        try applyPath(operation.op, resolved, filter: path.valueFilter, value: operation.value, pathless: false, to: &state)
    }

    private func applyPathless(_ op: PatchOperation.Op, key: String, value: JSONValue, to state: inout PatchState)
        throws(SCIMError)
    {
        if key.caseInsensitiveEquals("schemas") || key.caseInsensitiveEquals("meta") { return }
        if key.caseInsensitiveEquals("id") {
            guard value == .string(state.resourceID) else { throw .mutability("id is read-only and cannot be changed") }
            return
        }
        if key.contains("[") {
            let path = try PatchPath.parse(key, for: kind)
            try applyPath(op, kind.resolve(path.attribute), filter: path.valueFilter, value: value, pathless: true, to: &state)
            return
        }
        guard let resolved = kind.resolve(key: key) else { throw .invalidPath("'\(key.prefix(80))' is not an attribute path") }
        let target = state.editor.wholeUnknownExtension(resolved, value: value, wholeIfObject: true)
        try applyPath(op, target, filter: nil, value: value, pathless: true, to: &state)
    }

    private func applyPath(
        _ op: PatchOperation.Op, _ resolved: ResolvedPath, filter: SCIMFilter?, value: JSONValue?, pathless: Bool,
        to state: inout PatchState
    ) throws(SCIMError) {
        let name = resolved.topLevelKey + (resolved.subName.map { "." + $0 } ?? "")
        if kind == .group, resolved.container == nil, resolved.attribute?.name == "members" {
            try applyMembers(op, resolved, filter: filter, value: value, to: &state)
            return
        }
        if let attribute = resolved.attribute, attribute.mutability == .writeOnly { return }  // password: dropped
        guard resolved.isStorable else { return }  // attribute no schema defines: ignored
        if let attribute = resolved.attribute,
            attribute.mutability == .readOnly || resolved.subAttribute?.mutability == .readOnly
        {
            if pathless { return }
            throw .mutability("\(name) is read-only")
        }
        if op == .remove {
            if let attribute = resolved.attribute, attribute.required, resolved.subName == nil, filter == nil {
                throw .mutability("\(name) is required and cannot be removed")
            }
            try remove(resolved, filter: filter, from: &state.editor)
            return
        }
        guard let value else { throw .invalidValue("\(op.rawValue) of \(name) requires a value") }
        if let filter {
            try assignFiltered(op, resolved, filter: filter, value: value, in: &state.editor)
        } else if op == .add, let attribute = resolved.attribute, attribute.multiValued, resolved.subName == nil {
            try append(value, to: resolved, attribute, in: &state.editor)
        } else {
            try state.editor.set(resolved, to: value, merge: true)
        }
    }

    // MARK: - Change tracking

    /// The top-level attributes that differ between `old` and `new`; inside extension (`urn:`) objects, the changed
    /// sub-attributes as `urn:…:name`.
    static func changedKeys(from old: [String: JSONValue], to new: [String: JSONValue]) -> Set<String> {
        var changed = Set<String>()
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] {
            if key.hasCaseInsensitivePrefix("urn:"), case .object(let before) = old[key] ?? .object([:]),
                case .object(let after) = new[key] ?? .object([:])
            {
                for inner in Set(before.keys).union(after.keys) where before[inner] != after[inner] {
                    changed.insert(key + ":" + inner)
                }
            } else {
                changed.insert(key)
            }
        }
        return changed
    }
}

/// The mutable state of one PATCH application.
struct PatchState {
    /// The resource being patched.
    var editor: ResourceEditor
    /// The id of the resource being patched.
    let resourceID: String
    /// The member additions and removals (including remove-all) of a group PATCH, in order, for the caller to apply.
    var memberChanges: [MemberChange] = []
}
