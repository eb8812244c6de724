// Typed wrappers for SQLite's variadic and macro-based API, which Swift cannot call directly.
#ifndef ROSTER_CSQLITE_SHIM_H
#define ROSTER_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type roster_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// sqlite3_db_config is variadic: one typed wrapper per use.
static inline int roster_sqlite_db_config_int(sqlite3 *db, int op, int value, int *result) {
    return sqlite3_db_config(db, op, value, result);
}
/// sqlite3_config is variadic too. Turns off SQLite's memory-usage statistics, which take a global
/// mutex around every sqlite3_malloc/sqlite3_free (https://www.sqlite.org/c3ref/c_config_covering_index_scan.html#sqliteconfigmemstatus).
/// Only allowed before SQLite initialises; returns SQLITE_MISUSE afterwards.
static inline int roster_sqlite_config_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// SQLITE_DBCONFIG_LOOKASIDE takes a buffer pointer and two ints; NULL lets SQLite allocate it.
static inline int roster_sqlite_db_config_lookaside(sqlite3 *db, int slotSize, int slotCount) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, (void *)0, slotSize, slotCount);
}
#endif
