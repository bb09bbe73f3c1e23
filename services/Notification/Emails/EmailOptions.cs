using Fabriques.Notification.Domain;
using MailKit.Security;

namespace Fabriques.Notification.Emails;

/// <summary>Configuration section <c>Smtp</c>: the server e-mails go through and how they are retried.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>
    /// <c>StartTls</c> or <c>SslOnConnect</c>; outside Development nothing else, except for a relay on the loopback
    /// (<see cref="IsLoopbackRelay"/>): opportunistic STARTTLS could be stripped by anyone on the path.
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>A relay on this machine (or pod): nothing crosses a network before it, which does the TLS onwards.</summary>
    public bool IsLoopbackRelay => Host == "localhost" || (System.Net.IPAddress.TryParse(Host, out var address) && System.Net.IPAddress.IsLoopback(address));
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromName { get; set; } = "Fabriques de Territoire";
    public string FromAddress { get; set; } = "ne-pas-repondre@fabriques.anct.gouv.fr";

    /// <summary>
    /// How often the sender looks for e-mails due when nothing woke it: only a safety net for e-mails another replica
    /// wrote and could not send (it stopped), so it is long, to cost nothing while idle. Also the pause after a failure.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    public int BatchSize { get; set; } = 50;

    public RetryOptions Retry { get; set; } = new() { Initial = TimeSpan.FromMinutes(1), Max = TimeSpan.FromHours(2), GiveUpAfter = TimeSpan.FromDays(2) };
}
