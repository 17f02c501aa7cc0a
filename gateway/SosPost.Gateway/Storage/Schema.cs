namespace SosPost.Gateway.Storage;

/// <summary>
/// The SQLite schema. Times are text in <see cref="UtcTime"/> form. Statements are idempotent, so
/// opening an existing database is safe; user_version marks the schema for later migrations.
/// </summary>
internal static class Schema
{
    public const string Sql = """
        PRAGMA journal_mode = WAL;

        CREATE TABLE IF NOT EXISTS posts (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL,
            latitude   REAL NOT NULL,
            longitude  REAL NOT NULL,
            address    TEXT NOT NULL,
            station    TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS posts_online (
            post_id   TEXT PRIMARY KEY,
            online    INTEGER NOT NULL,
            firmware  TEXT NULL,
            last_seen TEXT NULL,
            uptime_ms INTEGER NULL,
            uptime_at TEXT NULL
        );

        CREATE TABLE IF NOT EXISTS alarms (
            id                   INTEGER PRIMARY KEY AUTOINCREMENT,
            post_id              TEXT NOT NULL,
            alarm_id             INTEGER NOT NULL,
            kind                 TEXT NOT NULL,
            test                 INTEGER NOT NULL,
            presses              INTEGER NOT NULL,
            uptime_ms            INTEGER NOT NULL,
            pressed_at           TEXT NULL,
            pressed_at_estimated TEXT NULL,
            snapshot             INTEGER NOT NULL,
            received_at          TEXT NOT NULL,
            state                TEXT NOT NULL CHECK (state IN ('received', 'dispatched')),
            dispatched_at        TEXT NULL,
            dispatched_by        TEXT NULL,
            -- A re-send repeats the first press's uptime; a post whose counter restarted (a replaced
            -- board, lost flash) does not, so its new alarm is never mistaken for an old one.
            UNIQUE (post_id, alarm_id, uptime_ms)
        );

        CREATE INDEX IF NOT EXISTS ix_alarms_received_at ON alarms (received_at);

        CREATE TABLE IF NOT EXISTS dispatch_outbox (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            alarm_row_id    INTEGER NOT NULL REFERENCES alarms (id),
            target          TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error      TEXT NULL,
            delivered_at    TEXT NULL
        );

        CREATE INDEX IF NOT EXISTS ix_outbox_due ON dispatch_outbox (status, next_attempt_at);
        CREATE INDEX IF NOT EXISTS ix_outbox_alarm ON dispatch_outbox (alarm_row_id);

        PRAGMA user_version = 1;
        """;
}
