/* Helpers shared by the C ceilings of bench/scim (fsync_ceiling.c, schema_ceiling.c). */
#ifndef ROSTER_BENCH_SQLITE_H
#define ROSTER_BENCH_SQLITE_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Monotonic wall time in seconds. */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Exits with SQLite's message unless `rc` is a success code. */
static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

/* Opens `path` with `pragmas` applied (exits on failure). */
static sqlite3 *open_database(const char *path, const char *pragmas) {
    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db, pragmas, NULL, NULL, NULL), db, "setup");
    return db;
}

#endif
