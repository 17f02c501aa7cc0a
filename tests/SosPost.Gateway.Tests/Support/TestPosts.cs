using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Tests.Support;

/// <summary>Posts the tests use, and a posts file holding them.</summary>
public static class TestPosts
{
    public static readonly Post Market = new(
        "MHC-001", "Mahachai Market north gate", 13.54756, 100.27351,
        "Sukhonthawit Rd, Mahachai, Mueang Samut Sakhon, Samut Sakhon 74000", "Mueang Samut Sakhon Police Station");

    public static readonly Post Skywalk = new(
        "BKK-001", "Victory Monument skywalk", 13.7649, 100.5383,
        "Phahonyothin Rd, Thung Phaya Thai, Ratchathewi, Bangkok 10400", "Phaya Thai Police Station");

    public static string WriteFile(TempDirectory directory)
    {
        var path = directory.File("posts.json");
        var posts = new[] { Market, Skywalk }.Select(p => new
        {
            id = p.Id, name = p.Name, latitude = p.Latitude, longitude = p.Longitude, address = p.Address, station = p.Station,
        });
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { posts }));
        return path;
    }
}
