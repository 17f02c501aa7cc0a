namespace SosPost.Cli.Gateway;

/// <summary>Where and as whom to log in to the gateway; the password is read from SOSPOST_PASSWORD.</summary>
internal sealed record GatewayLogin(string Url, string User, string? Password)
{
    public const string PasswordVariable = "SOSPOST_PASSWORD";

    public Task<GatewayClient> LoginAsync(CancellationToken ct) =>
        Password is { Length: > 0 } password
            ? GatewayClient.LoginAsync(Url, User, password, ct)
            : throw new CliException(ExitCodes.Usage, $"set {PasswordVariable} to the password of gateway user \"{User}\"");
}
