using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Notification.Tests.Emails;

/// <summary>Outside Development, e-mails (personal data) reach a remote SMTP server over TLS only.</summary>
public sealed class SmtpSecurityTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    [Theory]
    [InlineData("None")]
    [InlineData("StartTlsWhenAvailable")]
    public void Outside_Development_a_remote_server_without_TLS_stops_the_start(string security)
    {
        using var configured = host.WithWebHostBuilder(b => b.UseEnvironment("Production")
            .UseSetting("Smtp:Host", "smtp.example.org").UseSetting("Smtp:Security", security));

        var refusal = Assert.ThrowsAny<Exception>(() => configured.Services);

        Assert.Contains("Smtp:Security must be StartTls or SslOnConnect", refusal.ToString(), StringComparison.Ordinal);
    }
}
