using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Tests.Support;

/// <summary>Posts the tests use, and a posts file holding them.</summary>
public static class TestPosts
{
    public static readonly Post Market = new(
        "MHC-001", "Mahachai Market north gate", 13.54756, 100.27351,
        "Sukhonthawit Rd, Mahachai, Mueang Samut Sakhon, Samut Sakhon 74000", "Mueang Samut Sakhon Police Station", "samut-sakhon");

    public static readonly Post Skywalk = new(
        "BKK-001", "Victory Monument skywalk", 13.7649, 100.5383,
        "Phahonyothin Rd, Thung Phaya Thai, Ratchathewi, Bangkok 10400", "Phaya Thai Police Station", "bangkok");

    /// <summary>Writes posts.json with Market and Skywalk and returns its path.</summary>
    public static string WriteFile(TempDirectory directory) => WriteFile(directory, "posts.json", Market, Skywalk);

    /// <summary>Writes a posts file of <paramref name="posts"/> and returns its path.</summary>
    public static string WriteFile(TempDirectory directory, string fileName, params Post[] posts)
    {
        var path = directory.File(fileName);
        var entries = posts.Select(p => new
        {
            id = p.Id, name = p.Name, latitude = p.Latitude, longitude = p.Longitude, address = p.Address, station = p.Station,
            group = p.Group, camera = p.Camera?.AbsoluteUri,
        });
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new { posts = entries }));
        return path;
    }
}
