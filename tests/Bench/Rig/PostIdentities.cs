using System.Globalization;
using System.Text;

namespace SosPost.Bench.Rig;

/// <summary>Generated posts: ids, one password each, and the posts file the gateway seeds its registry from.</summary>
internal sealed class PostIdentities
{
    private PostIdentities(IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> passwords)
    {
        Ids = ids;
        Passwords = passwords;
    }

    public IReadOnlyList<string> Ids { get; }

    public IReadOnlyDictionary<string, string> Passwords { get; }

    public static PostIdentities Create(int count, string prefix = "BENCH")
    {
        var ids = Enumerable.Range(1, count).Select(i => $"{prefix}-{i.ToString("D5", CultureInfo.InvariantCulture)}").ToList();
        return new PostIdentities(ids, ids.ToDictionary(id => id, _ => Secrets.New(), StringComparer.Ordinal));
    }

    /// <summary>Broker users: every post, the gateway and the echo client of the round-trip baseline.</summary>
    public Dictionary<string, string> BrokerUsers(string gatewayPassword, string echoPassword)
    {
        var users = new Dictionary<string, string>(Passwords, StringComparer.Ordinal)
        {
            ["gateway"] = gatewayPassword,
            [BenchBroker.EchoUser] = echoPassword,
        };
        return users;
    }

    public string WritePostsFile(string path)
    {
        var json = new StringBuilder("{\"posts\":[\n");
        for (var i = 0; i < Ids.Count; i++)
        {
            var lat = 13.5 + (i % 1000 * 0.0005);
            var lon = 100.2 + (i / 1000 * 0.0005);
            json.Append(CultureInfo.InvariantCulture, $$"""{"id":"{{Ids[i]}}","name":"Bench post {{i + 1}}","latitude":{{lat:0.00000}},"longitude":{{lon:0.00000}},"address":"Bench street {{i + 1}}","station":"Bench station {{i % 50}}"}""");
            json.Append(i + 1 < Ids.Count ? ",\n" : "\n");
        }

        json.Append("]}\n");
        File.WriteAllText(path, json.ToString());
        return path;
    }
}
