using Fabriques.Contracts.Partners;
using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Tests.Domain;

/// <summary>
/// The permissions a partner account gets on the broker (checked here with .NET's regular expressions, which read
/// these patterns as RabbitMQ's PCRE does).
/// </summary>
public sealed class BrokerAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Région Bretagne", "partner-region-bretagne-")]
    [InlineData("  Préfecture.d'Île-de-France  ", "partner-prefecture-d-ile-de-france-")]
    [InlineData("…", "partner-")]
    public void The_username_is_the_name_in_plain_ascii_without_dots_and_a_random_suffix(string name, string start)
    {
        var account = BrokerAccount.Create(name.Trim(), "gestionnaire", Now);

        Assert.StartsWith(start, account.Username, StringComparison.Ordinal);
        Assert.Matches("^partner-[a-z0-9-]*[0-9a-f]{6}$", account.Username);
        Assert.True(account.Username.Length <= BrokerAccount.MaxUsernameLength);
    }

    [Fact]
    public void Two_accounts_of_one_name_get_two_usernames()
    {
        Assert.NotEqual(BrokerAccount.Create("Région Bretagne", "g", Now).Username, BrokerAccount.Create("Région Bretagne", "g", Now).Username);
    }

    [Fact]
    public void It_may_declare_bind_and_read_its_own_queues_and_read_only_the_partners_exchange()
    {
        var account = BrokerAccount.Create("Acme", "g", Now);
        var permissions = account.Permissions;
        var own = account.QueuePrefix + "events";

        Assert.Matches(permissions.Configure, own);
        Assert.Matches(permissions.Write, own);
        Assert.Matches(permissions.Read, own);
        Assert.Matches(permissions.Read, PartnerExchange.Name);
        Assert.DoesNotMatch(permissions.Write, PartnerExchange.Name);
        Assert.DoesNotMatch(permissions.Configure, PartnerExchange.Name);
    }

    [Theory]
    [InlineData("Fabriques.Contracts.Candidature:CandidatureSubmitted")]
    [InlineData("notification-emails")]
    [InlineData("amq.default")]
    [InlineData("amq.topic")]
    [InlineData("events")]
    public void It_may_touch_nothing_of_the_platform(string resource)
    {
        var permissions = BrokerAccount.Create("Acme", "g", Now).Permissions;

        Assert.All([permissions.Configure, permissions.Write, permissions.Read], pattern => Assert.DoesNotMatch(pattern, resource));
    }

    [Fact]
    public void It_may_not_touch_another_accounts_queues_even_one_whose_name_starts_alike()
    {
        var acme = BrokerAccount.Create("Acme", "g", Now);
        var acmeBis = BrokerAccount.Create("Acme bis", "g", Now);
        var queueOfOther = acmeBis.QueuePrefix + "events";

        Assert.All([acme.Permissions.Configure, acme.Permissions.Write, acme.Permissions.Read],
            pattern => Assert.DoesNotMatch(pattern, queueOfOther));
        Assert.DoesNotMatch(acme.Permissions.Read, acme.QueuePrefix); // the prefix alone names no queue
    }
}
