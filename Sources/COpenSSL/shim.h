#ifndef PIIVAULT_COPENSSL_SHIM_H
#define PIIVAULT_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/hmac.h>
#endif
