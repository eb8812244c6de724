/* Ceiling for durable single-row writes: one INSERT per transaction, WAL, synchronous=FULL.
 * Usage: fsync_ceiling DB_PATH [SECONDS]   (default 5 s). Prints "commits/s N" on stdout.
 * Build: gcc -O2 -o fsync_ceiling bench/fsync_ceiling.c -lsqlite3
 * Used by bench/scim as the "one commit per write" ceiling that group commit must beat. */
#include "bench_sqlite.h"

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s DB_PATH [SECONDS]\n", argv[0]); return 2; }
    double seconds = argc > 2 ? atof(argv[2]) : 5.0;
    sqlite3 *db = open_database(argv[1], "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                          "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT NOT NULL);");
    sqlite3_stmt *ins;
    check(sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES (?1)", -1, &ins, NULL), db, "prepare");
    char value[64];
    long n = 0;
    double start = now(), end = start + seconds, t = start;
    while (t < end) {
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
        snprintf(value, sizeof value, "user-%ld@bench.example", n);
        sqlite3_bind_text(ins, 1, value, -1, SQLITE_TRANSIENT);
        check(sqlite3_step(ins), db, "insert");
        sqlite3_reset(ins);
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
        n++;
        if ((n & 15) == 0) t = now();
    }
    t = now();
    printf("commits/s %.0f\n", n / (t - start));
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return 0;
}
