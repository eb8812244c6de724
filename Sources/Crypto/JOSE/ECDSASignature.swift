internal import COpenSSL

/// Converts ECDSA P-256 signatures between OpenSSL's DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3)
/// and the JWS form, the 32-byte big-endian `R` followed by the 32-byte `S` (RFC 7518 §3.4),
/// using OpenSSL's `ECDSA_SIG` (https://docs.openssl.org/3.0/man3/ECDSA_SIG_new/).
enum ECDSASignature {
    /// The byte length of each of `R` and `S` for P-256.
    static let coordinateSize = 32

    /// `R || S` from a DER signature, or nil if it does not parse.
    static func raw(fromDER der: [UInt8]) -> [UInt8]? {
        der.withUnsafeBufferPointer { buffer -> [UInt8]? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let signature = d2i_ECDSA_SIG(nil, &cursor, buffer.count) else { return nil }
            defer { ECDSA_SIG_free(signature) }
            var r: OpaquePointer?
            var s: OpaquePointer?
            ECDSA_SIG_get0(signature, &r, &s)
            var output = [UInt8](repeating: 0, count: 2 * coordinateSize)
            let size = Int32(coordinateSize)
            let written = output.withUnsafeMutableBufferPointer { out in
                BN_bn2binpad(r, out.baseAddress, size) == size
                    && BN_bn2binpad(s, out.baseAddress! + coordinateSize, size) == size
            }
            return written ? output : nil
        }
    }

    /// A DER signature from `R || S`, or nil when `raw` is not 64 bytes.
    static func der(fromRaw raw: [UInt8]) -> [UInt8]? {
        guard raw.count == 2 * coordinateSize, let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let r = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32(coordinateSize), nil) }
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + coordinateSize, Int32(coordinateSize), nil) }
        guard let r, let s else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        // ECDSA_SIG_set0 takes ownership of r and s.
        guard ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var output = [UInt8](repeating: 0, count: Int(length))
        let written = output.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? output : nil
    }
}
