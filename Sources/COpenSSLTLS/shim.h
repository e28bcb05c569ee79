#ifndef PIIVAULT_COPENSSLTLS_SHIM_H
#define PIIVAULT_COPENSSLTLS_SHIM_H
// OpenSSL's TLS (libssl) for the TLS module alone; the vault's crypto reaches libcrypto through COpenSSL.
#include <openssl/ssl.h>
#include <openssl/err.h>

// SSL_set_tlsext_host_name and SSL_CTX_set_min_proto_version are macros, which Swift cannot call.
static inline int piivault_ssl_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
static inline int piivault_ssl_ctx_require_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}
static inline int piivault_ssl_ctx_require_tls13(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
}
// Verifies the context's own certificate (with the chain it was given) against its trust store, as every
// other node will: 1 when it chains to the CA and is valid now. SSL_CTX_get0_chain_certs is a macro.
static inline int piivault_ssl_ctx_check_chain(SSL_CTX *ctx) {
    X509 *leaf = SSL_CTX_get0_certificate(ctx);
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    STACK_OF(X509) *chain = NULL;
    if (leaf == NULL || store == NULL || SSL_CTX_get0_chain_certs(ctx, &chain) != 1) return 0;
    X509_STORE_CTX *check = X509_STORE_CTX_new();
    if (check == NULL) return 0;
    int verified = X509_STORE_CTX_init(check, store, leaf, chain) == 1 && X509_verify_cert(check) == 1;
    X509_STORE_CTX_free(check);
    return verified;
}
// The verified peer certificate's subject common name (for audit records naming the calling node): its
// length, or -1 without a certificate or a name. The certificate is borrowed, not freed.
static inline int piivault_ssl_peer_common_name(const SSL *ssl, char *out, int size) {
    X509 *certificate = SSL_get0_peer_certificate(ssl);
    if (certificate == NULL) return -1;
    return X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, out, size);
}
#endif
