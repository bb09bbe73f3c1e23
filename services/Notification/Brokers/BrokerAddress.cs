using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Brokers;

/// <summary>The service's broker, as its connection string gives it: host, virtual host, account.</summary>
public sealed class BrokerAddress(Uri broker, IOptions<PartnerBrokerOptions> options)
{
    private const int ManagementPort = 15672;

    public string VirtualHost { get; } =
        broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));

    /// <summary>The service's own account, as <c>user:password</c> (the management API's basic credentials).</summary>
    public string Credentials { get; } = Uri.UnescapeDataString(broker.UserInfo);

    public Uri ManagementUrl { get; } = options.Value.ManagementUrl
        ?? new UriBuilder(Uri.UriSchemeHttp, broker.Host, ManagementPort).Uri;

    /// <summary>What partners are told to connect to: never with this service's credentials.</summary>
    public Uri PublicUri { get; } = options.Value.PublicUri
        ?? new UriBuilder(broker) { UserName = "", Password = "" }.Uri;
}
