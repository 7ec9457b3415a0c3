#ifndef OKR_CLMDB_SHIM_H
#define OKR_CLMDB_SHIM_H
#include <lmdb.h>
#endif
