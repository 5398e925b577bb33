using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JsWebSocketHost.TestServer;

/// <summary>Self-signed certificates made in memory, for the server's TLS endpoint and for client authentication.</summary>
public static class TestCertificates
{
    /// <summary>
    /// A new self-signed certificate with <paramref name="commonName"/> as subject, valid for a day, with 127.0.0.1
    /// as its IP subject alternative name; it has its private key.
    /// </summary>
    /// <param name="commonName">The subject's CN.</param>
    /// <param name="serverAuthentication">True for a server certificate, false for a client one.</param>
    /// <returns>The certificate; dispose it when done.</returns>
    public static X509Certificate2 CreateSelfSigned(string commonName, bool serverAuthentication)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuthentication ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PKCS #12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
