/* Ceiling for SCIM writes imposed by SQLite alone: the rows Roster writes for one POST /Users
 * (the user, its email index row, its audit event) and for one PATCH toggling `active` (the version
 * check, the update, its audit event), on a database with Roster's real schema, by one thread, 16
 * writes per synchronous=FULL transaction (wrk's 16 connections can have at most 16 writes in one
 * group commit). No HTTP, no JSON, no Swift: what the single SQLite writer could do at best.
 *
 * Usage: schema_ceiling DB_PATH TENANT CONNECTION_ID [SECONDS]   (default 5 s per phase)
 * DB_PATH must be a database Roster created (so it has every migration), holding TENANT and its
 * connection CONNECTION_ID. Prints "creates/s N cpu_us K" then "updates/s N cpu_us K", where
 * cpu_us is the CPU time of this process per write (user + system).
 * Build: gcc -O2 -o schema_ceiling bench/schema_ceiling.c -lsqlite3
 * Used by bench/scim to show how much of the writer's budget SQLite takes by itself. */
#include <sys/resource.h>

#include "bench_sqlite.h"

enum { BATCH = 16 };

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec
        + usage.ru_stime.tv_usec / 1e6;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *statement;
    check(sqlite3_prepare_v2(db, sql, -1, &statement, NULL), db, sql);
    return statement;
}

static void run(sqlite3 *db, sqlite3_stmt *statement, const char *what) {
    check(sqlite3_step(statement), db, what);
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
}

static void text(sqlite3_stmt *statement, int index, const char *value) {
    sqlite3_bind_text(statement, index, value, -1, SQLITE_TRANSIENT);
}

/* The audit event, as AuditRecorder.append writes it. */
static void audit(sqlite3 *db, sqlite3_stmt *insert, long long time, const char *tenant, const char *connection,
                  const char *request, const char *action, const char *id, const char *before, const char *after) {
    sqlite3_bind_int64(insert, 1, time);
    text(insert, 2, tenant);
    text(insert, 3, connection);
    text(insert, 4, "scim");
    text(insert, 5, request);
    text(insert, 6, action);
    text(insert, 7, "user");
    text(insert, 8, id);
    if (before) text(insert, 9, before);
    text(insert, 10, after);
    run(db, insert, "audit insert");
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s DB_PATH TENANT CONNECTION_ID [SECONDS]\n", argv[0]);
        return 2;
    }
    const char *tenant = argv[2], *connection = argv[3];
    double seconds = argc > 4 ? atof(argv[4]) : 5.0;
    /* The writer connection's settings (SQLiteConnection.configureForWriting). */
    sqlite3 *db = open_database(argv[1], "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                                          "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;");
    sqlite3_stmt *begin = prepare(db, "BEGIN IMMEDIATE"), *commit = prepare(db, "COMMIT");
    sqlite3_stmt *insertUser = prepare(db,
        "INSERT INTO users (id, tenant, connection_id, external_id, user_name, user_name_canonical, active,"
        " deleted_at, attributes, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *insertEmail = prepare(db,
        "INSERT INTO user_emails (tenant, user_id, value_canonical) VALUES (?, ?, ?)");
    sqlite3_stmt *insertAudit = prepare(db,
        "INSERT INTO audit_events (time, tenant, connection_id, actor, request_id, action, subject_type,"
        " subject_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *liveVersion = prepare(db,
        "SELECT version FROM users WHERE tenant = ? AND connection_id = ? AND id = ? AND deleted_at IS NULL");
    sqlite3_stmt *update = prepare(db,
        "UPDATE users SET updated_at = ?, version = ?, active = ?, attributes = ? WHERE tenant = ? AND id = ?"
        " AND version = ?");

    /* Phase 1: creates. Ids are time-ordered like ResourceID.make(); names unique per run. */
    char id[64], name[96], external[112], attributes[512], after[320], request[64];
    unsigned run_tag = (unsigned)(now() * 1000) & 0xffffff;
    long long base_time = 1796000000000LL;
    long created = 0;
    double start = now(), end = start + seconds, cpu = cpu_seconds();
    while (now() < end) {
        run(db, begin, "begin");
        for (int i = 0; i < BATCH; i++, created++) {
            snprintf(id, sizeof id, "01a2%04x-%04x-7000-8000-%012lx", run_tag >> 8, run_tag & 0xff, created);
            snprintf(name, sizeof name, "c%06x-%ld@bench.example", run_tag, created);
            snprintf(external, sizeof external, "ext-%s", name);
            snprintf(attributes, sizeof attributes,
                     "{\"active\":true,\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"%s\"}],"
                     "\"externalId\":\"%s\",\"name\":{\"familyName\":\"User %ld\",\"givenName\":\"Bench\"},"
                     "\"userName\":\"%s\"}", name, external, created, name);
            snprintf(after, sizeof after, "{\"active\":true,\"externalId\":\"%s\",\"userName\":\"%s\"}", external, name);
            snprintf(request, sizeof request, "r-%06x-%ld", run_tag, created);
            text(insertUser, 1, id);
            text(insertUser, 2, tenant);
            text(insertUser, 3, connection);
            text(insertUser, 4, external);
            text(insertUser, 5, name);
            text(insertUser, 6, name);
            sqlite3_bind_int(insertUser, 7, 1);
            text(insertUser, 9, attributes);
            sqlite3_bind_int64(insertUser, 10, base_time + created);
            sqlite3_bind_int64(insertUser, 11, base_time + created);
            sqlite3_bind_int(insertUser, 12, 1);
            run(db, insertUser, "user insert");
            text(insertEmail, 1, tenant);
            text(insertEmail, 2, id);
            text(insertEmail, 3, name);
            run(db, insertEmail, "email insert");
            audit(db, insertAudit, base_time + created, tenant, connection, request, "user.provisioned", id, NULL, after);
        }
        run(db, commit, "commit");
    }
    double elapsed = now() - start;
    printf("creates/s %.0f cpu_us %.1f\n", created / elapsed, (cpu_seconds() - cpu) * 1e6 / created);

    /* Phase 2: PATCH-like deactivations and reactivations of the users just created. */
    long updated = 0;
    int version_of_round = 1;
    start = now(); end = start + seconds; cpu = cpu_seconds();
    while (now() < end) {
        run(db, begin, "begin");
        for (int i = 0; i < BATCH; i++, updated++) {
            long index = updated % created;
            if (index == 0 && updated > 0) version_of_round++;
            int active = version_of_round % 2 == 0;
            snprintf(id, sizeof id, "01a2%04x-%04x-7000-8000-%012lx", run_tag >> 8, run_tag & 0xff, index);
            snprintf(name, sizeof name, "c%06x-%ld@bench.example", run_tag, index);
            snprintf(attributes, sizeof attributes,
                     "{\"active\":%s,\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"%s\"}],"
                     "\"externalId\":\"ext-%s\",\"name\":{\"familyName\":\"User %ld\",\"givenName\":\"Bench\"},"
                     "\"userName\":\"%s\"}", active ? "true" : "false", name, name, index, name);
            snprintf(after, sizeof after, "{\"active\":%s}", active ? "true" : "false");
            snprintf(request, sizeof request, "p-%06x-%ld", run_tag, updated);
            text(liveVersion, 1, tenant);
            text(liveVersion, 2, connection);
            text(liveVersion, 3, id);
            check(sqlite3_step(liveVersion), db, "version");
            long long version = sqlite3_column_int64(liveVersion, 0);
            sqlite3_reset(liveVersion);
            sqlite3_bind_int64(update, 1, base_time + created + updated);
            sqlite3_bind_int64(update, 2, version + 1);
            sqlite3_bind_int(update, 3, active);
            text(update, 4, attributes);
            text(update, 5, tenant);
            text(update, 6, id);
            sqlite3_bind_int64(update, 7, version);
            run(db, update, "update");
            audit(db, insertAudit, base_time + created + updated, tenant, connection, request,
                  active ? "user.reactivated" : "user.deactivated", id, active ? "{\"active\":false}" : "{\"active\":true}",
                  after);
        }
        run(db, commit, "commit");
    }
    elapsed = now() - start;
    printf("updates/s %.0f cpu_us %.1f\n", updated / elapsed, (cpu_seconds() - cpu) * 1e6 / updated);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_finalize(insertUser);
    sqlite3_finalize(insertEmail);
    sqlite3_finalize(insertAudit);
    sqlite3_finalize(liveVersion);
    sqlite3_finalize(update);
    sqlite3_close(db);
    return 0;
}
