using System.Net;
using System.Net.Http.Json;
using SosPost.Simulator.Hosting;

namespace SosPost.Simulator.Control;

/// <summary>Talks to a running simulator's control endpoint (the press, status and post-input commands).</summary>
internal sealed class ControlClient(int port) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri("http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/"), Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Null when the post is unknown.</summary>
    public async Task<PostStatus?> PressAsync(string postId, CancellationToken ct)
    {
        using var response = await _http.PostAsync("posts/" + Uri.EscapeDataString(postId) + "/press", content: null, ct);
        return await ReadAsync(response, ct);
    }

    /// <summary>
    /// Sends a change to the post (action "tamper", "mains", "battery", "lamp", "hold", "release" with its
    /// query, e.g. "open=true"); null when the post is unknown.
    /// </summary>
    public async Task<PostStatus?> ChangeAsync(string postId, string action, string query, CancellationToken ct)
    {
        var uri = "posts/" + Uri.EscapeDataString(postId) + "/" + action + (query.Length > 0 ? "?" + query : string.Empty);
        using var response = await _http.PostAsync(uri, content: null, ct);
        return await ReadAsync(response, ct);
    }

    /// <summary>Null when the post is unknown.</summary>
    public async Task<PostStatus?> GetAsync(string postId, CancellationToken ct)
    {
        using var response = await _http.GetAsync("posts/" + Uri.EscapeDataString(postId), ct);
        return await ReadAsync(response, ct);
    }

    public async Task<IReadOnlyList<PostStatus>> GetAllAsync(CancellationToken ct) =>
        await _http.GetFromJsonAsync<List<PostStatus>>("posts", ct) ?? [];

    public void Dispose() => _http.Dispose();

    private static async Task<PostStatus?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<PostStatus>(ct);
    }
}
