#ifndef FERRY_CODBC_SHIM_H
#define FERRY_CODBC_SHIM_H
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>

/// SQL_OV_ODBC3 is passed to SQLSetEnvAttr as a pointer-sized integer; the cast is a macro in C.
static inline SQLPOINTER ferry_odbc_v3(void) { return (SQLPOINTER)SQL_OV_ODBC3; }

/// SQL_OV_ODBC3_80 (ODBC 3.8 behaviour), passed like SQL_OV_ODBC3.
static inline SQLPOINTER ferry_odbc_v3_80(void) { return (SQLPOINTER)SQL_OV_ODBC3_80; }

/// An integer attribute value (SQL_ATTR_PARAMSET_SIZE, SQL_ATTR_ROW_ARRAY_SIZE, SQL_ATTR_AUTOCOMMIT, …):
/// SQLSetStmtAttr and SQLSetConnectAttr take it in the SQLPOINTER argument itself.
static inline SQLPOINTER ferry_odbc_integer_attribute(SQLULEN value) { return (SQLPOINTER)value; }

/// C data type codes built from other macros (SQL_C_SBIGINT is SQL_BIGINT + SQL_SIGNED_OFFSET),
/// which Swift does not import.
static inline SQLSMALLINT ferry_odbc_c_sbigint(void) { return SQL_C_SBIGINT; }
static inline SQLSMALLINT ferry_odbc_c_double(void) { return SQL_C_DOUBLE; }
static inline SQLSMALLINT ferry_odbc_c_char(void) { return SQL_C_CHAR; }
static inline SQLSMALLINT ferry_odbc_c_bit(void) { return SQL_C_BIT; }
static inline SQLSMALLINT ferry_odbc_c_binary(void) { return SQL_C_BINARY; }
static inline SQLSMALLINT ferry_odbc_c_type_date(void) { return SQL_C_TYPE_DATE; }
static inline SQLSMALLINT ferry_odbc_c_type_timestamp(void) { return SQL_C_TYPE_TIMESTAMP; }

/// SQL_NULL_DATA, SQL_NO_TOTAL and SQL_NTS as SQLLEN (the macros are plain ints).
static inline SQLLEN ferry_odbc_null_data(void) { return SQL_NULL_DATA; }
static inline SQLLEN ferry_odbc_no_total(void) { return SQL_NO_TOTAL; }
#endif
