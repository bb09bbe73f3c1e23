using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Fabriques.Testing;

public static class Network
{
    /// <summary>
    /// A TCP port free right now on loopback: for a container that a test stops and starts again, which must come
    /// back at the address its clients were given.
    /// </summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A silent Kestrel app on 127.0.0.1, port chosen at start (read it from <c>Urls</c>): the real HTTP server a test
    /// puts where a partner's or a collector's would be.
    /// </summary>
    public static WebApplication LoopbackApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        return app;
    }
}
