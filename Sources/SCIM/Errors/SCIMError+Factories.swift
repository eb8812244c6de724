extension SCIMError {
    /// 400 `invalidFilter` (RFC 7644 §3.4.2.2).
    public static func invalidFilter(_ detail: String) -> SCIMError { SCIMError(.invalidFilter, detail) }
    /// 400 `invalidValue`: missing or wrongly typed value (RFC 7644 §3.12).
    public static func invalidValue(_ detail: String) -> SCIMError { SCIMError(.invalidValue, detail) }
    /// 400 `invalidSyntax`: unparsable request body (RFC 7644 §3.12).
    public static func invalidSyntax(_ detail: String) -> SCIMError { SCIMError(.invalidSyntax, detail) }
    /// 400 `invalidPath`: malformed or unsupported PATCH path (RFC 7644 §3.5.2).
    public static func invalidPath(_ detail: String) -> SCIMError { SCIMError(.invalidPath, detail) }
    /// 400 `noTarget`: the PATCH path matched nothing (RFC 7644 §3.5.2).
    public static func noTarget(_ detail: String) -> SCIMError { SCIMError(.noTarget, detail) }
    /// 400 `mutability`: readOnly/immutable/required attribute touched (RFC 7644 §3.5.2).
    public static func mutability(_ detail: String) -> SCIMError { SCIMError(.mutability, detail) }
    /// 409 `uniqueness` (RFC 7644 §3.3).
    public static func uniqueness(_ detail: String) -> SCIMError { SCIMError(.uniqueness, detail) }
    /// 404 without a keyword: unknown resource id (RFC 7644 §3.12).
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, detail: detail) }
    /// 401 without a keyword: missing or wrong credentials (RFC 7644 §3.12; okta-protocol.md A9).
    public static func unauthorized(_ detail: String) -> SCIMError { SCIMError(status: 401, detail: detail) }
    /// 412: `If-Match` did not match the current version (RFC 7644 §3.14).
    public static func preconditionFailed(_ detail: String) -> SCIMError { SCIMError(status: 412, detail: detail) }
    /// 501: a feature we do not implement, e.g. `/Bulk` (RFC 7644 §3.12).
    public static func notImplemented(_ detail: String) -> SCIMError { SCIMError(status: 501, detail: detail) }
}
