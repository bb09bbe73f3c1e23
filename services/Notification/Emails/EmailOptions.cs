using Fabriques.Notification.Domain;
using MailKit.Security;

namespace Fabriques.Notification.Emails;

/// <summary>Configuration section <c>Smtp</c>: the server e-mails go through and how they are retried.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary><c>None</c> for a local relay, <c>StartTls</c> or <c>SslOnConnect</c> for a remote one.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromName { get; set; } = "Fabriques de Territoire";
    public string FromAddress { get; set; } = "ne-pas-repondre@fabriques.anct.gouv.fr";

    /// <summary>How often the sender looks for e-mails due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 50;

    public RetryOptions Retry { get; set; } = new() { Initial = TimeSpan.FromMinutes(1), Max = TimeSpan.FromHours(2), GiveUpAfter = TimeSpan.FromDays(2) };
}
