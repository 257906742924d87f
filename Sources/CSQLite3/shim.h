#ifndef FERRY_CSQLITE3_SHIM_H
#define FERRY_CSQLITE3_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a destructor pointer, which Swift cannot import.
static inline sqlite3_destructor_type ferry_sqlite_transient(void) { return SQLITE_TRANSIENT; }
/// SQLITE_STATIC is a macro casting 0 to a destructor pointer, which Swift cannot import.
static inline sqlite3_destructor_type ferry_sqlite_static(void) { return SQLITE_STATIC; }
#endif
