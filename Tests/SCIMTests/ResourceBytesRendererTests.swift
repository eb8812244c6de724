import Core
import Foundation
import SCIM
import Testing

/// The byte renderer is a fast path of the tree renderer: for the default projection both must
/// produce the very same bytes, whatever the stored attributes hold.
@Suite("SCIM byte renderer")
struct ResourceBytesRendererTests {
    private let renderer = SCIMResourceRenderer(baseURL: "https://roster.example/scim/v2/acme/c1")
    private let meta = SCIMMeta(
        created: Date(timeIntervalSince1970: 1_700_000_000.123), lastModified: Date(timeIntervalSince1970: 1_700_000_100),
        version: "7")

    /// Mirrors UserRendering.attributes: `active` from the column, kept absent when unassigned.
    private func tree(_ stored: String, active: Bool, groups: [SCIMGroupReference]?) throws -> [UInt8] {
        var object = try JSONValue.parse(stored).objectValue ?? [:]
        if active || object["active"] != nil { object["active"] = .bool(active) }
        return renderer.renderUser(attributes: .object(object), id: "u-1", meta: meta, groups: groups).serialized()
    }

    /// The fast path over `stored` as the store keeps it: serialised by `JSONValue.serialized()`
    /// (or, with `canonical: false`, exactly as given).
    private func bytes(_ stored: String, active: Bool, groups: [SCIMGroupReference]?, canonical: Bool = true) throws
        -> [UInt8]?
    {
        let blob = canonical ? try JSONValue.parse(stored).serialized() : Array(stored.utf8)
        var output: [UInt8] = []
        guard renderer.writeUser(stored: blob, active: active, id: "u-1", meta: meta, groups: groups, into: &output)
        else { return nil }
        return output
    }

    @Test("same bytes as the tree renderer", arguments: [
        #"{}"#,
        #"{"userName":"a@b","active":true}"#,
        #"{"userName":"a@b","active":false,"name":{"givenName":"Å"}}"#,
        #"{"Active":"x","userName":"a"}"#,
        #"{"password":"p","PASSWORD":"q","id":"forged","Id":"x","meta":{},"schemas":["x"],"userName":"a"}"#,
        #"{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"},"URN:custom:x":{"a":1},"urn:not-object":"s","userName":"a"}"#,
        #"{"emails":[{"value":"a@b","type":"work","primary":true}],"$weird\"key":1,"zeta":null,"Zeta":[1,2.5]}"#,
        #"{"displayName":"Zoë \"Q\" \n","groups":[{"value":"forged"}]}"#,
    ])
    func sameBytes(_ stored: String) throws {
        for active in [true, false] {
            for groups in [nil, [], [SCIMGroupReference(id: "g1", display: "Eng"), SCIMGroupReference(id: "g2")]] as [[SCIMGroupReference]?] {
                let fast = try #require(try bytes(stored, active: active, groups: groups))
                let slow = try tree(stored, active: active, groups: groups)
                #expect(String(decoding: fast, as: UTF8.self) == String(decoding: slow, as: UTF8.self))
                // Stored bytes in another member order or spacing still give the same value.
                let loose = try #require(try bytes(stored, active: active, groups: groups, canonical: false))
                #expect(try JSONValue.parse(loose) == JSONValue.parse(slow))
            }
        }
    }

    @Test("a stored value that is not an object falls back, leaving the output untouched")
    func fallback() {
        var output: [UInt8] = [1, 2]
        #expect(!renderer.writeUser(stored: Array("[1]".utf8), active: true, id: "u", meta: meta, groups: nil, into: &output))
        #expect(output == [1, 2])
    }

    @Test("ListResponse.write matches the tree envelope")
    func listEnvelope() throws {
        let resources: [JSONValue] = [try JSONValue.parse(#"{"a":1}"#), try JSONValue.parse(#"{"b":[true]}"#)]
        for (total, start, page) in [(0, 1, [JSONValue]()), (5, 3, resources)] {
            let tree = ListResponse(totalResults: total, startIndex: start, resources: page).json.serialized()
            let fast = ListResponse.write(totalResults: total, startIndex: start, count: page.count) { index, output in
                JSONValue.write(page[index], into: &output)
            }
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: tree, as: UTF8.self))
        }
    }
}
