namespace SosPost.Testing;

/// <summary>Creates a throwaway CA and a server certificate for 127.0.0.1 and localhost with the openssl command line.</summary>
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
}
