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
                yield return $"Users:{i}:PasswordHash {error} (make one with: dotnet SosPost.Gateway.dll hash-password).";
            }
        }
    }
}

public sealed class ConsoleUser
{
    public string UserName { get; set; } = "";

    /// <summary>See <see cref="Console.PasswordHash"/> for the format.</summary>
    public string PasswordHash { get; set; } = "";
}
