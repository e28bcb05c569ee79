#ifndef PIIVAULT_CSQLITE_SHIM_H
#define PIIVAULT_CSQLITE_SHIM_H
#include <sqlite3.h>

// Swift cannot import SQLITE_TRANSIENT (a cast of -1 to a function pointer).
static inline sqlite3_destructor_type piivault_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
#endif
