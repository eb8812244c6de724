// OpenSSL headers used by Crypto (libcrypto) and HTTPServer's TLS (libssl), plus typed wrappers
// for the macros Swift cannot import (most SSL_CTX_set_* "functions" are SSL_CTX_ctrl macros:
// https://docs.openssl.org/3.0/man3/SSL_CTX_set_min_proto_version/,
// https://docs.openssl.org/3.0/man3/SSL_CTX_set_mode/).
#ifndef ROSTER_COPENSSL_SHIM_H
#define ROSTER_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
// JOSE signing keys (issue 9): key generation and import, ECDSA signature conversion.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/param_build.h>
#include <openssl/x509v3.h>
#include <openssl/ssl.h>

/// SSL_CTX_set_min_proto_version (TLS1_2_VERSION, TLS1_3_VERSION, ...); 1 on success.
static inline int roster_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
/// SSL_CTX_set_max_proto_version; 0 means "the highest the library supports".
static inline int roster_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
/// SSL_CTX_set_mode: adds mode bits, returns the new mask.
static inline long roster_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
/// SSL_CTX_set_read_ahead: let record reads fetch as many bytes as the socket has, not one
/// record header then one body (https://docs.openssl.org/3.0/man3/SSL_CTX_set_read_ahead/).
static inline void roster_SSL_CTX_set_read_ahead(SSL_CTX *ctx, int yes) {
    SSL_CTX_set_read_ahead(ctx, yes);
}
/// SSL_set_tlsext_host_name: the SNI a client sends; 1 on success.
static inline int roster_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
/// Mode and option bits as plain integers (some are wider than Swift's import of the macro).
static inline long roster_SSL_MODE_ENABLE_PARTIAL_WRITE(void) { return SSL_MODE_ENABLE_PARTIAL_WRITE; }
static inline long roster_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER(void) { return SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER; }
static inline uint64_t roster_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t roster_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t roster_SSL_OP_CIPHER_SERVER_PREFERENCE(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline uint64_t roster_SSL_OP_IGNORE_UNEXPECTED_EOF(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
/// X509_NAME_print_ex flags for an RFC 2253 distinguished name (CN=...,O=...).
static inline unsigned long roster_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }

#endif
