import Foundation
internal import COpenSSL

/// A public key that verifies RS256 or ES256 JWS signatures, built from a JWK through OpenSSL's
/// `EVP_PKEY_fromdata` (https://docs.openssl.org/3.0/man3/EVP_PKEY_fromdata/) and checked with
/// `EVP_DigestVerify*`. Used by the fake Okta and by tests; Okta itself verifies our assertions.
///
/// `@unchecked Sendable`: the `EVP_PKEY` is never modified after `init` and OpenSSL 3 allows
/// concurrent read-only use (https://docs.openssl.org/3.0/man7/openssl-threads/); every
/// verification uses its own `EVP_MD_CTX`.
public final class VerificationKey: @unchecked Sendable {
    /// The owned public `EVP_PKEY *` (freed in `deinit`).
    let key: OpaquePointer
    /// RS256 for an RSA JWK, ES256 for a P-256 JWK.
    public let algorithm: JWSAlgorithm

    /// `EVP_PKEY_PUBLIC_KEY` (`OSSL_KEYMGMT_SELECT_ALL_PARAMETERS | …_PUBLIC_KEY`, a compound macro
    /// Swift cannot import).
    private static let publicKeySelection: Int32 = 0x86

    /// The key a JWK describes.
    /// - Throws: ``JOSEError/invalidJWK(_:)`` for unsupported types or curves, bad base64url, a
    ///   short RSA modulus, or a point OpenSSL refuses.
    public init(jwk: JSONWebKey) throws(JOSEError) {
        ERR_clear_error()
        guard let builder = OSSL_PARAM_BLD_new() else { throw .openSSL(CryptoError.lastOpenSSLError()) }
        defer { OSSL_PARAM_BLD_free(builder) }
        var numbers: [OpaquePointer] = []
        defer { numbers.forEach { BN_free($0) } }
        // OSSL_PARAM_BLD keeps the key and string pointers until OSSL_PARAM_BLD_to_param, so they
        // must outlive the push calls: copies freed on exit, not Swift's temporary C strings.
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer { strings.forEach { free($0) } }
        func cString(_ text: String) -> UnsafeMutablePointer<CChar> {
            let copy = strdup(text)!
            strings.append(copy)
            return copy
        }
        func number(_ text: String?, _ name: String) throws(JOSEError) -> OpaquePointer {
            guard let text, let bytes = Base64URL.decode(text), !bytes.isEmpty,
                let value = BN_bin2bn(bytes, Int32(bytes.count), nil)
            else { throw .invalidJWK("member \(name) is not base64url") }
            numbers.append(value)
            return value
        }
        let typeName: String
        var point: [UInt8] = []
        switch jwk.keyType {
        case "RSA":
            typeName = "RSA"
            let modulus = try number(jwk.n, "n")
            guard BN_num_bits(modulus) >= 2048 else { throw .invalidJWK("RSA modulus shorter than 2048 bits") }
            guard OSSL_PARAM_BLD_push_BN(builder, cString("n"), modulus) == 1,
                OSSL_PARAM_BLD_push_BN(builder, cString("e"), try number(jwk.e, "e")) == 1
            else { throw .openSSL(CryptoError.lastOpenSSLError()) }
            algorithm = .rs256
        case "EC":
            typeName = "EC"
            guard jwk.curve == "P-256" else { throw .invalidJWK("unsupported curve \(jwk.curve ?? "none")") }
            guard let x = jwk.x.flatMap(Base64URL.decode), let y = jwk.y.flatMap(Base64URL.decode), x.count == 32,
                y.count == 32
            else { throw .invalidJWK("x and y must be 32-byte base64url values") }
            // SEC 1 §2.3.3 uncompressed point: 0x04 || x || y.
            point = [0x04] + x + y
            guard OSSL_PARAM_BLD_push_utf8_string(builder, cString("group"), cString("prime256v1"), 0) == 1 else {
                throw .openSSL(CryptoError.lastOpenSSLError())
            }
            algorithm = .es256
        default:
            throw .invalidJWK("unsupported kty \(jwk.keyType)")
        }
        let pub = cString("pub")
        let built: OpaquePointer? = point.withUnsafeBytes { buffer in
            if !point.isEmpty, OSSL_PARAM_BLD_push_octet_string(builder, pub, buffer.baseAddress, buffer.count) != 1 {
                return nil
            }
            guard let parameters = OSSL_PARAM_BLD_to_param(builder) else { return nil }
            defer { OSSL_PARAM_free(parameters) }
            guard let context = EVP_PKEY_CTX_new_from_name(nil, typeName, nil) else { return nil }
            defer { EVP_PKEY_CTX_free(context) }
            var key: OpaquePointer?
            guard EVP_PKEY_fromdata_init(context) == 1,
                EVP_PKEY_fromdata(context, &key, Self.publicKeySelection, parameters) == 1
            else { return nil }
            return key
        }
        guard let built else { throw .invalidJWK("OpenSSL refused the key: \(CryptoError.lastOpenSSLError())") }
        key = built
    }

    deinit { EVP_PKEY_free(key) }

    /// Whether `signature` (raw `R || S` for ES256) is valid for `message` under this key.
    public func verify(_ signature: [UInt8], for message: some Collection<UInt8>) -> Bool {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let encoded: [UInt8]
        switch algorithm {
        case .rs256: encoded = signature
        case .es256:
            guard let der = ECDSASignature.der(fromRaw: signature) else { return false }
            encoded = der
        }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
        return withContiguousBytes(message) { input in
            EVP_DigestVerify(context, encoded, encoded.count, input.baseAddress, input.count) == 1
        }
    }
}
