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
    public static readonly IReadOnlyList<string> Migrations = [V1, V2, V3, V4, V5, V6, V7, V8, V9];

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

    // Supervision (why a post is offline), maintenance alerts, and escalation of unacknowledged alarms.
    private const string V3 = """
        -- Why the post is offline now ('last-will' or 'missed-heartbeats') and since when; null while online.
        ALTER TABLE posts_online ADD COLUMN offline_reason TEXT NULL;
        ALTER TABLE posts_online ADD COLUMN offline_since TEXT NULL;

        -- When the alarm was escalated to the second target (no dispatcher acknowledged it in time); null: never.
        ALTER TABLE alarms ADD COLUMN escalated_at TEXT NULL;

        -- A trouble or an offline spell of a post that needs a technician, from its raise to its clear.
        CREATE TABLE maintenance_alerts (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            post_id     TEXT NOT NULL,
            type        TEXT NOT NULL,
            source      TEXT NOT NULL,
            raised_at   TEXT NOT NULL,
            cleared_at  TEXT NULL,
            cleared_by  TEXT NULL
        );

        -- At most one open alert per post and type: raising it again (a re-sent event, a second gateway) is a no-op.
        CREATE UNIQUE INDEX ux_maintenance_alerts_open ON maintenance_alerts (post_id, type) WHERE cleared_at IS NULL;
        CREATE INDEX ix_maintenance_alerts_raised ON maintenance_alerts (raised_at);

        -- Alarms still waiting for a dispatcher, for the escalation check.
        CREATE INDEX ix_alarms_unacknowledged ON alarms (state, escalated_at, received_at);
        """;

    // The console: how a dispatcher closed an alarm, and the audit log of operator actions.
    private const string V4 = """
        -- One resolution per alarm, written once; the alarm row itself is left as the alarm path wrote it.
        CREATE TABLE alarm_resolutions (
            alarm_row_id INTEGER PRIMARY KEY REFERENCES alarms (id),
            outcome      TEXT NOT NULL CHECK (outcome IN ('real', 'prank', 'test', 'fault')),
            notes        TEXT NULL,
            resolved_by  TEXT NOT NULL,
            resolved_at  TEXT NOT NULL
        );

        -- Every operator action (logins, refused ones too); append-only.
        CREATE TABLE audit_log (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        TEXT NOT NULL,
            user_name TEXT NOT NULL,
            action    TEXT NOT NULL,
            subject   TEXT NULL,
            detail    TEXT NULL
        );
        """;

    // Post groups and cameras; camera snapshots of alarms, and their follow-up deliveries.
    private const string V5 = """
        -- Which dispatch targets serve the post, and its camera's still-image URL (never credentials).
        ALTER TABLE posts ADD COLUMN post_group TEXT NOT NULL DEFAULT 'default';
        ALTER TABLE posts ADD COLUMN camera TEXT NULL;

        -- 'alarm': the alarm itself; 'snapshot': its camera picture, sent after the alarm was delivered without it.
        ALTER TABLE dispatch_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'alarm' CHECK (kind IN ('alarm', 'snapshot'));

        -- One camera picture per alarm: the image, or why there is none.
        CREATE TABLE snapshots (
            alarm_row_id INTEGER PRIMARY KEY REFERENCES alarms (id),
            status       TEXT NOT NULL CHECK (status IN ('stored', 'failed')),
            content_type TEXT NULL,
            image        BLOB NULL,
            size         INTEGER NULL,
            taken_at     TEXT NOT NULL,
            attempts     INTEGER NOT NULL,
            error        TEXT NULL
        );
        """;

    // Message authentication: the counters each post's signed messages carried (docs/security.md).
    private const string V6 = """
        -- highest: the highest counter taken; seen: bitmap of the 64 below it (bit i = highest - 1 - i taken);
        -- will_ctr / will_highest: the last last-will taken, and the highest counter when it was taken.
        CREATE TABLE post_counters (
            post_id      TEXT PRIMARY KEY,
            highest      INTEGER NOT NULL,
            seen         INTEGER NOT NULL,
            will_ctr     INTEGER NOT NULL,
            will_highest INTEGER NOT NULL,
            updated_at   TEXT NOT NULL
        );
        """;

    // Group commit (SqliteDatabase.FlushAsync): one row whose update, committed with synchronous=FULL, puts every
    // commit before it on disk.
    private const string V7 = """
        CREATE TABLE store_flush (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            flushes INTEGER NOT NULL
        );
        INSERT INTO store_flush (id, flushes) VALUES (1, 0);
        """;

    // Failed console logins, so the login limit holds across gateways sharing a store and across a restart.
    private const string V8 = """
        -- One row per failure and throttle key ('user:NAME' or 'address:IP'); rows older than the window are pruned.
        CREATE TABLE login_failures (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            throttle_key TEXT NOT NULL,
            at           TEXT NOT NULL
        );

        CREATE INDEX ix_login_failures_key ON login_failures (throttle_key, at);
        CREATE INDEX ix_login_failures_at ON login_failures (at);
        """;

    // The counters of gateway messages to the posts (signed replies): one sequence per post for every gateway; and the
    // heartbeat's count of gateway messages a post refused.
    private const string V9 = """
        CREATE TABLE post_reply_counters (
            post_id    TEXT PRIMARY KEY,
            counter    INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );

        ALTER TABLE posts_online ADD COLUMN refused INTEGER NULL;
        """;
}
