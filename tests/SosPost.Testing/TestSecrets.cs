using System.Security.Cryptography;

namespace SosPost.Testing;

public static class TestSecrets
{
    /// <summary>A fresh random password, so no test depends on a credential written in the repository.</summary>
    public static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('/', '_').Replace('+', '-');
}
