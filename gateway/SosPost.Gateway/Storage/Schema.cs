namespace SosPost.Gateway.Storage;

/// <summary>
/// The SQLite schema as migrations. Times are text in <see cref="UtcTime"/> form. PRAGMA user_version
/// holds how many migrations a database has had; opening it runs the missing ones, each in one
/// transaction, so a gateway upgrade keeps the alarms, outbox and registry it has.
/// </summary>
internal static class Schema
{
    /// <summary>Run before the migrations: the journal mode cannot change inside a transaction.</summary>
    public const string Pragmas = "PRAGMA journal_mode = WAL;";

    /// <summary><c>Migrations[n]</c> brings a database from user_version n to n + 1.</summary>
    public static readonly IReadOnlyList<string> Migrations = [V1, V2];

    /// <summary>The user_version of a database with every migration.</summary>
    public static int Version => Migrations.Count;

    // Written as "IF NOT EXISTS" because databases made before migrations ran it whole at every start.
    private const string V1 = """
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
        """;

    // Post health: the heartbeat's fields, trouble events and self-test reports.
    private const string V2 = """
        -- What the post's latest heartbeat said (health_at: when we got it; all null before the first).
        ALTER TABLE posts_online ADD COLUMN config_hash TEXT NULL;
        ALTER TABLE posts_online ADD COLUMN link TEXT NULL;
        ALTER TABLE posts_online ADD COLUMN rssi_dbm INTEGER NULL;
        ALTER TABLE posts_online ADD COLUMN mains INTEGER NULL;
        ALTER TABLE posts_online ADD COLUMN battery_mv INTEGER NULL;
        ALTER TABLE posts_online ADD COLUMN tamper INTEGER NULL;
        ALTER TABLE posts_online ADD COLUMN lamp TEXT NULL;
        ALTER TABLE posts_online ADD COLUMN free_mem INTEGER NULL;
        ALTER TABLE posts_online ADD COLUMN reset_reason TEXT NULL;
        ALTER TABLE posts_online ADD COLUMN outbox INTEGER NULL;
        ALTER TABLE posts_online ADD COLUMN health_at TEXT NULL;

        CREATE TABLE post_events (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            post_id     TEXT NOT NULL,
            event_id    INTEGER NOT NULL,
            type        TEXT NOT NULL,
            active      INTEGER NOT NULL,
            uptime_ms   INTEGER NOT NULL,
            at          TEXT NULL,
            received_at TEXT NOT NULL,
            -- As for alarms: a re-send repeats the uptime, a post whose counter restarted does not.
            UNIQUE (post_id, event_id, uptime_ms)
        );

        -- A trouble is open while the latest event (by event id) of its post and type is active.
        CREATE INDEX ix_post_events_latest ON post_events (post_id, type, event_id);

        CREATE TABLE selftests (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            post_id     TEXT NOT NULL,
            test_id     TEXT NOT NULL,
            started_by  TEXT NOT NULL,
            ok          INTEGER NOT NULL,
            lamp        TEXT NOT NULL,
            camera      TEXT NOT NULL,
            link        TEXT NOT NULL,
            storage     TEXT NOT NULL,
            link_rtt_ms INTEGER NULL,
            uptime_ms   INTEGER NOT NULL,
            at          TEXT NULL,
            received_at TEXT NOT NULL,
            -- QoS 1 may deliver one report twice.
            UNIQUE (post_id, test_id, uptime_ms)
        );

        CREATE INDEX ix_selftests_latest ON selftests (post_id, received_at);

        -- Test alarms are never forwarded: drop deliveries an older gateway queued for them.
        DELETE FROM dispatch_outbox
        WHERE status = 'pending' AND alarm_row_id IN (SELECT id FROM alarms WHERE test = 1);
        """;
}
