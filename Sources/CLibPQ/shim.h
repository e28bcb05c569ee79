#ifndef PIIVAULT_CLIBPQ_SHIM_H
#define PIIVAULT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
