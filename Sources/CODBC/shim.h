#ifndef FERRY_CODBC_SHIM_H
#define FERRY_CODBC_SHIM_H
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

/// SQL_OV_ODBC3 is passed to SQLSetEnvAttr as a pointer-sized integer; the cast is a macro in C.
static inline SQLPOINTER ferry_odbc_v3(void) { return (SQLPOINTER)SQL_OV_ODBC3; }
#endif
