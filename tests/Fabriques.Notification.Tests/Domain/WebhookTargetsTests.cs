using System.Net;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Tests.Domain;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("193.51.24.1", true)]
    [InlineData("2a01:e0a:1::10", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.100.100.200", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:192.168.0.1", false)]
    [InlineData("::", false)]
    public void Only_public_addresses_are_allowed_in_production(string address, bool allowed)
    {
        Assert.Equal(allowed, WebhookTargets.IsAllowed(IPAddress.Parse(address), allowInsecure: false));
    }

    [Theory]
    [InlineData("64:ff9b::a9fe:a9fe")]          // NAT64 to 169.254.169.254
    [InlineData("64:ff9b::7f00:1")]             // NAT64 to 127.0.0.1
    [InlineData("64:ff9b::a00:1")]              // NAT64 to 10.0.0.1
    [InlineData("64:ff9b:1::a9fe:a9fe")]        // local-use NAT64
    [InlineData("::a9fe:a9fe")]                 // IPv4-compatible 169.254.169.254
    [InlineData("::127.0.0.1")]                 // IPv4-compatible loopback
    [InlineData("::ffff:169.254.169.254")]      // IPv4-mapped
    [InlineData("::ffff:0:a9fe:a9fe")]          // IPv4-translated
    [InlineData("2002:a9fe:a9fe::1")]           // 6to4 of 169.254.169.254
    [InlineData("2002:c0a8:0001::1")]           // 6to4 of 192.168.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601")] // Teredo, client 169.254.169.254 (inverted bits)
    [InlineData("2001:0:c0a8:1:8000:63bf:3fff:fdd2")]    // Teredo through a private server 192.168.0.1
    [InlineData("fc00::1")]                     // unique local
    [InlineData("fd12:3456::1")]
    [InlineData("fec0::1")]                     // site-local
    [InlineData("2001:db8::10")]                // documentation
    [InlineData("3fff::1")]
    [InlineData("2001:2::1")]                   // benchmarking
    [InlineData("2001:10::1")]                  // ORCHID
    [InlineData("100::1")]                      // discard-only
    [InlineData("5f00::1")]                     // segment routing
    [InlineData("203.0.113.10")]                // documentation
    [InlineData("198.51.100.7")]
    [InlineData("192.0.2.1")]
    [InlineData("192.88.99.1")]                 // 6to4 relay anycast
    public void No_special_purpose_address_is_allowed_however_it_is_written(string address)
    {
        Assert.False(WebhookTargets.IsAllowed(IPAddress.Parse(address), allowInsecure: false));
        Assert.False(WebhookTargets.IsAllowed(IPAddress.Parse(address), allowInsecure: true));
    }

    [Theory]
    [InlineData("64:ff9b::c133:1801")]                    // NAT64 to 193.51.24.1
    [InlineData("2002:c133:1801::1")]                     // 6to4 of 193.51.24.1
    [InlineData("2001:0:4136:e378:8000:63bf:3ecc:e7fe")]  // Teredo, server 65.54.227.120, client 193.51.24.1
    public void An_IPv6_address_leading_to_a_public_IPv4_one_is_allowed(string address)
    {
        Assert.True(WebhookTargets.IsAllowed(IPAddress.Parse(address), allowInsecure: false));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    public void Development_allows_loopback_and_nothing_else_internal(string address, bool allowed)
    {
        Assert.Equal(allowed, WebhookTargets.IsAllowed(IPAddress.Parse(address), allowInsecure: true));
    }

    [Theory]
    [InlineData("https://partenaire.example.org/hook", false, true)]
    [InlineData("http://partenaire.example.org/hook", false, false)]
    [InlineData("http://partenaire.example.org/hook", true, true)]
    [InlineData("https://user:pass@partenaire.example.org/hook", false, false)]
    [InlineData("ftp://partenaire.example.org/hook", true, false)]
    [InlineData("/hook", true, false)]
    [InlineData("", true, false)]
    public void A_target_url_is_absolute_https_without_credentials(string url, bool allowInsecure, bool accepted)
    {
        Assert.Equal(accepted, WebhookTargets.CheckUrl(url, allowInsecure, out _) is null);
    }

    [Fact]
    public async Task At_delivery_time_the_connection_to_a_forbidden_address_is_never_opened()
    {
        var guard = new WebhookTargetGuard(Options.Create(new WebhookOptions { AllowInsecureTargets = false }));
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var http = new HttpClient(guard.CreateHandler());

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            http.GetAsync($"http://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/", TestContext.Current.CancellationToken));

        Assert.IsType<WebhookTargetRefusedException>(error.InnerException);
        Assert.False(listener.Pending(), "a connection reached the forbidden address");
    }
}
