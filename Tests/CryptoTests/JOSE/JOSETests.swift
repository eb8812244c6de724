import Crypto
import Foundation
import Testing

/// JWS signing and verification, JWK encoding and key generation against RFC 7515/7517 vectors.
@Suite struct JOSETests {
    @Test func rs256SignatureMatchesRFC7515AppendixA2() throws {
        let key = try SigningKey(pem: RFC7515Vectors.rsaPEM)
        #expect(key.algorithm == .rs256)
        let jws = try CompactJWS.sign(header: Array(#"{"alg":"RS256"}"#.utf8), payload: RFC7515Vectors.payload, with: key)
        // PKCS#1 v1.5 is deterministic: the exact RFC signature comes out.
        #expect(jws.serialized == RFC7515Vectors.rs256JWS)
    }

    @Test func rsaPublicJWKMatchesTheRFCKey() throws {
        let jwk = try SigningKey(pem: RFC7515Vectors.rsaPEM).publicJWK(keyID: "2010-12-29")
        #expect(jwk.keyType == "RSA" && jwk.n == RFC7515Vectors.rsaN && jwk.e == "AQAB")
        #expect(jwk.json == #"{"kty":"RSA","n":"\#(RFC7515Vectors.rsaN)","e":"AQAB","kid":"2010-12-29","alg":"RS256","use":"sig"}"#)
        #expect(try JSONWebKey(json: jwk.json) == jwk)
    }

    @Test func rfcRS256SignatureVerifiesWithTheJWKAndTamperingIsRejected() throws {
        let key = try VerificationKey(jwk: JSONWebKey(json: #"{"kty":"RSA","n":"\#(RFC7515Vectors.rsaN)","e":"AQAB"}"#))
        let jws = try CompactJWS(parsing: RFC7515Vectors.rs256JWS)
        #expect(jws.payload == RFC7515Vectors.payload)
        #expect(jws.isValid(under: key))
        var tampered = jws
        tampered.signature[10] ^= 1
        #expect(!tampered.isValid(under: key))
    }

    @Test func rfcES256SignatureVerifiesWithTheAppendixA3JWK() throws {
        // RFC 7517 A.1 style public EC key, the coordinates of RFC 7515 A.3.
        let jwk = try JSONWebKey(
            json: #"{"kty":"EC","crv":"P-256","x":"\#(RFC7515Vectors.ecX)","y":"\#(RFC7515Vectors.ecY)","kid":"1"}"#)
        let key = try VerificationKey(jwk: jwk)
        #expect(key.algorithm == .es256)
        let jws = try CompactJWS(parsing: RFC7515Vectors.es256JWS)
        #expect(jws.signature.count == 64)
        #expect(jws.isValid(under: key))
        var tampered = jws
        tampered.signature[63] ^= 1
        #expect(!tampered.isValid(under: key))
    }

    @Test func es256PublicJWKMatchesTheRFCKeyAndSignaturesRoundTrip() throws {
        let signer = try SigningKey(pem: RFC7515Vectors.ecPEM)
        #expect(signer.algorithm == .es256)
        let jwk = try signer.publicJWK()
        #expect(jwk.curve == "P-256" && jwk.x == RFC7515Vectors.ecX && jwk.y == RFC7515Vectors.ecY)
        let jws = try CompactJWS.sign(header: Array(#"{"alg":"ES256"}"#.utf8), payload: RFC7515Vectors.payload, with: signer)
        #expect(jws.signature.count == 64)
        let verifier = try VerificationKey(jwk: jwk)
        #expect(try CompactJWS(parsing: jws.serialized).isValid(under: verifier))
        var tampered = jws
        tampered.payload[0] = UInt8(ascii: "[")
        tampered.signingInput = Base64URL.encode(tampered.header) + "." + Base64URL.encode(tampered.payload)
        #expect(!tampered.isValid(under: verifier))
    }

    @Test(arguments: SigningKey.Kind.allCases)
    func generatedKeysRoundTripThroughPEMAndTheirJWKVerifies(kind: SigningKey.Kind) throws {
        let key = try SigningKey.generate(kind)
        #expect(key.algorithm == (kind == .rsa ? .rs256 : .es256))
        let reloaded = try SigningKey(pem: key.pemEncoded())
        #expect(try reloaded.publicJWK() == key.publicJWK())
        let jws = try CompactJWS.sign(header: Array(#"{"alg":"x"}"#.utf8), payload: Array("hello".utf8), with: reloaded)
        let verifier = try VerificationKey(jwk: JSONWebKey(json: key.publicJWK().json))
        #expect(jws.isValid(under: verifier))
        let other = try VerificationKey(jwk: SigningKey.generate(kind).publicJWK())
        #expect(!jws.isValid(under: other))
    }

    @Test func thumbprintIsStableAndDiffersBetweenKeys() throws {
        let jwk = try SigningKey(pem: RFC7515Vectors.ecPEM).publicJWK()
        var renamed = jwk
        renamed.keyID = "other"
        #expect(jwk.thumbprint == renamed.thumbprint && jwk.thumbprint.count == 43)
        #expect(try SigningKey(pem: RFC7515Vectors.rsaPEM).publicJWK().thumbprint != jwk.thumbprint)
    }

    @Test func refusesBadKeysAndJWKs() throws {
        #expect(throws: JOSEError.self) { try SigningKey(pem: "not a key") }
        #expect(throws: JOSEError.self) { try JSONWebKey(json: #"{"kty":"oct","k":"AAAA"}"#) }
        #expect(throws: JOSEError.self) {
            try VerificationKey(jwk: JSONWebKey(json: #"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#))
        }
        #expect(throws: JOSEError.self) { try VerificationKey(jwk: JSONWebKey(json: #"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#)) }
        #expect(throws: JOSEError.self) { try CompactJWS(parsing: "a.b") }
    }
}
