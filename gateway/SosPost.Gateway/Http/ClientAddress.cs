using System.Net;

namespace SosPost.Gateway.Http;

/// <summary>The client's address as the limits and allow-lists see it: an IPv4 client on a dual-stack socket counts as its IPv4 address.</summary>
public static class ClientAddress
{
    public static IPAddress? Of(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;

    /// <summary>As text for logs, the audit log and throttle keys; "unknown address" when the server gives none (an in-process test host).</summary>
    public static string TextOf(HttpContext context) => Of(context)?.ToString() ?? "unknown address";
}
