using Dapper;
using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Storage;

public sealed class SqlitePostStore(SqliteDatabase database) : IPostStore
{
    public async Task UpsertAsync(IReadOnlyCollection<Post> posts, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        const string sql = """
            INSERT INTO posts (id, name, latitude, longitude, address, station, updated_at)
            VALUES (@Id, @Name, @Latitude, @Longitude, @Address, @Station, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, latitude = excluded.latitude, longitude = excluded.longitude,
                address = excluded.address, station = excluded.station, updated_at = excluded.updated_at
            """;
        var updatedAt = UtcTime.ToText(at);
        foreach (var post in posts)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { post.Id, post.Name, post.Latitude, post.Longitude, post.Address, post.Station, UpdatedAt = updatedAt }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Post>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PostRow>(new CommandDefinition(
            "SELECT id AS Id, name AS Name, latitude AS Latitude, longitude AS Longitude, address AS Address, station AS Station FROM posts",
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new Post(row.Id, row.Name, row.Latitude, row.Longitude, row.Address, row.Station))];
    }

    public async Task UpdatePresenceAsync(PostPresence presence, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO posts_online (post_id, online, firmware, last_seen, uptime_ms, uptime_at)
            VALUES (@PostId, @Online, @Firmware, @LastSeen, @UptimeMs, @UptimeAt)
            ON CONFLICT (post_id) DO UPDATE SET
                online = excluded.online,
                firmware = COALESCE(excluded.firmware, firmware),
                last_seen = COALESCE(excluded.last_seen, last_seen),
                uptime_ms = COALESCE(excluded.uptime_ms, uptime_ms),
                uptime_at = COALESCE(excluded.uptime_at, uptime_at)
            """,
            new
            {
                presence.PostId,
                presence.Online,
                presence.Firmware,
                LastSeen = UtcTime.ToText(presence.LastSeen),
                presence.UptimeMs,
                UptimeAt = UtcTime.ToText(presence.UptimeAt),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<PostPresence?> GetPresenceAsync(string postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PresenceRow>(new CommandDefinition(
            PresenceSelect + " WHERE post_id = @postId", new { postId }, cancellationToken: cancellationToken));
        return row?.ToPresence();
    }

    public async Task<IReadOnlyList<PostPresence>> AllPresenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PresenceRow>(new CommandDefinition(PresenceSelect, cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToPresence())];
    }

    private const string PresenceSelect =
        "SELECT post_id AS PostId, online AS Online, firmware AS Firmware, last_seen AS LastSeen, uptime_ms AS UptimeMs, uptime_at AS UptimeAt FROM posts_online";

    private sealed class PostRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public string Address { get; set; } = "";
        public string Station { get; set; } = "";
    }

    private sealed class PresenceRow
    {
        public string PostId { get; set; } = "";
        public long Online { get; set; }
        public string? Firmware { get; set; }
        public string? LastSeen { get; set; }
        public long? UptimeMs { get; set; }
        public string? UptimeAt { get; set; }

        public PostPresence ToPresence() =>
            new(PostId, Online != 0, Firmware, UtcTime.ParseOrNull(LastSeen), UptimeMs, UtcTime.ParseOrNull(UptimeAt));
    }
}
