import Core
import SCIM

/// Parses a JSON literal in tests (crashes the test on malformed fixtures).
func json(_ text: String) -> JSONValue {
    do { return try JSONValue.parse(text) } catch { fatalError("bad fixture: \(error) in \(text.prefix(200))") }
}

/// Parses a filter, crashing on error (for fixtures that must parse).
func filter(_ text: String, _ kind: SCIMResourceKind? = .user) -> SCIMFilter {
    do { return try SCIMFilter.parse(text, for: kind) } catch { fatalError("bad filter fixture: \(error)") }
}

/// Shorthand for a path.
func path(_ name: String, _ sub: String? = nil, urn: String? = nil) -> AttributePath {
    AttributePath(schemaURN: urn, name: name, subAttribute: sub)
}

/// A stored user used across tests.
let sampleUser = json(
    """
    {"userName":"Jane.Doe@Example.com","externalId":"00uABC","active":true,"displayName":"Jane Doe",
     "name":{"givenName":"Jane","familyName":"Doe"},"title":"Engineer",
     "emails":[{"value":"jane@example.com","type":"work","primary":true},{"value":"jd@home.org","type":"home"}],
     "phoneNumbers":[{"value":"+1 555","type":"mobile"}],
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"42"},
     "meta":{"created":"2026-01-05T10:00:00Z","lastModified":"2026-02-01T08:30:00Z"},
     "id":"a1b2c3"}
    """)
