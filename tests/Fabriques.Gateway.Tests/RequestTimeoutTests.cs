using System.Net;
using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

public sealed class TimeLimitedGateway() : GatewayHost("Development", new Dictionary<string, string?>
{
    ["RequestTimeouts:Default"] = "00:00:01",
});

/// <summary>A request that never ends (a body trickling forever) holds a proxy slot no longer than the timeout.</summary>
public sealed class RequestTimeoutTests(TimeLimitedGateway gateway) : IClassFixture<TimeLimitedGateway>
{
    [Fact]
    public async Task A_request_whose_body_never_ends_is_answered_504_at_the_timeout()
    {
        using var client = gateway.Client("porteur-lent");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/places") { Content = new EndlessContent() };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout);
    }

    /// <summary>One byte, then nothing until the connection is closed.</summary>
    private sealed class EndlessContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync("{"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
