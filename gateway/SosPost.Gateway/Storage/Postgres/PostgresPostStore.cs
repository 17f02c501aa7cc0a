using Dapper;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Storage.Postgres;

/// <summary><see cref="IPostStore"/> in PostgreSQL; every write is one upsert, so gateways reporting at once do not conflict.</summary>
public sealed class PostgresPostStore(PostgresDatabase database) : IPostStore
{
    public async Task UpsertAsync(IReadOnlyCollection<Post> posts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string sql = """
            INSERT INTO posts (id, name, latitude, longitude, address, station, post_group, camera, updated_at)
            VALUES (@Id, @Name, @Latitude, @Longitude, @Address, @Station, @Group, @Camera, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, latitude = excluded.latitude, longitude = excluded.longitude,
                address = excluded.address, station = excluded.station, post_group = excluded.post_group,
                camera = excluded.camera, updated_at = excluded.updated_at
            """;
        var updatedAt = PgTime.Of(at);
        foreach (var post in posts)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                sql,
                new { post.Id, post.Name, post.Latitude, post.Longitude, post.Address, post.Station, post.Group, Camera = post.Camera?.AbsoluteUri, UpdatedAt = updatedAt },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Post>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PostRow>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, latitude AS Latitude, longitude AS Longitude, address AS Address, station AS Station, post_group AS PostGroup, camera AS Camera FROM posts",
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new Post(row.Id, row.Name, row.Latitude, row.Longitude, row.Address, row.Station, row.PostGroup, row.Camera is null ? null : new Uri(row.Camera)))];
    }

    public async Task UpdatePresenceAsync(PostPresence presence, CancellationToken cancellationToken)
    {
        // Health columns change together, and only with a heartbeat: its null rssi (ethernet) is news.
        await using var connection = await database.OpenAsync(cancellationToken);
        var health = presence.Health;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts_online AS p (post_id, online, firmware, last_seen, uptime_ms, uptime_at, config_hash,
                                           link, rssi_dbm, mains, battery_mv, tamper, lamp, free_mem, reset_reason, outbox, refused, health_at)
            VALUES (@PostId, @Online, @Firmware, @LastSeen, @UptimeMs, @UptimeAt, @ConfigHash,
                    @Link, @RssiDbm, @Mains, @BatteryMv, @Tamper, @Lamp, @FreeMem, @ResetReason, @Outbox, @Refused, @HealthAt)
            ON CONFLICT (post_id) DO UPDATE SET
                online = excluded.online,
                firmware = COALESCE(excluded.firmware, p.firmware),
                last_seen = COALESCE(excluded.last_seen, p.last_seen),
                uptime_ms = COALESCE(excluded.uptime_ms, p.uptime_ms),
                uptime_at = COALESCE(excluded.uptime_at, p.uptime_at),
                config_hash = COALESCE(excluded.config_hash, p.config_hash),
                link = CASE WHEN excluded.health_at IS NULL THEN p.link ELSE excluded.link END,
                rssi_dbm = CASE WHEN excluded.health_at IS NULL THEN p.rssi_dbm ELSE excluded.rssi_dbm END,
                mains = CASE WHEN excluded.health_at IS NULL THEN p.mains ELSE excluded.mains END,
                battery_mv = CASE WHEN excluded.health_at IS NULL THEN p.battery_mv ELSE excluded.battery_mv END,
                tamper = CASE WHEN excluded.health_at IS NULL THEN p.tamper ELSE excluded.tamper END,
                lamp = CASE WHEN excluded.health_at IS NULL THEN p.lamp ELSE excluded.lamp END,
                free_mem = CASE WHEN excluded.health_at IS NULL THEN p.free_mem ELSE excluded.free_mem END,
                reset_reason = CASE WHEN excluded.health_at IS NULL THEN p.reset_reason ELSE excluded.reset_reason END,
                outbox = CASE WHEN excluded.health_at IS NULL THEN p.outbox ELSE excluded.outbox END,
                refused = CASE WHEN excluded.health_at IS NULL THEN p.refused ELSE excluded.refused END,
                health_at = COALESCE(excluded.health_at, p.health_at)
            """,
            new
            {
                presence.PostId,
                presence.Online,
                presence.Firmware,
                LastSeen = PgTime.Of(presence.LastSeen),
                presence.UptimeMs,
                UptimeAt = PgTime.Of(presence.UptimeAt),
                presence.ConfigHash,
                Link = health?.Link,
                RssiDbm = (long?)health?.RssiDbm,
                Mains = health?.MainsPresent,
                BatteryMv = (long?)health?.BatteryMv,
                Tamper = health?.Tamper,
                Lamp = health?.Lamp,
                FreeMem = health?.FreeMemoryBytes,
                ResetReason = health?.ResetReason,
                Outbox = (long?)health?.Outbox,
                Refused = health?.Refused,
                HealthAt = PgTime.Of(health?.ReportedAt),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<PostPresence?> GetPresenceAsync(string postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleRowOrDefaultAsync(
            new CommandDefinition(StoreRows.PresenceSelect + " WHERE post_id = @postId", new { postId }, cancellationToken: cancellationToken),
            StoreRows.PostgresTime,
            StoreRows.Presence);
    }

    public async Task<IReadOnlyList<PostPresence>> AllPresenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryRowsAsync(
            new CommandDefinition(StoreRows.PresenceSelect, cancellationToken: cancellationToken), StoreRows.PostgresTime, StoreRows.Presence);
    }

    private sealed class PostRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public string Address { get; set; } = "";
        public string Station { get; set; } = "";
        public string PostGroup { get; set; } = Post.DefaultGroup;
        public string? Camera { get; set; }
    }
}
