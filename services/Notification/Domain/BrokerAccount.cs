using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Fabriques.Contracts.Partners;

namespace Fabriques.Notification.Domain;

/// <summary>
/// A partner system's own account on the broker, to read the public events from <see cref="PartnerExchange"/> into
/// queues of its own. Its password is shown once to the gestionnaire who created it: the broker keeps only its salted
/// hash, this service nothing.
/// </summary>
public sealed partial class BrokerAccount
{
    public const int MaxNameLength = 100;
    public const int MaxUsernameLength = 60;
    private const string UsernamePrefix = "partner-";
    private const int MaxSlugLength = 40;

    public Guid Id { get; private set; }
    /// <summary>Who the account is for, as the gestionnaire wrote it (e.g. « Région Bretagne »).</summary>
    public string Name { get; private set; } = "";
    /// <summary>
    /// <c>partner-{name, as letters and digits}-{6 hex}</c>: never contains a dot, so no account's queue prefix
    /// (<c>{username}.</c>) can be another's.
    /// </summary>
    public string Username { get; private set; } = "";
    /// <summary>Subject (<c>sub</c>) of the gestionnaire who created it.</summary>
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    private BrokerAccount()
    {
    }

    public static BrokerAccount Create(string name, string createdBy, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var slug = Slug(name);
        // The end of a version 7 id is random: two accounts of one name still get two usernames.
        var suffix = id.ToString("N")[^6..];
        return new BrokerAccount
        {
            Id = id,
            Name = name,
            Username = slug.Length == 0 ? $"{UsernamePrefix}{suffix}" : $"{UsernamePrefix}{slug}-{suffix}",
            CreatedBy = createdBy,
            CreatedAt = now,
        };
    }

    /// <summary>Prefix of the queues this account may declare, bind and read: <c>{username}.</c></summary>
    public string QueuePrefix => Username + ".";

    /// <summary>
    /// RabbitMQ permissions on the virtual host: declare and delete only its own queues (configure), bind them
    /// (write on the queue), read them and bind from the partners' exchange only (read). Nothing else: no other
    /// exchange, no other account's queue, no publishing anywhere (the default exchange included).
    /// </summary>
    public BrokerPermissions Permissions
    {
        get
        {
            var ownQueues = $"{Regex.Escape(QueuePrefix)}.+";
            return new BrokerPermissions(
                Configure: $"^{ownQueues}$",
                Write: $"^{ownQueues}$",
                Read: $"^({ownQueues}|{Regex.Escape(PartnerExchange.Name)})$");
        }
    }

    /// <summary>Lower-case ASCII letters and digits of <paramref name="name"/>, words joined by '-'.</summary>
    private static string Slug(string name)
    {
        var ascii = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                ascii.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
            }
        }
        var slug = Dashes().Replace(ascii.ToString(), "-").Trim('-');
        return slug.Length <= MaxSlugLength ? slug : slug[..MaxSlugLength].TrimEnd('-');
    }

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();
}

/// <summary>The three regular expressions RabbitMQ checks an account's operations against.</summary>
public sealed record BrokerPermissions(string Configure, string Write, string Read);
