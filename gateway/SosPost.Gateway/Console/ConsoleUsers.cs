using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Console;

/// <summary>Checks console logins against the configured users.</summary>
/// <remarks>Options are read on first use (see <see cref="Intake.GatewayMqtt"/> for why).</remarks>
public sealed class ConsoleUsers(IOptions<ConsoleOptions> options, ILogger<ConsoleUsers> logger)
{
    private readonly Lazy<Dictionary<string, (SignedInUser User, PasswordHash.Parsed Hash)>> _users = new(() =>
        options.Value.Users.ToDictionary(
            u => u.UserName,
            u => (new SignedInUser(u.UserName, ConsoleRoles.Parse(u.Role) ?? throw new InvalidOperationException($"Console user {u.UserName} has no valid role.")), Parse(u.PasswordHash)),
            StringComparer.OrdinalIgnoreCase));

    // Checked when the user name is unknown, so a wrong name takes as long as a wrong password.
    private readonly Lazy<PasswordHash.Parsed> _decoy = new(() => Parse(PasswordHash.Create(
        Guid.NewGuid().ToString(), options.Value.Users.Select(u => Parse(u.PasswordHash).Iterations).FirstOrDefault(PasswordHash.MinIterations))));

    public bool AnyConfigured => _users.Value.Count > 0;

    /// <summary>The user as configured (name and role) when the password matches; null otherwise.</summary>
    public SignedInUser? SignIn(string userName, string password)
    {
        if (!AnyConfigured)
        {
            logger.LogWarning("Console login refused: no users are configured (Gateway:Console:Users)");
            return null;
        }

        var known = _users.Value.TryGetValue(userName, out var user);
        var matches = PasswordHash.Verify(password, known ? user.Hash : _decoy.Value);
        if (known && matches)
        {
            logger.LogInformation("Console user {UserName} logged in as {Role}", user.User.Name, user.User.Role);
            return user.User;
        }

        logger.LogWarning("Console login refused for user name {UserName}", userName);
        return null;
    }

    /// <summary>The user as configured now; null when no longer configured (a login cookie outlives a removed user).</summary>
    public SignedInUser? Find(string userName) =>
        _users.Value.TryGetValue(userName, out var user) ? user.User : null;

    private static PasswordHash.Parsed Parse(string stored) =>
        PasswordHash.TryParse(stored, out var parsed, out var error) ? parsed : throw new InvalidOperationException($"Password hash {error}.");
}

/// <summary>A console user: the configured spelling of the name, and the role.</summary>
public sealed record SignedInUser(string Name, string Role);

/// <summary>Says at start when nobody can log in, instead of at the first refused login.</summary>
public sealed class ConsoleUsersCheck(ConsoleUsers users, ILogger<ConsoleUsersCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!users.AnyConfigured)
        {
            logger.LogWarning("No console users are configured (Gateway:Console:Users), so every login is refused; make a password hash with: dotnet SosPost.Gateway.dll hash-password");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
