namespace SosPost.Gateway.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as migrations: the same tables and columns as the SQLite <see cref="Schema"/>, with
/// times as timestamptz, flags as boolean and ids as identity columns. Table sospost_schema holds one row per
/// migration a database has had; <see cref="PostgresDatabase"/> runs the missing ones under an advisory lock.
/// Append-only: a new SQLite migration gets its counterpart here as the next entry.
/// </summary>
internal static class PostgresSchema
{
    /// <summary><c>Migrations[n]</c> brings a database from version n to n + 1.</summary>
    public static readonly IReadOnlyList<string> Migrations = [V1, V2, V3, V4];

    /// <summary>The version of a database with every migration.</summary>
    public static int Version => Migrations.Count;

    /// <summary>Every table the migrations create, children before parents (for tests that empty a database).</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "snapshots", "alarm_resolutions", "dispatch_outbox", "alarms", "posts_online", "posts", "post_events",
        "selftests", "maintenance_alerts", "audit_log", "post_counters", "login_failures", "post_reply_counters",
    ];

    // SQLite migrations V1 to V5 in one: PostgreSQL databases start here.
    private const string V1 = """
        CREATE TABLE posts (
            id         text PRIMARY KEY,
            name       text NOT NULL,
            latitude   double precision NOT NULL,
            longitude  double precision NOT NULL,
            address    text NOT NULL,
            station    text NOT NULL,
            post_group text NOT NULL DEFAULT 'default',
            camera     text NULL,
            updated_at timestamptz NOT NULL
        );

        CREATE TABLE posts_online (
            post_id        text PRIMARY KEY,
            online         boolean NOT NULL,
            firmware       text NULL,
            last_seen      timestamptz NULL,
            uptime_ms      bigint NULL,
            uptime_at      timestamptz NULL,
            config_hash    text NULL,
            link           text NULL,
            rssi_dbm       bigint NULL,
            mains          boolean NULL,
            battery_mv     bigint NULL,
            tamper         boolean NULL,
            lamp           text NULL,
            free_mem       bigint NULL,
            reset_reason   text NULL,
            outbox         bigint NULL,
            health_at      timestamptz NULL,
            offline_reason text NULL,
            offline_since  timestamptz NULL
        );

        CREATE TABLE alarms (
            id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            post_id              text NOT NULL,
            alarm_id             bigint NOT NULL,
            kind                 text NOT NULL,
            test                 boolean NOT NULL,
            presses              bigint NOT NULL,
            uptime_ms            bigint NOT NULL,
            pressed_at           timestamptz NULL,
            pressed_at_estimated timestamptz NULL,
            snapshot             boolean NOT NULL,
            received_at          timestamptz NOT NULL,
            state                text NOT NULL CHECK (state IN ('received', 'dispatched')),
            dispatched_at        timestamptz NULL,
            dispatched_by        text NULL,
            escalated_at         timestamptz NULL,
            -- A re-send repeats the first press's uptime; a post whose counter restarted does not. The
            -- constraint is also what makes two gateways recording one alarm at once record it once.
            UNIQUE (post_id, alarm_id, uptime_ms)
        );

        CREATE INDEX ix_alarms_received_at ON alarms (received_at);
        CREATE INDEX ix_alarms_unacknowledged ON alarms (state, escalated_at, received_at);

        CREATE TABLE dispatch_outbox (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            alarm_row_id    bigint NOT NULL REFERENCES alarms (id),
            target          text NOT NULL,
            idempotency_key text NOT NULL UNIQUE,
            status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
            attempts        bigint NOT NULL DEFAULT 0,
            -- While a gateway delivers the row: the end of its lease (see PostgresDispatchOutbox).
            next_attempt_at timestamptz NOT NULL,
            last_error      text NULL,
            delivered_at    timestamptz NULL,
            kind            text NOT NULL DEFAULT 'alarm' CHECK (kind IN ('alarm', 'snapshot'))
        );

        CREATE INDEX ix_outbox_due ON dispatch_outbox (status, next_attempt_at);
        CREATE INDEX ix_outbox_alarm ON dispatch_outbox (alarm_row_id);

        CREATE TABLE post_events (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            post_id     text NOT NULL,
            event_id    bigint NOT NULL,
            type        text NOT NULL,
            active      boolean NOT NULL,
            uptime_ms   bigint NOT NULL,
            at          timestamptz NULL,
            received_at timestamptz NOT NULL,
            UNIQUE (post_id, event_id, uptime_ms)
        );

        CREATE INDEX ix_post_events_latest ON post_events (post_id, type, event_id);

        CREATE TABLE selftests (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            post_id     text NOT NULL,
            test_id     text NOT NULL,
            started_by  text NOT NULL,
            ok          boolean NOT NULL,
            lamp        text NOT NULL,
            camera      text NOT NULL,
            link        text NOT NULL,
            storage     text NOT NULL,
            link_rtt_ms bigint NULL,
            uptime_ms   bigint NOT NULL,
            at          timestamptz NULL,
            received_at timestamptz NOT NULL,
            UNIQUE (post_id, test_id, uptime_ms)
        );

        CREATE INDEX ix_selftests_latest ON selftests (post_id, received_at);

        CREATE TABLE maintenance_alerts (
            id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            post_id    text NOT NULL,
            type       text NOT NULL,
            source     text NOT NULL,
            raised_at  timestamptz NOT NULL,
            cleared_at timestamptz NULL,
            cleared_by text NULL
        );

        CREATE UNIQUE INDEX ux_maintenance_alerts_open ON maintenance_alerts (post_id, type) WHERE cleared_at IS NULL;
        CREATE INDEX ix_maintenance_alerts_raised ON maintenance_alerts (raised_at);

        CREATE TABLE alarm_resolutions (
            alarm_row_id bigint PRIMARY KEY REFERENCES alarms (id),
            outcome      text NOT NULL CHECK (outcome IN ('real', 'prank', 'test', 'fault')),
            notes        text NULL,
            resolved_by  text NOT NULL,
            resolved_at  timestamptz NOT NULL
        );

        CREATE TABLE audit_log (
            id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at        timestamptz NOT NULL,
            user_name text NOT NULL,
            action    text NOT NULL,
            subject   text NULL,
            detail    text NULL
        );

        CREATE TABLE snapshots (
            alarm_row_id bigint PRIMARY KEY REFERENCES alarms (id),
            status       text NOT NULL CHECK (status IN ('stored', 'failed')),
            content_type text NULL,
            image        bytea NULL,
            size         bigint NULL,
            taken_at     timestamptz NOT NULL,
            attempts     bigint NOT NULL,
            error        text NULL
        );
        """;

    // SQLite V6: the counters of post messages (message authentication).
    private const string V2 = """
        CREATE TABLE post_counters (
            post_id      text PRIMARY KEY,
            highest      bigint NOT NULL,
            seen         bigint NOT NULL,
            will_ctr     bigint NOT NULL,
            will_highest bigint NOT NULL,
            updated_at   timestamptz NOT NULL
        );
        """;

    // SQLite V8: failed console logins (the login limit).
    private const string V3 = """
        CREATE TABLE login_failures (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            throttle_key text NOT NULL,
            at           timestamptz NOT NULL
        );

        CREATE INDEX ix_login_failures_key ON login_failures (throttle_key, at);
        CREATE INDEX ix_login_failures_at ON login_failures (at);
        """;

    // SQLite V9: the counters of gateway messages to the posts (signed replies), and the heartbeat's refused count.
    private const string V4 = """
        CREATE TABLE post_reply_counters (
            post_id    text PRIMARY KEY,
            counter    bigint NOT NULL,
            updated_at timestamptz NOT NULL
        );

        ALTER TABLE posts_online ADD COLUMN refused bigint NULL;
        """;
}
