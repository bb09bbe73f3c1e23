using System.Net;
using System.Net.Sockets;

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
}
