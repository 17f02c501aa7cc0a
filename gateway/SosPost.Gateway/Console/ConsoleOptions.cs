namespace SosPost.Gateway.Console;

/// <summary><c>Gateway:Console</c>: who may log in to the dispatch console and its API.</summary>
public sealed class ConsoleOptions : IValidatedOptions
{
    /// <summary>There is no default user: with none configured, every login is refused.</summary>
    public List<ConsoleUser> Users { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            if (string.IsNullOrWhiteSpace(user.UserName))
            {
                yield return $"Users:{i}:UserName is missing.";
            }
            else if (!names.Add(user.UserName))
            {
                yield return $"Users:{i}:UserName '{user.UserName}' is listed twice.";
            }

            if (!PasswordHash.TryParse(user.PasswordHash, out _, out var error))
            {
                var who = string.IsNullOrWhiteSpace(user.UserName) ? string.Empty : $" of user '{user.UserName}'";
                yield return $"Users:{i}:PasswordHash{who} {error} (make one with: dotnet SosPost.Gateway.dll hash-password).";
            }

            if (ConsoleRoles.Parse(user.Role) is null)
            {
                yield return $"Users:{i}:Role must be one of {string.Join(", ", ConsoleRoles.All)}" +
                    (string.IsNullOrWhiteSpace(user.Role) ? " (it is missing)." : $", not '{user.Role}'.");
            }
        }

        if (!string.IsNullOrEmpty(MapTileUrl)
            && (!Uri.TryCreate(MapTileUrl.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var tiles)
                || (tiles.Scheme != Uri.UriSchemeHttps && tiles.Scheme != Uri.UriSchemeHttp)
                || !MapTileUrl.Contains("{z}", StringComparison.Ordinal) || !MapTileUrl.Contains("{x}", StringComparison.Ordinal) || !MapTileUrl.Contains("{y}", StringComparison.Ordinal)))
        {
            yield return $"MapTileUrl must be an http(s) tile address with {{z}}, {{x}} and {{y}}, for example https://tile.example/{{z}}/{{x}}/{{y}}.png; not '{MapTileUrl}'.";
        }

        if (HstsMaxAge < TimeSpan.Zero || HstsMaxAge > TimeSpan.FromDays(730))
        {
            yield return "HstsMaxAge must be between 0 (browsers forget the rule) and 730 days.";
        }
    }

    /// <summary>
    /// Map tiles for the console's maps (<c>{z}/{x}/{y}</c> template). Empty (the default): no tiles are
    /// fetched and the maps draw the posts on a plain coordinate grid, which works with no internet.
    /// </summary>
    public string MapTileUrl { get; set; } = "";

    /// <summary>
    /// Serve the console over plain HTTP on an address other machines can reach. False (the default): the gateway
    /// refuses to start with such a listener; plain HTTP on loopback (the demo) is always allowed. Set it only when a
    /// proxy in front of the gateway serves HTTPS to the browsers.
    /// </summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>How long browsers keep to HTTPS after an HTTPS response (the Strict-Transport-Security header's max-age).</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The attribution the tile provider requires, shown on the map.</summary>
    public string MapTileAttribution { get; set; } = "";
}

public sealed class ConsoleUser
{
    public string UserName { get; set; } = "";

    /// <summary>See <see cref="Console.PasswordHash"/> for the format.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>One of <see cref="ConsoleRoles.All"/>; required, there is no default role.</summary>
    public string Role { get; set; } = "";
}
