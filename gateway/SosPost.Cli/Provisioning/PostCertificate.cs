using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SosPost.Cli.Provisioning;

/// <summary>
/// A post's client certificate for the broker's mutual-TLS listener: CN = post id (the broker takes it as the user
/// name, so the per-post ACL patterns confine it), an EC P-256 key made here, signed by the broker's CA.
/// </summary>
internal static class PostCertificate
{
    /// <summary>Long enough to outlive a post's service interval; a lost post is shut out by re-keying or a CRL, not by expiry.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(5 * 365);

    public sealed record Files(string Certificate, string Key);

    /// <summary>Writes <c>POST.crt</c> and <c>POST.key</c> (owner-only) into <paramref name="outputDir"/>.</summary>
    public static Files Issue(string postId, string caCertificateFile, string caKeyFile, string outputDir)
    {
        using var ca = LoadCa(caCertificateFile, caKeyFile);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + postId), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false)); // clientAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var caNotAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var notAfter = now + Lifetime < caNotAfter ? now + Lifetime : caNotAfter;
        var caNotBefore = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        var notBefore = now.AddMinutes(-5) > caNotBefore ? now.AddMinutes(-5) : caNotBefore; // a little slack for a post's clock
        using var certificate = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        var files = new Files(
            Path.GetFullPath(Path.Combine(outputDir, postId + ".crt")),
            Path.GetFullPath(Path.Combine(outputDir, postId + ".key")));
        DeviceConfigFile.Save(files.Key, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"));
        File.WriteAllText(files.Certificate, certificate.ExportCertificatePem() + "\n");
        return files;
    }

    private static X509Certificate2 LoadCa(string certificateFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CliException(ExitCodes.Environment, $"cannot sign with the broker's CA ({certificateFile}, {keyFile}): {e.Message} (run as the user that may read the CA key)");
        }
    }
}
