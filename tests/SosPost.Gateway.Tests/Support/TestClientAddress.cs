using System.Net;

namespace SosPost.Gateway.Tests.Support;

/// <summary>
/// The in-process test host gives no client address; a request sent with <see cref="Header"/> comes from the address
/// it names, so tests can play several clients. Installed with <see cref="Install"/> in <see cref="GatewayApp.TestServices"/>.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public static void Install(IServiceCollection services) => services.AddSingleton<IStartupFilter, TestClientAddress>();

    /// <summary>A client whose requests come from <paramref name="address"/>.</summary>
    public static HttpClient From(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Remove(Header);
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header].FirstOrDefault() is { } address)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
