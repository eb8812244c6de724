import Core

/// A PATCH request body (RFC 7644 §3.5.2): `{"schemas":[PatchOp URN],"Operations":[…]}`.
public struct PatchRequest: Sendable, Equatable {
    /// The operations, in order.
    public var operations: [PatchOperation]

    /// The most operations one request may carry (hardening.md §4.2: explicit limits).
    public static let maxOperations = 1000

    /// Creates a request.
    public init(operations: [PatchOperation]) { self.operations = operations }

    /// Parses a PATCH body. `Operations`, `op`, `path` and `value` are matched case-insensitively
    /// (Entra, okta-protocol.md B); `schemas`, when present, must list the PatchOp URN.
    /// - Throws: 400 `invalidSyntax` for a malformed body, 400 `invalidPath` for a bad path,
    ///   400 `invalidValue` for a missing value.
    public init(json body: JSONValue, kind: SCIMResourceKind) throws(SCIMError) {
        guard case .object(let members) = body else { throw .invalidSyntax("the PATCH body must be a JSON object") }
        if let schemas = FilterEvaluator.member("schemas", of: members) {
            guard case .array(let urns) = schemas,
                urns.contains(where: { $0.stringValue?.caseInsensitiveEquals(SCIMURN.patchOp) == true })
            else { throw .invalidSyntax("schemas must contain \(SCIMURN.patchOp)") }
        }
        guard case .array(let list)? = FilterEvaluator.member("Operations", of: members) else {
            throw .invalidSyntax("Operations must be an array")
        }
        guard list.count <= Self.maxOperations else {
            throw .invalidSyntax("at most \(Self.maxOperations) operations are allowed in one request")
        }
        var operations: [PatchOperation] = []
        operations.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            do {
                operations.append(try PatchOperation(json: item, kind: kind))
            } catch {
                throw SCIMError(status: error.status, scimType: error.scimType, detail: "Operations[\(index)]: \(error.detail)")
            }
        }
        self.operations = operations
    }

    /// Parses raw body bytes.
    public init(bytes: some Collection<UInt8>, kind: SCIMResourceKind, maxBytes: Int = JSONValue.defaultMaxBytes)
        throws(SCIMError)
    {
        try self.init(json: SCIMRequestBody.parse(bytes, maxBytes: maxBytes), kind: kind)
    }
}

/// One PATCH operation.
public struct PatchOperation: Sendable, Equatable {
    /// The operation kinds (RFC 7644 §3.5.2.1–3).
    public enum Op: String, Sendable, Equatable {
        /// `add`.
        case add
        /// `remove`.
        case remove
        /// `replace`.
        case replace
    }

    /// What to do.
    public var op: Op
    /// Where; nil for a path-less operation.
    public var path: PatchPath?
    /// The value; nil when absent.
    public var value: JSONValue?

    /// Creates an operation.
    public init(op: Op, path: PatchPath? = nil, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }

    /// Parses one element of `Operations`.
    public init(json: JSONValue, kind: SCIMResourceKind) throws(SCIMError) {
        guard case .object(let members) = json else { throw .invalidSyntax("an operation must be an object") }
        guard case .string(let name)? = FilterEvaluator.member("op", of: members),
            let op = Op(rawValue: name.lowercased())
        else { throw .invalidSyntax("op must be add, remove or replace") }
        self.op = op
        switch FilterEvaluator.member("path", of: members) {
        case nil, .null?: path = nil
        case .string(let text)?:
            let trimmed = text.trimmingSpaces()
            path = trimmed.isEmpty ? nil : try PatchPath.parse(trimmed, for: kind)
        case let other?: throw .invalidPath("path must be a string, got \(other.typeName)")
        }
        value = FilterEvaluator.member("value", of: members)
    }
}
