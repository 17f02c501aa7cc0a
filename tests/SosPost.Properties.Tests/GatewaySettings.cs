namespace SosPost.Properties.Tests;

internal static class GatewaySettings
{
    /// <summary>
    /// Post messages without a signature: these properties test what the codec and intake do with bad payloads, and
    /// with signatures required every mutated payload would stop at the signature check. (The check itself needs
    /// its own properties: a mutated signed message must be refused as unauthenticated and counted.)
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> PayloadsUnsigned = new Dictionary<string, string?>
    {
        ["Gateway:Security:RequireMessageAuth"] = "false",
    };
}
