namespace SosPost.Gateway;

/// <summary>The System.Diagnostics.Metrics meter every gateway instrument belongs to.</summary>
public static class GatewayMeter
{
    public const string Name = "SosPost.Gateway";
}
