namespace SosPost.Testing;

/// <summary>Creates a throwaway CA, a server certificate for 127.0.0.1 and localhost, and client certificates, with the openssl command line.</summary>
public static class TestCertificates
{
    public sealed record Files(string CaCertificate, string ServerCertificate, string ServerKey);

    public static async Task<Files> CreateAsync(string directory, CancellationToken ct = default)
    {
        var files = new Files(Path.Combine(directory, "ca.crt"), Path.Combine(directory, "server.crt"), Path.Combine(directory, "server.key"));
        var caKey = Path.Combine(directory, "ca.key");
        var request = Path.Combine(directory, "server.csr");
        var extensions = Path.Combine(directory, "server.ext");
        await File.WriteAllLinesAsync(
            extensions,
            [
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=serverAuth",
            ],
            ct);

        string[] ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        await ChildProcess.RunAsync(
            "openssl",
            [
                "req", "-x509", .. ecKey, "-keyout", caKey, "-out", files.CaCertificate, "-days", "7", "-subj", "/CN=SosPost test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            ct: ct);
        await ChildProcess.RunAsync("openssl", ["req", .. ecKey, "-keyout", files.ServerKey, "-out", request, "-subj", "/CN=localhost"], ct: ct);
        await ChildProcess.RunAsync(
            "openssl",
            [
                "x509", "-req", "-in", request, "-CA", files.CaCertificate, "-CAkey", caKey,
                "-set_serial", $"0x{Random.Shared.NextInt64():x}", "-days", "7", "-out", files.ServerCertificate, "-extfile", extensions,
            ],
            ct: ct);
        return files;
    }

    /// <summary>
    /// Issues a client certificate (CN = <paramref name="commonName"/>, EC P-256, clientAuth) from the CA that
    /// <see cref="CreateAsync"/> made in <paramref name="caDirectory"/>; writes NAME.crt and NAME.key (PKCS#8 PEM) into
    /// <paramref name="outputDirectory"/>.
    /// </summary>
    public static async Task<(string Certificate, string Key)> IssueClientAsync(string caDirectory, string commonName, string outputDirectory, CancellationToken ct = default)
    {
        var certificate = Path.Combine(outputDirectory, commonName + ".crt");
        var key = Path.Combine(outputDirectory, commonName + ".key");
        var request = Path.Combine(outputDirectory, commonName + ".csr");
        var extensions = Path.Combine(outputDirectory, commonName + ".ext");
        await File.WriteAllLinesAsync(extensions, ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth"], ct);
        await ChildProcess.RunAsync("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=" + commonName], ct: ct);
        await ChildProcess.RunAsync(
            "openssl",
            [
                "x509", "-req", "-in", request, "-CA", Path.Combine(caDirectory, "ca.crt"), "-CAkey", Path.Combine(caDirectory, "ca.key"),
                "-set_serial", $"0x{Random.Shared.NextInt64():x}", "-days", "7", "-out", certificate, "-extfile", extensions,
            ],
            ct: ct);
        return (certificate, key);
    }
}
