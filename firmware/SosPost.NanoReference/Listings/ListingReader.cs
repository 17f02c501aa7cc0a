namespace SosPost.NanoReference.Listings;

/// <summary>Reads <c>ASSEMBLY.api.txt</c> listings into <see cref="ApiListing"/>s.</summary>
internal static class ListingReader
{
    public const string FileSuffix = ".api.txt";

    private const string ResourcePrefix = "listings/";

    /// <summary>The listings embedded in this assembly from <c>firmware/nanoframework-api</c>.</summary>
    public static IReadOnlyList<ApiListing> ReadEmbedded()
    {
        var assembly = typeof(ListingReader).Assembly;
        var listings = new List<ApiListing>();
        foreach (var resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(FileSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"resource {resource} vanished");
            using var text = new StreamReader(stream);
            listings.Add(Read(resource[ResourcePrefix.Length..^FileSuffix.Length], text));
        }

        return listings.Count > 0 ? listings
            : throw new InvalidOperationException($"no listings are embedded in {assembly.GetName().Name}");
    }

    /// <summary>Reads one listing. The assembly name is the file name without <c>.api.txt</c>.</summary>
    public static ApiListing Read(string assemblyName, TextReader text)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = (ListingBuilder?)null;
        var lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            try
            {
                if (line.StartsWith('#'))
                {
                    if (builder != null)
                    {
                        throw new FormatException("a header line after the first entry");
                    }

                    ReadHeaderLine(line, header);
                    continue;
                }

                builder ??= new ListingBuilder(CreateListing(assemblyName, header));
                if (line.Length < 3 || line[1] != ' ')
                {
                    throw new FormatException("not '<kind> <entry>'");
                }

                builder.Add(line[0], line[2..]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{assemblyName}{FileSuffix} line {lineNumber}: {e.Message}: {line}", e);
            }
        }

        builder ??= new ListingBuilder(CreateListing(assemblyName, header));
        return builder.Complete();
    }

    private static void ReadHeaderLine(string line, Dictionary<string, string> header)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            header.TryAdd(line[1..colon].Trim(), line[(colon + 1)..].Trim());
        }
    }

    private static ApiListing CreateListing(string assemblyName, Dictionary<string, string> header)
    {
        if (header.TryGetValue("assembly", out var declaredName) && declaredName != assemblyName)
        {
            throw new FormatException($"the header names assembly '{declaredName}' but the file is named for '{assemblyName}'");
        }

        // "1.17.11.0 (as written in Reference elements ...)": the version is the first word.
        var versionText = header.GetValueOrDefault("assembly-version")?.Split(' ')[0]
            ?? throw new FormatException("no '# assembly-version:' header");
        var version = Version.Parse(versionText);

        var referencesText = header.GetValueOrDefault("referenced assemblies")
            ?? throw new FormatException("no '# referenced assemblies:' header");
        var references = referencesText == "none" ? []
            : referencesText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ApiListing(assemblyName, version, references);
    }
}
