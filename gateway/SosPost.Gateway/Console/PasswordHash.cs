using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SosPost.Gateway.Console;

/// <summary>
/// Console password hashes: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>, salt and hash in base64
/// (16-byte random salt, 32-byte PBKDF2-HMAC-SHA256 output). Make one with
/// <c>echo -n 'secret' | dotnet SosPost.Gateway.dll hash-password</c>.
/// </summary>
public static class PasswordHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Fewer iterations than this are refused at start.</summary>
    public const int MinIterations = 100_000;

    /// <summary>
    /// More iterations than this are refused at start: every login (and every wrong user name, see the decoy in
    /// ConsoleUsers) pays for them, so a mistyped huge count would hang the console for everyone.
    /// </summary>
    public const int MaxIterations = 10_000_000;

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Checks the form of a stored hash; the error says what is wrong without echoing it.</summary>
    public static bool TryParse(string? stored, out Parsed parsed, out string? error)
    {
        parsed = default;
        var parts = stored?.Split('$') ?? [];
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            error = $"must have the form {Scheme}$ITERATIONS$SALT$HASH";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinIterations)
        {
            error = $"must use at least {MinIterations} iterations";
            return false;
        }

        if (iterations > MaxIterations)
        {
            error = $"uses {iterations} iterations, more than the limit of {MaxIterations} (every login would take too long)";
            return false;
        }

        try
        {
            parsed = new Parsed(iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            error = "has a salt or hash that is not base64";
            return false;
        }

        error = parsed.Salt.Length == 0 || parsed.Hash.Length == 0 ? "has an empty salt or hash" : null;
        return error is null;
    }

    public static bool Verify(string password, Parsed stored)
    {
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), stored.Salt, stored.Iterations, HashAlgorithmName.SHA256, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, stored.Hash);
    }

    public readonly record struct Parsed(int Iterations, byte[] Salt, byte[] Hash);
}
