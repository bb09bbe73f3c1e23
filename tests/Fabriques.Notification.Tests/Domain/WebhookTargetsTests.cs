using System.Net;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Tests.Domain;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("203.0.113.10", true)]
    [InlineData("2001:db8::10", true)]
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
